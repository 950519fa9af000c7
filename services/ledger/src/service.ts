import { startDataService, type RunningDataService } from '@ledgerline/service-host';
import type { Logger } from '@ledgerline/telemetry';
import { SERVICE_NAME, type LedgerConfig } from './config.js';
import { createLedgerApp } from './app/ledger-app.js';
import { createLedgerDatabase } from './db/client.js';
import { ledgerGrpcService } from './grpc/ledger-grpc.js';

const OUTBOX_LOCK_KEY = 1001;

/** Composition root of the ledger service. */
export async function startLedgerService(config: LedgerConfig, logger: Logger): Promise<RunningDataService> {
  const database = createLedgerDatabase(config.DATABASE_URL, config.DATABASE_POOL_SIZE_MAX);
  return startDataService({
    serviceName: SERVICE_NAME,
    config,
    logger,
    database,
    grpcServices: [ledgerGrpcService(createLedgerApp(database))],
    outboxLockKey: OUTBOX_LOCK_KEY,
  });
}
