import { Partitioners, type Kafka, type Producer } from 'kafkajs';
import { PRODUCER_REQUEST_TIMEOUT_MS, PRODUCER_RETRY_BACKOFF_MAX_MS } from './limits.js';

/**
 * An idempotent producer waiting for all in-sync replicas: a retried send is written once, and
 * an acknowledged send survives a broker failure. One request in flight keeps per-partition order
 * under retries, which kafkajs's idempotence requires; so do unlimited retries (a bounded count
 * could reset the producer's sequence numbers). A stuck send is bounded by the caller instead:
 * the outbox relay's transaction times out and its rows are published again later.
 * The default partitioner is Java-compatible (murmur2), so keys land where other clients expect.
 */
export async function createProducer(kafka: Kafka): Promise<Producer> {
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
    retry: { retries: Number.MAX_SAFE_INTEGER, maxRetryTime: PRODUCER_RETRY_BACKOFF_MAX_MS },
    transactionTimeout: PRODUCER_REQUEST_TIMEOUT_MS,
  });
  await producer.connect();
  return producer;
}
