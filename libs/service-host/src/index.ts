export { baseServiceConfigShape, dataServiceConfigShape } from './config.js';
export { startHealthEndpoints, type HealthEndpoints } from './health-http.js';
export {
  EVENT_TOPIC_PARTITIONS,
  startMessaging,
  type ConsumerRegistration,
  type Messaging,
  type MessagingOptions,
} from './messaging.js';
export { runService, serviceHostOptions, type RunningService, type ServiceHostOptions } from './run.js';
export { startDataService, type DataServiceOptions, type RunningDataService } from './data-service.js';
export { runMigrateCommand } from './migrate-command.js';
export type { DataServiceConfig } from './config.js';
export { IDEMPOTENCY_EXPIRED_PURGE_MAX, IDEMPOTENCY_RECORD_DDL, sqlIdempotencyRecords } from './idempotency-records.js';
