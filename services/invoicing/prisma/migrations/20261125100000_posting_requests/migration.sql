-- A posting request of many documents outside a posting run, by the caller's id: a repeat with
-- the same id and other documents or options is a conflict, not the first answer.
CREATE TABLE "posting_request" (
    "company_id" TEXT NOT NULL,
    "request_id" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "document_count" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "posting_request_pkey" PRIMARY KEY ("company_id", "request_id")
);
