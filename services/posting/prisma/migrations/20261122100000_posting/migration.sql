-- CreateEnum
CREATE TYPE "document_type" AS ENUM ('SALES_ORDER', 'FREE_TEXT', 'DEBIT_MEMO', 'CREDIT_MEMO');

-- CreateEnum
CREATE TYPE "posting_status" AS ENUM ('PENDING', 'POSTED', 'FAILED');

-- CreateTable
CREATE TABLE "posting_outcome" (
    "company_id" TEXT NOT NULL,
    "invoice_id" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "document_type" "document_type",
    "status" "posting_status" NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "total_amount" DECIMAL(20,4) NOT NULL,
    "invoice_number" TEXT,
    "transaction_number" BIGINT,
    "ledger_entry_id" TEXT,
    "reasons" JSONB NOT NULL DEFAULT '[]',
    "posting_run_id" TEXT,
    "request_event_id" UUID NOT NULL,
    "requested_at" TIMESTAMPTZ(3) NOT NULL,
    "completed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "posting_outcome_pkey" PRIMARY KEY ("company_id","invoice_id")
);

-- CreateTable
CREATE TABLE "posting_profile" (
    "company_id" TEXT NOT NULL,
    "posting_group" TEXT NOT NULL,
    "receivable_account" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "posting_profile_pkey" PRIMARY KEY ("company_id","posting_group")
);
