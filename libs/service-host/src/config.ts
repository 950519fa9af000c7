import { durationMs, hostPortList, logLevel, port, postgresUrl, z } from '@ledgerline/config';

/** Variables every service reads, whatever it does. */
export function baseServiceConfigShape(defaults: { grpcPort: number; healthPort: number }) {
  return {
    GRPC_HOST: z.string().min(1).default('127.0.0.1'),
    GRPC_PORT: port(defaults.grpcPort),
    HEALTH_HOST: z.string().min(1).default('127.0.0.1'),
    HEALTH_PORT: port(defaults.healthPort),
    LOG_LEVEL: logLevel(),
    OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
  };
}

/** Variables of a service that owns a database and talks to Kafka. */
export function dataServiceConfigShape(defaults: { grpcPort: number; healthPort: number }) {
  return {
    ...baseServiceConfigShape(defaults),
    DATABASE_URL: postgresUrl(),
    DATABASE_POOL_SIZE_MAX: z.coerce.number().int().min(1).max(200).default(10),
    KAFKA_BROKERS: hostPortList(),
    /**
     * Prepended to every consumer group id. Empty in production; tests that run several instances
     * of a service against one broker give each its own, so they do not share partitions.
     */
    KAFKA_CONSUMER_GROUP_PREFIX: z.string().regex(/^[A-Za-z0-9._-]*$/).default(''),
    /**
     * Prepended to every topic name. Empty in production; a whole system started for an
     * end-to-end run or a benchmark uses its own, so it never sees other systems' events.
     */
    KAFKA_TOPIC_PREFIX: z.string().regex(/^[A-Za-z0-9._-]*$/).default(''),
    SHUTDOWN_GRACE_MS: durationMs(10_000),
  };
}

/** The configuration every data service has, whatever it adds of its own. */
export type DataServiceConfig = z.infer<z.ZodObject<ReturnType<typeof dataServiceConfigShape>>>;
