import { randomUUID } from 'node:crypto';
import { ledgerV1 } from '@ledgerline/contracts';
import { createPgPool, pgStore, type SqlExecutor } from '@ledgerline/db';
import {
  createGrpcClient,
  GrpcStatus,
  GrpcStatusError,
  IDEMPOTENCY_CLAIM_LEASE_MS,
  IDEMPOTENCY_KEY_BYTES_MAX,
  IDEMPOTENCY_KEY_IN_USE,
  IDEMPOTENCY_KEY_REUSED,
  IDEMPOTENCY_RECORD_RETENTION_MS,
  isServiceError,
  reasonOf,
  serviceRegistration,
  startGrpcServer,
  type PromiseClient,
  type RunningGrpcServer,
} from '@ledgerline/grpc';
import { createTestDatabase, testLogger, type TestDatabase } from '@ledgerline/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { IDEMPOTENCY_EXPIRED_PURGE_MAX, IDEMPOTENCY_RECORD_DDL, sqlIdempotencyRecords } from '../src/index.js';

/**
 * The idempotency records of a data service, through a real gRPC server and client and a real
 * Postgres table made from the shared DDL. The service behind them is a ClosePeriod that counts
 * its runs and answers the count, so a test can tell a recorded answer from a second run.
 */
const { postgresAdminUrl } = inject('infrastructure');
let database: TestDatabase;
let pool: ReturnType<typeof createPgPool>;
let sql: SqlExecutor;
let server: RunningGrpcServer;
let bareServer: RunningGrpcServer;
let client: PromiseClient<ledgerV1.LedgerServiceClient>;
let bareClient: PromiseClient<ledgerV1.LedgerServiceClient>;

const FIRST_CLAIM = '00000000-0000-4000-8000-000000000001';
const SECOND_CLAIM = '00000000-0000-4000-8000-000000000002';

/** Runs of the handler so far. */
let runs = 0;
/** When set, the handler waits for it before answering. */
let gate: Promise<void> | undefined;

const ledger = {
  async closePeriod(request: ledgerV1.ClosePeriodRequest): Promise<ledgerV1.ClosePeriodResponse> {
    runs += 1;
    const run = runs;
    await gate;
    if (request.period === 'missing') throw new GrpcStatusError(GrpcStatus.NOT_FOUND, 'no such period');
    if (request.period === 'refused') {
      return { result: { $case: 'rejection', value: { errors: [{ code: 'INVALID_STATE', message: `refused in run ${run}`, fieldPath: '' }] } } };
    }
    return { result: { $case: 'period', value: { period: request.period, startDate: `run-${run}`, endDate: '', closed: true } } };
  },
};

const close = (period: string, idempotencyKey?: string) =>
  client.closePeriod({ companyId: 'c1', period }, idempotencyKey === undefined ? {} : { idempotencyKey });

const answeredRun = (response: ledgerV1.ClosePeriodResponse) =>
  response.result?.$case === 'period' ? response.result.value.startDate : response.result?.value.errors[0]?.message;

/** A gRPC error as the client rejects with it. */
type CallFailure = Parameters<typeof reasonOf>[0];

async function failureOf(call: Promise<unknown>): Promise<CallFailure> {
  const error: unknown = await call.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  if (!isServiceError(error)) throw new Error(`expected a gRPC error, got ${String(error)}`);
  return error;
}

const codeOf = async (call: Promise<unknown>) => (await failureOf(call)).code;

beforeAll(async () => {
  database = await createTestDatabase(postgresAdminUrl, 'idempotency');
  pool = createPgPool(database.url, 4);
  sql = pgStore(pool).direct;
  await sql.execute(IDEMPOTENCY_RECORD_DDL, []);
  const registration = serviceRegistration<ledgerV1.LedgerServiceServer>('ledger.v1.LedgerService', ledgerV1.LedgerServiceService, ledger);
  server = await startGrpcServer({ host: '127.0.0.1', port: 0, logger: testLogger('idempotency'), services: [registration], idempotency: sqlIdempotencyRecords(sql) });
  bareServer = await startGrpcServer({ host: '127.0.0.1', port: 0, logger: testLogger('idempotency-bare'), services: [registration] });
  client = createGrpcClient(ledgerV1.LedgerServiceClient, { address: `127.0.0.1:${server.port}` });
  bareClient = createGrpcClient(ledgerV1.LedgerServiceClient, { address: `127.0.0.1:${bareServer.port}` });
});

afterAll(async () => {
  client?.close();
  bareClient?.close();
  await server?.shutdown(100);
  await bareServer?.shutdown(100);
  await pool?.end();
  await database?.drop();
});

beforeEach(async () => {
  runs = 0;
  gate = undefined;
  await sql.execute('DELETE FROM idempotency_record', []);
});

describe('idempotency records of a data service', () => {
  it('answers a repeat with the same key and request with the first answer, without running it again', async () => {
    const first = await close('2026-03', 'k1');
    const repeat = await close('2026-03', 'k1');
    expect(answeredRun(first)).toBe('run-1');
    expect(answeredRun(repeat)).toBe('run-1');
    expect(runs).toBe(1);
  });

  it('runs a call without a key every time', async () => {
    await close('2026-03');
    const second = await close('2026-03');
    expect(answeredRun(second)).toBe('run-2');
  });

  it('refuses the key with another request as ALREADY_EXISTS and runs nothing', async () => {
    await close('2026-03', 'k1');
    const reused = await failureOf(close('2026-04', 'k1'));
    expect([reused.code, reasonOf(reused)]).toEqual([GrpcStatus.ALREADY_EXISTS, IDEMPOTENCY_KEY_REUSED]);
    expect(runs).toBe(1);
  });

  it('refuses a repeat while the first is still running as ABORTED, then answers it once the first is done', async () => {
    let open: () => void = () => undefined;
    gate = new Promise((resolve) => (open = resolve));
    const first = close('2026-03', 'k1');
    await expect.poll(() => runs).toBe(1);
    const inUse = await failureOf(close('2026-03', 'k1'));
    expect([inUse.code, reasonOf(inUse)]).toEqual([GrpcStatus.ABORTED, IDEMPOTENCY_KEY_IN_USE]);
    open();
    expect(answeredRun(await first)).toBe('run-1');
    expect(answeredRun(await close('2026-03', 'k1'))).toBe('run-1');
    expect(runs).toBe(1);
  });

  it('records no refusal: the write changed nothing, so a retry with the key runs again', async () => {
    const first = await close('refused', 'k1');
    const retry = await close('refused', 'k1');
    expect([answeredRun(first), answeredRun(retry)]).toEqual(['refused in run 1', 'refused in run 2']);
    expect(await sql.query('SELECT key FROM idempotency_record', [])).toEqual([]);
  });

  it('records no error status: the key is free for a retry, which runs again', async () => {
    expect(await codeOf(close('missing', 'k1'))).toBe(GrpcStatus.NOT_FOUND);
    expect(await codeOf(close('missing', 'k1'))).toBe(GrpcStatus.NOT_FOUND);
    expect(runs).toBe(2);
    expect(await sql.query('SELECT key FROM idempotency_record', [])).toEqual([]);
  });

  it('lets a repeat of the same request take over a claim left unanswered beyond the lease, and no other request', async () => {
    await close('2026-03', 'k1');
    await sql.execute(
      `UPDATE idempotency_record SET response = NULL, answered_at = NULL, claimed_at = now() - make_interval(secs => $1::float8)`,
      [IDEMPOTENCY_CLAIM_LEASE_MS / 1_000 + 1],
    );
    expect(await codeOf(close('2026-04', 'k1'))).toBe(GrpcStatus.ALREADY_EXISTS);
    expect(answeredRun(await close('2026-03', 'k1'))).toBe('run-2');
    expect(answeredRun(await close('2026-03', 'k1'))).toBe('run-2');
  });

  it('ties an answer and a release to their claim: a run that outlived its lease touches no later claim', async () => {
    const records = sqlIdempotencyRecords(sql);
    expect(await records.claim('k1', 'fp', FIRST_CLAIM)).toEqual({ kind: 'claimed', claimId: FIRST_CLAIM });
    await sql.execute(`UPDATE idempotency_record SET claimed_at = now() - make_interval(secs => $1::float8)`, [IDEMPOTENCY_CLAIM_LEASE_MS / 1_000 + 1]);
    expect(await records.claim('k1', 'fp', SECOND_CLAIM)).toEqual({ kind: 'claimed', claimId: SECOND_CLAIM });
    expect(await records.answer('k1', FIRST_CLAIM, Buffer.from('late'))).toBe(false);
    await records.release('k1', FIRST_CLAIM);
    expect(await records.answer('k1', SECOND_CLAIM, Buffer.from('second'))).toBe(true);
    expect(await records.claim('k1', 'fp', randomUUID())).toEqual({ kind: 'answered', response: Buffer.from('second') });
  });

  it('purges at most a bounded number of expired records per claim, and claims afresh a key whose record expired', async () => {
    await close('2026-03', 'k1');
    const retentionSeconds = IDEMPOTENCY_RECORD_RETENTION_MS / 1_000;
    await sql.execute(`UPDATE idempotency_record SET claimed_at = now() - make_interval(secs => $1::float8)`, [retentionSeconds + 1]);
    await sql.execute(
      `INSERT INTO idempotency_record (key, fingerprint, claim_id, response, claimed_at, answered_at)
       SELECT 'old-' || i, 'fp', gen_random_uuid(), '\\x00', now() - make_interval(secs => $1::float8), now() - make_interval(secs => $1::float8)
         FROM generate_series(1, $2::int) AS i`,
      [retentionSeconds + 60, IDEMPOTENCY_EXPIRED_PURGE_MAX + 1],
    );
    // The claim purges the oldest expired records only, so k1's stays and is taken over as expired.
    expect(answeredRun(await close('2026-04', 'k1'))).toBe('run-2');
    const left = (await sql.query<{ key: string }>('SELECT key FROM idempotency_record', [])).map((row) => row.key);
    expect([left.includes('k1'), left.filter((key) => key.startsWith('old-')).length]).toEqual([true, 1]);
  });

  it('keeps a claim within its lease: a repeat of a call still running elsewhere is refused', async () => {
    await close('2026-03', 'k1');
    await sql.execute('UPDATE idempotency_record SET response = NULL, answered_at = NULL', []);
    expect(await codeOf(close('2026-03', 'k1'))).toBe(GrpcStatus.ABORTED);
    expect(runs).toBe(1);
  });

  it('forgets a key after the retention: the key then names a new write, and expired records are deleted', async () => {
    await close('2026-03', 'k1');
    await close('2026-03', 'k2');
    await sql.execute(`UPDATE idempotency_record SET claimed_at = now() - make_interval(secs => $1::float8)`, [IDEMPOTENCY_RECORD_RETENTION_MS / 1_000 + 1]);
    expect(answeredRun(await close('2026-04', 'k1'))).toBe('run-3');
    const keys = await sql.query<{ key: string }>('SELECT key FROM idempotency_record ORDER BY key', []);
    expect(keys.map((row) => row.key)).toEqual(['k1']);
  });

  it('refuses a keyed call on a server that records no keys, and runs nothing', async () => {
    expect(await codeOf(bareClient.closePeriod({ companyId: 'c1', period: '2026-03' }, { idempotencyKey: 'k1' }))).toBe(GrpcStatus.UNIMPLEMENTED);
    expect(runs).toBe(0);
  });

  it('refuses a key longer than a record takes', async () => {
    expect(await codeOf(close('2026-03', 'k'.repeat(IDEMPOTENCY_KEY_BYTES_MAX + 1)))).toBe(GrpcStatus.INVALID_ARGUMENT);
    expect(runs).toBe(0);
  });
});
