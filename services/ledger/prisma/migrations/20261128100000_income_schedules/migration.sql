-- Income schedules (DESIGN 4.3, 4.4). A line that defers revenue is credited to the company's
-- deferred revenue account and carries its schedule; the ledger posts one income-schedule entry
-- per period in the same transaction, each pointing back at the source that deferred it.

-- Existing companies defer to the standard template's 2500 when their chart has it as an
-- ordinary account; otherwise they have none and a document with an income schedule fails until
-- one is set.
ALTER TABLE "company_settings" ADD COLUMN "deferred_revenue_account" TEXT NOT NULL DEFAULT '';
UPDATE "company_settings" s SET "deferred_revenue_account" = '2500'
  WHERE EXISTS (SELECT 1 FROM "account" a WHERE a.company_id = s.company_id AND a.account = '2500' AND NOT a.control);

-- {"revenueAccount", "startDate", "periods"} on the deferring line; NULL elsewhere.
ALTER TABLE "journal_line" ADD COLUMN "income_schedule" JSONB;

-- The source whose deferred line an income-schedule entry recognises; NULL on other entries.
ALTER TABLE "journal_entry" ADD COLUMN "origin_source_id" TEXT;
CREATE INDEX "journal_entry_company_id_origin_source_id_idx" ON "journal_entry"("company_id", "origin_source_id")
  WHERE "origin_source_id" IS NOT NULL;
