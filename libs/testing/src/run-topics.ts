import { createKafka, deleteTopicsContaining } from '@ledgerline/kafka';
import { createLogger } from '@ledgerline/telemetry';
import { runMarker } from './isolation.js';

/** Deletes the Kafka topics a test run created: their names carry the run's marker. */
export async function deleteRunTopics(brokers: readonly string[], run: string): Promise<number> {
  const kafka = createKafka({ clientId: `test-run-${run}-cleanup`, brokers, logger: createLogger('test-cleanup', 'warn') });
  return deleteTopicsContaining(kafka, runMarker(run));
}
