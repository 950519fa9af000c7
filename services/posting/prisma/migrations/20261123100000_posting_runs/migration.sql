-- Posting runs (DESIGN 4.3): a selection, its report (produced first), and, once committed,
-- what became of each document. The report's totals are kept as JSON because they are written
-- once and only ever read whole; the documents are rows because a run may hold 100,000.
CREATE TABLE "posting_run" (
    "company_id" TEXT NOT NULL,
    "posting_run_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "selection" JSONB NOT NULL,
    "credit_check_mode" TEXT NOT NULL,
    "credit_correction" BOOLEAN NOT NULL,
    "description" TEXT NOT NULL,
    "request_fingerprint" TEXT NOT NULL,
    "document_count" INTEGER NOT NULL,
    "postable_count" INTEGER NOT NULL,
    "blocked_count" INTEGER NOT NULL,
    "customer_items_to_create" INTEGER NOT NULL,
    "customer_totals" JSONB NOT NULL,
    "account_totals" JSONB NOT NULL,
    "recurring_run_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reported_at" TIMESTAMPTZ(3) NOT NULL,
    "committed_at" TIMESTAMPTZ(3),
    "completed_at" TIMESTAMPTZ(3),
    CONSTRAINT "posting_run_pkey" PRIMARY KEY ("company_id","posting_run_id"),
    CONSTRAINT "posting_run_status_check" CHECK ("status" IN ('REPORTED','COMMITTING','COMPLETED'))
);

-- One row per selected document: what the report said of it, and after the commit its result.
-- result is NULL until the run is committed; PENDING once posting was requested.
CREATE TABLE "posting_run_document" (
    "company_id" TEXT NOT NULL,
    "posting_run_id" TEXT NOT NULL,
    "invoice_id" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "customer_id" TEXT NOT NULL,
    "draft_number" TEXT NOT NULL,
    "document_type" TEXT NOT NULL,
    "invoice_date" DATE NOT NULL,
    "due_date" DATE,
    "currency" TEXT NOT NULL,
    "total_amount" NUMERIC(20,4) NOT NULL,
    "customer_items_to_create" INTEGER NOT NULL,
    "blockers" JSONB NOT NULL,
    "result" TEXT,
    "result_reasons" JSONB NOT NULL DEFAULT '[]',
    "invoice_number" TEXT,
    "transaction_number" BIGINT,
    "ledger_entry_id" TEXT,
    "requested_at" TIMESTAMPTZ(3),
    "completed_at" TIMESTAMPTZ(3),
    CONSTRAINT "posting_run_document_pkey" PRIMARY KEY ("company_id","posting_run_id","invoice_id"),
    CONSTRAINT "posting_run_document_result_check" CHECK ("result" IN ('PENDING','POSTED','FAILED'))
);
CREATE INDEX "posting_run_document_position_idx" ON "posting_run_document"("company_id","posting_run_id","position");
