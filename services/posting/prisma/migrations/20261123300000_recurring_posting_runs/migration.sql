-- Recurring posting runs (DESIGN 4.3): a saved selection that runs on a schedule, its date ranges
-- moved by one increment per occurrence. claimed_until is a lease: the replica running an
-- occurrence holds it, so two replicas never run the same occurrence at once, and a crashed
-- one's lease runs out and the occurrence is run again (idempotently) by whoever comes next.
CREATE TABLE "recurring_posting_run" (
    "company_id" TEXT NOT NULL,
    "recurring_run_id" TEXT NOT NULL,
    "selection" JSONB NOT NULL,
    "increment" TEXT NOT NULL,
    "credit_check_mode" TEXT NOT NULL,
    "credit_correction" BOOLEAN NOT NULL,
    "description" TEXT NOT NULL,
    "request_fingerprint" TEXT NOT NULL,
    "first_run_at" TIMESTAMPTZ(3) NOT NULL,
    "occurrences" INTEGER NOT NULL DEFAULT 0,
    "next_run_at" TIMESTAMPTZ(3) NOT NULL,
    "posting_run_ids" TEXT[] NOT NULL DEFAULT '{}',
    "claimed_until" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "recurring_posting_run_pkey" PRIMARY KEY ("company_id","recurring_run_id"),
    CONSTRAINT "recurring_posting_run_increment_check" CHECK ("increment" IN ('DAY','WEEK','MONTH'))
);
CREATE INDEX "recurring_posting_run_due_idx" ON "recurring_posting_run"("next_run_at");
