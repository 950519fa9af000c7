-- Customer items (DESIGN 4.6): drafts proposed while a document is edited and reviewed where the
-- company requires it, the documents this service has seen posted, and the customer items
-- created from them exactly once.

-- One draft per unit of a document line whose product creates customer items. The natural key
-- is (invoice, line, unit); draft_id is derived from it, so a re-proposal keeps the same ids.
-- description_corrected tells a reviewer's description from the line's own text, which a
-- re-proposal may replace.
CREATE TABLE "customer_item_draft" (
    "company_id" TEXT NOT NULL,
    "invoice_id" TEXT NOT NULL,
    "line_number" INTEGER NOT NULL,
    "unit" INTEGER NOT NULL,
    "draft_id" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "product_id" TEXT NOT NULL,
    "serial_number" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "description_corrected" BOOLEAN NOT NULL DEFAULT false,
    "status" TEXT NOT NULL,
    "reviewed_by" TEXT NOT NULL DEFAULT '',
    "reviewed_at" TIMESTAMPTZ(3),
    CONSTRAINT "customer_item_draft_pkey" PRIMARY KEY ("company_id","invoice_id","line_number","unit"),
    CONSTRAINT "customer_item_draft_status_check" CHECK ("status" IN ('PENDING_REVIEW','CONFIRMED','EXCLUDED','CONVERTED')),
    CONSTRAINT "customer_item_draft_position_check" CHECK ("line_number" >= 1 AND "unit" >= 1)
);
CREATE UNIQUE INDEX "customer_item_draft_draft_id_key" ON "customer_item_draft"("company_id","draft_id");
CREATE INDEX "customer_item_draft_customer_idx" ON "customer_item_draft"("company_id","customer_id","invoice_id","line_number","unit");

-- Documents whose InvoicePosted this service has applied. posting_seq orders customer items
-- newest first: every item of one document carries its document's number.
CREATE TABLE "posted_document" (
    "company_id" TEXT NOT NULL,
    "invoice_id" TEXT NOT NULL,
    "posting_seq" BIGSERIAL NOT NULL,
    "applied_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "posted_document_pkey" PRIMARY KEY ("company_id","invoice_id")
);

-- One customer item per unit sold; the key (invoice, line, unit) makes creation happen once
-- whatever is redelivered.
CREATE TABLE "customer_item" (
    "company_id" TEXT NOT NULL,
    "invoice_id" TEXT NOT NULL,
    "line_number" INTEGER NOT NULL,
    "unit" INTEGER NOT NULL,
    "customer_item_id" TEXT NOT NULL,
    "posting_seq" BIGINT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "product_id" TEXT NOT NULL,
    "serial_number" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "invoice_number" TEXT NOT NULL,
    "invoice_date" DATE NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "customer_item_pkey" PRIMARY KEY ("company_id","invoice_id","line_number","unit"),
    CONSTRAINT "customer_item_position_check" CHECK ("line_number" >= 1 AND "unit" >= 1)
);
CREATE UNIQUE INDEX "customer_item_customer_item_id_key" ON "customer_item"("company_id","customer_item_id");
CREATE INDEX "customer_item_newest_idx" ON "customer_item"("company_id","posting_seq" DESC,"line_number","unit");
CREATE INDEX "customer_item_customer_idx" ON "customer_item"("company_id","customer_id","posting_seq" DESC,"line_number","unit");
CREATE INDEX "customer_item_product_idx" ON "customer_item"("company_id","product_id","posting_seq" DESC,"line_number","unit");
