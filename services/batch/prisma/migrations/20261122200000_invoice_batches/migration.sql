-- Invoice batches (DESIGN 4.7): the A/R posted transactions the service learns from events,
-- the batches that group them, and the audit trail of date corrections.

-- The batch service's copy of customer master data, from customer.v1.CustomerChanged.
CREATE TABLE "batch_customer_profile" (
    "company_id" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "cutoff_day" SMALLINT,
    "revision" BIGINT NOT NULL,
    CONSTRAINT "batch_customer_profile_pkey" PRIMARY KEY ("company_id","customer_id"),
    CONSTRAINT "batch_customer_profile_cutoff_day_check" CHECK ("cutoff_day" BETWEEN 1 AND 31)
);
CREATE INDEX "batch_customer_profile_cutoff_day_idx" ON "batch_customer_profile"("company_id","cutoff_day");

-- Posted invoices, debit memos and credit memos, from posting.v1.InvoicePosted. Amounts are
-- signed (credit memos negative), in document and in home currency; the report picks the one
-- in the customer's currency. batch_id is deliberately not indexed: generation sets it on up to
-- millions of rows, and without an index on it (and with free space on each page) Postgres
-- can update those rows in place (HOT) instead of inserting index entries for each.
CREATE TABLE "ar_document" (
    "company_id" TEXT NOT NULL,
    "document_id" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "document_number" TEXT NOT NULL,
    "document_type" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "amount" NUMERIC(20,6) NOT NULL,
    "home_currency" TEXT NOT NULL,
    "home_amount" NUMERIC(20,6) NOT NULL,
    "invoice_date" DATE NOT NULL,
    "due_date" DATE NOT NULL,
    "batch_id" TEXT,
    "posted_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "ar_document_pkey" PRIMARY KEY ("company_id","document_id")
) WITH (fillfactor = 60);
CREATE INDEX "ar_document_customer_idx" ON "ar_document"("company_id","customer_id");

-- Payments, from customer.v1.PaymentRecorded; amount positive, in the payment's currency.
CREATE TABLE "ar_payment" (
    "company_id" TEXT NOT NULL,
    "payment_id" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "amount" NUMERIC(20,6) NOT NULL,
    "reference" TEXT NOT NULL,
    "paid_date" DATE NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "ar_payment_pkey" PRIMARY KEY ("company_id","payment_id")
);
CREATE INDEX "ar_payment_customer_paid_date_idx" ON "ar_payment"("company_id","customer_id","paid_date");

-- Who corrected which date of an A/R posted transaction, from what to what, and why.
CREATE TABLE "ar_date_correction" (
    "id" BIGSERIAL NOT NULL,
    "company_id" TEXT NOT NULL,
    "transaction_id" TEXT NOT NULL,
    "field" TEXT NOT NULL,
    "from_date" DATE NOT NULL,
    "to_date" DATE NOT NULL,
    "reason" TEXT NOT NULL,
    "corrected_by" TEXT NOT NULL,
    "corrected_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ar_date_correction_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "ar_date_correction_transaction_idx" ON "ar_date_correction"("company_id","transaction_id","id");

-- Gapless batch numbers: one row per company, advanced in the transaction that creates a batch.
CREATE TABLE "batch_number_sequence" (
    "company_id" TEXT NOT NULL,
    "last_number" BIGINT NOT NULL,
    CONSTRAINT "batch_number_sequence_pkey" PRIMARY KEY ("company_id")
);

CREATE TABLE "invoice_batch" (
    "company_id" TEXT NOT NULL,
    "batch_id" TEXT NOT NULL,
    "batch_number" BIGINT NOT NULL,
    "close_date" DATE NOT NULL,
    "status" TEXT NOT NULL,
    "dummy" BOOLEAN NOT NULL,
    "origin" TEXT NOT NULL,
    "request_fingerprint" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "printed_at" TIMESTAMPTZ(3),
    "print_count" INTEGER NOT NULL DEFAULT 0,
    "customer_count" INTEGER NOT NULL DEFAULT 0,
    "document_count" INTEGER NOT NULL DEFAULT 0,
    "deleted_at" TIMESTAMPTZ(3),
    CONSTRAINT "invoice_batch_pkey" PRIMARY KEY ("company_id","batch_id"),
    CONSTRAINT "invoice_batch_status_check" CHECK ("status" IN ('OPEN','PRINTED','DELETED')),
    CONSTRAINT "invoice_batch_origin_check" CHECK ("origin" IN ('GENERATED','MANUAL'))
);
CREATE UNIQUE INDEX "invoice_batch_number_key" ON "invoice_batch"("company_id","batch_number");

-- The customers of a batch (a customer may be in a batch without new documents when added by hand).
CREATE TABLE "batch_customer" (
    "company_id" TEXT NOT NULL,
    "batch_id" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    CONSTRAINT "batch_customer_pkey" PRIMARY KEY ("company_id","batch_id","customer_id")
);
CREATE INDEX "batch_customer_customer_idx" ON "batch_customer"("company_id","customer_id");
