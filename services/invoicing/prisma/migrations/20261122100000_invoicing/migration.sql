-- Invoices get their posting fields; lines, tax lines and products.
ALTER TABLE "invoice" ADD COLUMN     "due_date" DATE,
ADD COLUMN     "credit_terms_id" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "reference" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "content_hash" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "number" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "transaction_number" BIGINT,
ADD COLUMN     "ledger_entry_id" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "errors" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "posting_run_id" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "posting_request_id" TEXT NOT NULL DEFAULT '';

CREATE TABLE "invoice_line" (
    "company_id" TEXT NOT NULL,
    "invoice_id" TEXT NOT NULL,
    "line_number" INTEGER NOT NULL,
    "description" TEXT NOT NULL,
    "quantity" DECIMAL(20,4) NOT NULL,
    "unit_price" DECIMAL(20,4) NOT NULL,
    "line_discount" DECIMAL(20,4) NOT NULL,
    "product_id" TEXT NOT NULL,
    "account" TEXT NOT NULL,
    "tax_code" TEXT NOT NULL,
    "distribution" JSONB NOT NULL DEFAULT '[]',
    "serial_numbers" TEXT[],
    "net_amount" DECIMAL(20,4) NOT NULL,
    "tax_amount" DECIMAL(20,4) NOT NULL,
    "serialized" BOOLEAN NOT NULL,
    "creates_customer_item" BOOLEAN NOT NULL,

    CONSTRAINT "invoice_line_pkey" PRIMARY KEY ("company_id","invoice_id","line_number")
);

CREATE TABLE "tax_line" (
    "company_id" TEXT NOT NULL,
    "invoice_id" TEXT NOT NULL,
    "tax_code" TEXT NOT NULL,
    "rate_percent" DECIMAL(9,4) NOT NULL,
    "base_amount" DECIMAL(20,4) NOT NULL,
    "tax_amount" DECIMAL(20,4) NOT NULL,

    CONSTRAINT "tax_line_pkey" PRIMARY KEY ("company_id","invoice_id","tax_code")
);

CREATE TABLE "product" (
    "company_id" TEXT NOT NULL,
    "product_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "revenue_account" TEXT NOT NULL,
    "serialized" BOOLEAN NOT NULL,
    "creates_customer_item" BOOLEAN NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "product_pkey" PRIMARY KEY ("company_id","product_id")
);

CREATE INDEX "invoice_company_id_invoice_date_invoice_id_idx" ON "invoice"("company_id", "invoice_date", "invoice_id");

CREATE INDEX "invoice_company_id_customer_id_idx" ON "invoice"("company_id", "customer_id");

ALTER TABLE "invoice_line" ADD CONSTRAINT "invoice_line_company_id_invoice_id_fkey" FOREIGN KEY ("company_id", "invoice_id") REFERENCES "invoice"("company_id", "invoice_id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "tax_line" ADD CONSTRAINT "tax_line_company_id_invoice_id_fkey" FOREIGN KEY ("company_id", "invoice_id") REFERENCES "invoice"("company_id", "invoice_id") ON DELETE CASCADE ON UPDATE CASCADE;
