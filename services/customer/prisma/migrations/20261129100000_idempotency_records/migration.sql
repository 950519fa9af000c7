-- Idempotency keys of the writes that are idempotent by nature: the key, a fingerprint of the
-- request and the recorded answer (see libs/grpc/src/idempotency.ts). Copied from
-- IDEMPOTENCY_RECORD_DDL in libs/service-host; the service basics test checks the copy.
CREATE TABLE "idempotency_record" (
    "key" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "claim_id" UUID NOT NULL,
    "response" BYTEA,
    "claimed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "answered_at" TIMESTAMPTZ(3),
    CONSTRAINT "idempotency_record_pkey" PRIMARY KEY ("key")
);
CREATE INDEX "idempotency_record_claimed_at_idx" ON "idempotency_record"("claimed_at");
