import type { SqlExecutor } from '@ledgerline/db';
import {
  IDEMPOTENCY_CLAIM_LEASE_MS,
  IDEMPOTENCY_RECORD_RETENTION_MS,
  type IdempotencyClaim,
  type IdempotencyRecords,
} from '@ledgerline/grpc';

/**
 * The table a data service keeps its idempotency records in. Each service copies this statement
 * into its own migrations (its migrations stay inside it); the service's basics test checks the
 * copy still matches.
 */
export const IDEMPOTENCY_RECORD_DDL = `CREATE TABLE "idempotency_record" (
    "key" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "claim_id" UUID NOT NULL,
    "response" BYTEA,
    "claimed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "answered_at" TIMESTAMPTZ(3),
    CONSTRAINT "idempotency_record_pkey" PRIMARY KEY ("key")
);
CREATE INDEX "idempotency_record_claimed_at_idx" ON "idempotency_record"("claimed_at");`;

/** Most expired records one claim deletes, so the table stays bounded without a sweeper of its own. */
export const IDEMPOTENCY_EXPIRED_PURGE_MAX = 100;

interface RecordRow {
  fingerprint: string;
  response: Buffer | Uint8Array | null;
}

/**
 * Idempotency records in the service's own database, each statement on its own (autocommit):
 * a claim must be visible to a concurrent repeat before the handler's transaction commits.
 */
export function sqlIdempotencyRecords(sql: SqlExecutor): IdempotencyRecords {
  const retentionSeconds = IDEMPOTENCY_RECORD_RETENTION_MS / 1_000;
  const leaseSeconds = IDEMPOTENCY_CLAIM_LEASE_MS / 1_000;
  return {
    async claim(key, fingerprint, claimId): Promise<IdempotencyClaim> {
      // Rows another claim is purging are skipped, so concurrent claims never wait on each other here.
      await sql.execute(
        `DELETE FROM idempotency_record WHERE key IN (
           SELECT key FROM idempotency_record WHERE claimed_at < now() - make_interval(secs => $1::float8)
            ORDER BY claimed_at LIMIT $2::int FOR UPDATE SKIP LOCKED)`,
        [retentionSeconds, IDEMPOTENCY_EXPIRED_PURGE_MAX],
      );
      // A new key is claimed; so is one whose record expired, or whose claim for the same request
      // outlived the lease without an answer (its service died while running it).
      const claimed = await sql.query<{ key: string }>(
        `INSERT INTO idempotency_record (key, fingerprint, claim_id) VALUES ($1::text, $2::text, $5::uuid)
         ON CONFLICT (key) DO UPDATE
            SET fingerprint = EXCLUDED.fingerprint, claim_id = EXCLUDED.claim_id, response = NULL, claimed_at = now(), answered_at = NULL
          WHERE idempotency_record.claimed_at < now() - make_interval(secs => $3::float8)
             OR (idempotency_record.answered_at IS NULL
                 AND idempotency_record.fingerprint = EXCLUDED.fingerprint
                 AND idempotency_record.claimed_at < now() - make_interval(secs => $4::float8))
         RETURNING key`,
        [key, fingerprint, retentionSeconds, leaseSeconds, claimId],
      );
      if (claimed.length > 0) return { kind: 'claimed', claimId };
      const [record] = await sql.query<RecordRow>('SELECT fingerprint, response FROM idempotency_record WHERE key = $1::text', [key]);
      if (record === undefined) return { kind: 'vanished' };
      if (record.fingerprint !== fingerprint) return { kind: 'other-request' };
      if (record.response === null) return { kind: 'running' };
      return { kind: 'answered', response: Buffer.from(record.response) };
    },
    async answer(key, claimId, response) {
      const updated = await sql.execute(
        'UPDATE idempotency_record SET response = $3::bytea, answered_at = now() WHERE key = $1::text AND claim_id = $2::uuid AND answered_at IS NULL',
        [key, claimId, response],
      );
      return updated === 1;
    },
    async release(key, claimId) {
      await sql.execute('DELETE FROM idempotency_record WHERE key = $1::text AND claim_id = $2::uuid AND answered_at IS NULL', [key, claimId]);
    },
  };
}
