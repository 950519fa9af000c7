import type { Kafka, Producer } from 'kafkajs';
import { PRODUCER_REQUEST_TIMEOUT_MS } from './limits.js';

/**
 * An idempotent producer waiting for all in-sync replicas: a retried send is written once, and
 * an acknowledged send survives a broker failure. One request in flight keeps per-partition order
 * under retries, which kafkajs's idempotence requires.
 */
export async function createProducer(kafka: Kafka): Promise<Producer> {
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    transactionTimeout: PRODUCER_REQUEST_TIMEOUT_MS,
  });
  await producer.connect();
  return producer;
}
