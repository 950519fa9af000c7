-- A posting request's options and payment, fingerprinted: a repeat with the same request id
-- and other content is a conflict, not the first answer.
ALTER TABLE "invoice" ADD COLUMN "posting_request_hash" TEXT NOT NULL DEFAULT '';

-- The post-and-pay payment id of the document's current posting request; one document per id,
-- so the customer service never takes a second document's payment for one it already recorded.
ALTER TABLE "invoice" ADD COLUMN "payment_id" TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX "invoice_payment_id_key" ON "invoice"("company_id", "payment_id") WHERE "payment_id" <> '';
