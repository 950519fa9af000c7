-- CreateEnum
CREATE TYPE "company_template" AS ENUM ('STANDARD');

-- CreateEnum
CREATE TYPE "account_type" AS ENUM ('ASSET', 'LIABILITY', 'EQUITY', 'REVENUE', 'EXPENSE');

-- CreateEnum
CREATE TYPE "number_sequence_kind" AS ENUM ('TRANSACTION', 'DOCUMENT');

-- CreateEnum
CREATE TYPE "journal_type" AS ENUM ('AR_DISTRIBUTION', 'CASH_RECEIPTS', 'INCOME_SCHEDULE', 'GENERAL');

-- CreateEnum
CREATE TYPE "source_type" AS ENUM ('INVOICE', 'PAYMENT', 'INCOME_SCHEDULE');

-- CreateTable
CREATE TABLE "company" (
    "company_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "home_currency" CHAR(3) NOT NULL,
    "reporting_currency" CHAR(3) NOT NULL,
    "fiscal_year_start" DATE NOT NULL,
    "template" "company_template" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "company_pkey" PRIMARY KEY ("company_id")
);

-- CreateTable
CREATE TABLE "company_settings" (
    "company_id" TEXT NOT NULL,
    "require_customer_item_confirmation" BOOLEAN NOT NULL,
    "background_posting_line_threshold" INTEGER NOT NULL,
    "post_zero_price_lines_to_revenue" BOOLEAN NOT NULL,
    "sequential_line_numbers" BOOLEAN NOT NULL,
    "default_credit_terms_id" TEXT NOT NULL,
    "rounding_account" TEXT NOT NULL,
    "receivable_account" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "company_settings_pkey" PRIMARY KEY ("company_id")
);

-- CreateTable
CREATE TABLE "account" (
    "company_id" TEXT NOT NULL,
    "account" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" "account_type" NOT NULL,
    "control" BOOLEAN NOT NULL,

    CONSTRAINT "account_pkey" PRIMARY KEY ("company_id","account")
);

-- CreateTable
CREATE TABLE "fiscal_period" (
    "company_id" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "start_date" DATE NOT NULL,
    "end_date" DATE NOT NULL,
    "closed" BOOLEAN NOT NULL DEFAULT false,
    "closed_at" TIMESTAMPTZ(3),

    CONSTRAINT "fiscal_period_pkey" PRIMARY KEY ("company_id","period")
);

-- CreateTable
CREATE TABLE "tax_code" (
    "company_id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "rate_percent" DECIMAL(9,4) NOT NULL,
    "payable_account" TEXT NOT NULL,

    CONSTRAINT "tax_code_pkey" PRIMARY KEY ("company_id","code")
);

-- CreateTable
CREATE TABLE "credit_terms" (
    "company_id" TEXT NOT NULL,
    "credit_terms_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "net_days" INTEGER NOT NULL,
    "discount_percent" DECIMAL(9,4),
    "discount_days" INTEGER NOT NULL,

    CONSTRAINT "credit_terms_pkey" PRIMARY KEY ("company_id","credit_terms_id")
);

-- CreateTable
CREATE TABLE "exchange_rate" (
    "company_id" TEXT NOT NULL,
    "from_currency" CHAR(3) NOT NULL,
    "to_currency" CHAR(3) NOT NULL,
    "valid_from" DATE NOT NULL,
    "rate" DECIMAL(24,10) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "exchange_rate_pkey" PRIMARY KEY ("company_id","from_currency","to_currency","valid_from")
);

-- CreateTable
CREATE TABLE "number_sequence" (
    "company_id" TEXT NOT NULL,
    "kind" "number_sequence_kind" NOT NULL,
    "name" TEXT NOT NULL,
    "last_value" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "number_sequence_pkey" PRIMARY KEY ("company_id","kind","name")
);

-- CreateTable
CREATE TABLE "journal_entry" (
    "entry_id" UUID NOT NULL,
    "company_id" TEXT NOT NULL,
    "journal" "journal_type" NOT NULL,
    "transaction_number" BIGINT NOT NULL,
    "entry_date" DATE NOT NULL,
    "period" TEXT NOT NULL,
    "source_id" TEXT NOT NULL,
    "source_type" "source_type" NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "home_rate" DECIMAL(24,10),
    "reporting_rate" DECIMAL(24,10),
    "document_number" TEXT,
    "description" TEXT NOT NULL,
    "posted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "journal_entry_pkey" PRIMARY KEY ("entry_id")
);

-- CreateTable
CREATE TABLE "journal_line" (
    "entry_id" UUID NOT NULL,
    "line_number" INTEGER NOT NULL,
    "company_id" TEXT NOT NULL,
    "account" TEXT NOT NULL,
    "amount" DECIMAL(20,4) NOT NULL,
    "home_amount" DECIMAL(20,4) NOT NULL,
    "reporting_amount" DECIMAL(20,4) NOT NULL,
    "description" TEXT NOT NULL,
    "customer_id" TEXT,
    "correction" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "journal_line_pkey" PRIMARY KEY ("entry_id","line_number")
);

-- CreateIndex
CREATE INDEX "journal_entry_company_id_entry_date_idx" ON "journal_entry"("company_id", "entry_date");

-- CreateIndex
CREATE UNIQUE INDEX "journal_entry_company_id_source_id_key" ON "journal_entry"("company_id", "source_id");

-- CreateIndex
CREATE UNIQUE INDEX "journal_entry_company_id_journal_transaction_number_key" ON "journal_entry"("company_id", "journal", "transaction_number");

-- CreateIndex
CREATE INDEX "journal_line_company_id_account_customer_id_idx" ON "journal_line"("company_id", "account", "customer_id");

-- AddForeignKey
ALTER TABLE "company_settings" ADD CONSTRAINT "company_settings_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "company"("company_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "account" ADD CONSTRAINT "account_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "company"("company_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "fiscal_period" ADD CONSTRAINT "fiscal_period_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "company"("company_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tax_code" ADD CONSTRAINT "tax_code_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "company"("company_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "credit_terms" ADD CONSTRAINT "credit_terms_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "company"("company_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "journal_line" ADD CONSTRAINT "journal_line_entry_id_fkey" FOREIGN KEY ("entry_id") REFERENCES "journal_entry"("entry_id") ON DELETE CASCADE ON UPDATE CASCADE;
