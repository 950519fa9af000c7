-- Draft numbers: a document takes the next number of its company's draft sequence when it is
-- created (DESIGN 2, invoicing). Unlike legal numbers they may have gaps: a discarded draft, or a
-- repeated create of a document that exists, uses one up.
CREATE TABLE "draft_number_sequence" (
  "company_id" TEXT NOT NULL,
  "last_value" BIGINT NOT NULL,
  CONSTRAINT "draft_number_sequence_pkey" PRIMARY KEY ("company_id")
);

-- Documents that exist get numbers in the order they were created.
ALTER TABLE "invoice" ADD COLUMN "draft_number" BIGINT;
UPDATE "invoice" i
   SET "draft_number" = n.draft_number
  FROM (SELECT company_id, invoice_id, row_number() OVER (PARTITION BY company_id ORDER BY created_at, invoice_id) AS draft_number
          FROM "invoice") n
 WHERE i.company_id = n.company_id AND i.invoice_id = n.invoice_id;
INSERT INTO "draft_number_sequence" ("company_id", "last_value")
  SELECT company_id, max(draft_number) FROM "invoice" GROUP BY company_id;
ALTER TABLE "invoice" ALTER COLUMN "draft_number" SET NOT NULL;
CREATE UNIQUE INDEX "invoice_company_id_draft_number_key" ON "invoice" ("company_id", "draft_number");
