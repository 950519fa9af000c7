-- CreateEnum
CREATE TYPE "payment_terms" AS ENUM ('STANDARD', 'CASH_SALES_ONLY');

-- CreateEnum
CREATE TYPE "document_type" AS ENUM ('SALES_ORDER', 'FREE_TEXT', 'DEBIT_MEMO', 'CREDIT_MEMO');

-- CreateEnum
CREATE TYPE "credit_type" AS ENUM ('PAYMENT', 'CREDIT_MEMO');

-- CreateTable
CREATE TABLE "customer" (
    "company_id" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "credit_terms_id" TEXT,
    "payment_terms" "payment_terms" NOT NULL,
    "credit_limit" DECIMAL(20,4),
    "batch_cutoff_day" INTEGER,
    "posting_group" TEXT NOT NULL,
    "posted_balance" DECIMAL(20,4) NOT NULL DEFAULT 0,
    "last_invoice_date" DATE,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "customer_pkey" PRIMARY KEY ("company_id","customer_id")
);

-- CreateTable
CREATE TABLE "customer_sales" (
    "company_id" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "fiscal_year_start" DATE NOT NULL,
    "net_amount" DECIMAL(20,4) NOT NULL,

    CONSTRAINT "customer_sales_pkey" PRIMARY KEY ("company_id","customer_id","period")
);

-- CreateTable
CREATE TABLE "open_item" (
    "company_id" TEXT NOT NULL,
    "document_id" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "document_number" TEXT NOT NULL,
    "document_type" "document_type" NOT NULL,
    "document_date" DATE NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "amount" DECIMAL(20,4) NOT NULL,
    "remaining" DECIMAL(20,4) NOT NULL,
    "due_date" DATE NOT NULL,
    "discount_date" DATE,
    "discount_amount" DECIMAL(20,4),
    "ledger_entry_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "open_item_pkey" PRIMARY KEY ("company_id","document_id")
);

-- CreateTable
CREATE TABLE "payment" (
    "company_id" TEXT NOT NULL,
    "payment_id" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "amount" DECIMAL(20,4) NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "paid_date" DATE NOT NULL,
    "reference" TEXT NOT NULL,
    "requested_applications" JSONB NOT NULL,
    "unapplied_amount" DECIMAL(20,4) NOT NULL,
    "ledger_entry_id" TEXT NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "payment_pkey" PRIMARY KEY ("company_id","payment_id")
);

-- CreateTable
CREATE TABLE "application" (
    "id" BIGSERIAL NOT NULL,
    "company_id" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "credit_type" "credit_type" NOT NULL,
    "credit_id" TEXT NOT NULL,
    "document_id" TEXT NOT NULL,
    "amount" DECIMAL(20,4) NOT NULL,
    "at_recording" BOOLEAN NOT NULL DEFAULT false,
    "applied_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "application_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "open_item_company_id_customer_id_due_date_document_id_idx" ON "open_item"("company_id", "customer_id", "due_date", "document_id");

-- CreateIndex
CREATE INDEX "open_item_unsettled_idx" ON "open_item"("company_id", "customer_id") WHERE remaining <> 0;

-- CreateIndex
CREATE INDEX "payment_company_id_customer_id_paid_date_idx" ON "payment"("company_id", "customer_id", "paid_date");

-- CreateIndex
CREATE INDEX "payment_unapplied_idx" ON "payment"("company_id", "customer_id") WHERE unapplied_amount > 0;

-- CreateIndex
CREATE INDEX "application_company_id_credit_type_credit_id_idx" ON "application"("company_id", "credit_type", "credit_id");

-- CreateIndex
CREATE INDEX "application_company_id_document_id_idx" ON "application"("company_id", "document_id");

-- AddForeignKey
ALTER TABLE "customer_sales" ADD CONSTRAINT "customer_sales_company_id_customer_id_fkey" FOREIGN KEY ("company_id", "customer_id") REFERENCES "customer"("company_id", "customer_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "open_item" ADD CONSTRAINT "open_item_company_id_customer_id_fkey" FOREIGN KEY ("company_id", "customer_id") REFERENCES "customer"("company_id", "customer_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payment" ADD CONSTRAINT "payment_company_id_customer_id_fkey" FOREIGN KEY ("company_id", "customer_id") REFERENCES "customer"("company_id", "customer_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "application" ADD CONSTRAINT "application_company_id_document_id_fkey" FOREIGN KEY ("company_id", "document_id") REFERENCES "open_item"("company_id", "document_id") ON DELETE RESTRICT ON UPDATE CASCADE;
