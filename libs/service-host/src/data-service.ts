import type { ServiceDatabase } from '@ledgerline/db';
import { startGrpcServer, type ServiceRegistration } from '@ledgerline/grpc';
import type { Logger } from '@ledgerline/telemetry';
import type { DataServiceConfig } from './config.js';
import { sqlIdempotencyRecords } from './idempotency-records.js';
import { startMessaging, type ConsumerRegistration } from './messaging.js';
import type { RunningService } from './run.js';

export interface DataServiceOptions<Tx> {
  serviceName: string;
  config: DataServiceConfig;
  logger: Logger;
  database: ServiceDatabase<Tx>;
  grpcServices: readonly ServiceRegistration[];
  /** Topics this service publishes to through its outbox. */
  publishes?: readonly string[];
  consumers?: readonly ConsumerRegistration<Tx>[];
  /** Advisory lock key of this service's outbox relay: one relay replica publishes at a time. */
  outboxLockKey: number;
}

export interface RunningDataService extends RunningService {
  grpcPort: number;
  /** Wakes the outbox relay after a transaction that enqueued events has committed. */
  notifyOutbox(): void;
}

/**
 * Starts what every data-owning service runs: its database check, its Kafka side (topics,
 * outbox relay, idempotent consumers) and its gRPC server with health. The gRPC health turns
 * SERVING only once all of it is up; stopping reverses the order so nothing in flight is lost.
 */
export async function startDataService<Tx>(options: DataServiceOptions<Tx>): Promise<RunningDataService> {
  const { config, database, logger } = options;
  await database.check();
  const messaging = await startMessaging({
    clientId: options.serviceName,
    brokers: config.KAFKA_BROKERS,
    store: database.store,
    logger,
    publishes: options.publishes ?? [],
    consumers: (options.consumers ?? []).map((consumer) => ({
      ...consumer,
      groupId: `${config.KAFKA_CONSUMER_GROUP_PREFIX}${consumer.groupId}`,
    })),
    outboxLockKey: options.outboxLockKey,
    topicPrefix: config.KAFKA_TOPIC_PREFIX,
  });
  const grpc = await startGrpcServer({
    host: config.GRPC_HOST,
    port: config.GRPC_PORT,
    services: options.grpcServices,
    logger,
    idempotency: sqlIdempotencyRecords(database.store.direct),
  });
  grpc.health.setServing(true);
  logger.info({ grpcPort: grpc.port }, 'gRPC serving');
  return {
    grpcPort: grpc.port,
    notifyOutbox: () => messaging.relay.notify(),
    async isReady() {
      await database.check();
      return grpc.health.isServing();
    },
    async stop() {
      await grpc.shutdown(config.SHUTDOWN_GRACE_MS);
      await messaging.stop();
      await database.disconnect();
    },
  };
}
