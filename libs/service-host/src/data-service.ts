import type { TransactionalStore } from '@ledgerline/db';
import { startGrpcServer, type ServiceRegistration } from '@ledgerline/grpc';
import type { Logger } from '@ledgerline/telemetry';
import { startMessaging, type ConsumerRegistration } from './messaging.js';
import type { RunningService } from './run.js';

export interface DataServiceOptions<Tx> {
  serviceName: string;
  grpcHost: string;
  grpcPort: number;
  kafkaBrokers: readonly string[];
  logger: Logger;
  store: TransactionalStore<Tx>;
  /** Throws when the database does not answer. */
  checkDatabase(): Promise<void>;
  disconnectDatabase(): Promise<void>;
  grpcServices: readonly ServiceRegistration[];
  publishes: readonly string[];
  consumers: readonly ConsumerRegistration<Tx>[];
  outboxLockKey: number;
  shutdownGraceMs: number;
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
  await options.checkDatabase();
  const messaging = await startMessaging({
    clientId: options.serviceName,
    brokers: options.kafkaBrokers,
    store: options.store,
    logger: options.logger,
    publishes: options.publishes,
    consumers: options.consumers,
    outboxLockKey: options.outboxLockKey,
  });
  const grpc = await startGrpcServer({
    host: options.grpcHost,
    port: options.grpcPort,
    services: options.grpcServices,
    logger: options.logger,
  });
  grpc.health.setServing(true);
  options.logger.info({ grpcPort: grpc.port }, 'gRPC serving');
  return {
    grpcPort: grpc.port,
    notifyOutbox: () => messaging.relay.notify(),
    async isReady() {
      await options.checkDatabase();
      return grpc.health.isServing();
    },
    async stop() {
      await grpc.shutdown(options.shutdownGraceMs);
      await messaging.stop();
      await options.disconnectDatabase();
    },
  };
}
