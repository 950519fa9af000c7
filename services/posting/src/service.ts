import { eventTopics } from '@ledgerline/contracts';
import { startDataService, type RunningDataService } from '@ledgerline/service-host';
import type { Logger } from '@ledgerline/telemetry';
import { rateCachedLedger } from './app/rate-cache.js';
import { SERVICE_NAME, type PostingConfig } from './config.js';
import { createPostingDatabase } from './db/client.js';
import { findPostedAfter } from './db/outcomes.js';
import { createBlockerSources } from './grpc/blocker-sources.js';
import { createLedgerClient } from './grpc/ledger-client.js';
import { postingGrpcService } from './grpc/posting-grpc.js';
import { postingRunHandlers } from './grpc/posting-run-grpc.js';
import { runInvoicingPort } from './grpc/run-invoicing.js';
import { CommitsInProgress, resumeCommits, type PostingRunContext } from './app/posting-runs.js';
import { RecurringScheduler } from './app/recurring-runs.js';
import { postingRequestedConsumer } from './kafka/posting-requested.js';

const OUTBOX_LOCK_KEY = 1003;

/** Composition root of the posting service. */
export async function startPostingService(config: PostingConfig, logger: Logger): Promise<RunningDataService> {
  const database = createPostingDatabase(config.DATABASE_URL, config.DATABASE_POOL_SIZE_MAX);
  const ledgerClient = createLedgerClient({ address: config.LEDGER_GRPC_ADDRESS, deadlineMs: config.GRPC_DEADLINE_MS });
  const ledger = rateCachedLedger(ledgerClient);
  const blockers = {
    ...createBlockerSources({
      ledger: config.LEDGER_GRPC_ADDRESS,
      customer: config.CUSTOMER_GRPC_ADDRESS,
      customerItem: config.CUSTOMER_ITEM_GRPC_ADDRESS,
      invoicing: config.INVOICING_GRPC_ADDRESS,
      deadlineMs: config.GRPC_DEADLINE_MS,
    }),
    postedNotInBalance: (companyId: string, customers: readonly { customerId: string; appliedTransactionNumber: bigint }[]) =>
      findPostedAfter(database.prisma, companyId, customers),
  };
  const runInvoicing = runInvoicingPort(config.INVOICING_GRPC_ADDRESS);
  const runs: PostingRunContext = { database, ledger, invoicing: runInvoicing, blockerSources: blockers, logger };
  const commits = new CommitsInProgress();
  let running: RunningDataService;
  try {
    running = await startDataService({
      serviceName: SERVICE_NAME,
      config,
      logger,
      database,
      grpcServices: [postingGrpcService(database.prisma, postingRunHandlers(runs, commits))],
      publishes: [eventTopics['posting.v1.InvoicePosted'], eventTopics['posting.v1.InvoicePostingFailed']],
      consumers: [postingRequestedConsumer({ ledger, blockers, logger, companyIds: config.POSTING_COMPANY_IDS })],
      outboxLockKey: OUTBOX_LOCK_KEY,
    });
  } catch (error) {
    ledgerClient.close();
    blockers.close();
    runInvoicing.close();
    throw error;
  }
  // A commit interrupted by a stop or a crash carries on where it was.
  await resumeCommits(runs, commits);
  const recurring = new RecurringScheduler(runs, commits, config.RECURRING_RUN_POLL_MS);
  recurring.start();
  return {
    ...running,
    async stop() {
      await recurring.stop();
      await commits.stop();
      await running.stop();
      ledgerClient.close();
      blockers.close();
      runInvoicing.close();
    },
  };
}
