export { ensureKafka, kafkaStatus, kafkaVersion, stopKafka, type KafkaInfo, type KafkaStatus } from './kafka.js';
export { ensurePostgres, postgresStatus, stopPostgres, type PostgresInfo, type PostgresStatus } from './postgres.js';
export { repoRoot } from './paths.js';
export {
  DATA_SERVICES,
  databaseName,
  RESTART_READY_TIMEOUT_MS,
  startSystem,
  systemOptionsFromEnv,
  type DataServiceName,
  type RunningSystem,
  type ServiceName,
  type SystemOptions,
} from './system.js';
