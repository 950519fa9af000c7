-- Outbox and inbox: the shared messaging mechanism's tables (libs/kafka/src/schema.ts).
CREATE TABLE "outbox_event" (
    "id" BIGSERIAL NOT NULL,
    "event_id" UUID NOT NULL,
    "topic" TEXT NOT NULL,
    "message_key" TEXT NOT NULL,
    "event_type" TEXT NOT NULL,
    "payload" BYTEA NOT NULL,
    "headers" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "outbox_event_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "outbox_event_event_id_key" ON "outbox_event"("event_id");

CREATE TABLE "processed_event" (
    "consumer_group" TEXT NOT NULL,
    "event_id" UUID NOT NULL,
    "processed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "processed_event_pkey" PRIMARY KEY ("consumer_group","event_id")
);

-- Invoices (header).
CREATE TYPE "document_type" AS ENUM ('SALES_ORDER', 'FREE_TEXT', 'DEBIT_MEMO', 'CREDIT_MEMO');

CREATE TYPE "invoice_status" AS ENUM ('IN_PROGRESS', 'READY_TO_POST', 'COMPLETE', 'DISCARDED');

CREATE TABLE "invoice" (
    "company_id" TEXT NOT NULL,
    "invoice_id" TEXT NOT NULL,
    "type" "document_type" NOT NULL,
    "status" "invoice_status" NOT NULL,
    "customer_id" TEXT NOT NULL,
    "invoice_date" DATE NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "net_amount" DECIMAL(20,4) NOT NULL,
    "tax_amount" DECIMAL(20,4) NOT NULL,
    "total_amount" DECIMAL(20,4) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "invoice_pkey" PRIMARY KEY ("company_id","invoice_id")
);
