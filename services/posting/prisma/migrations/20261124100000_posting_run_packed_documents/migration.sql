-- A reported posting run's documents, packed: one JSON array of tuples per run, written with the
-- report and unpacked into posting_run_document rows by the first read that needs them. Writing
-- 100,000 rows took 2 s of the report's 5 s budget; the packed array takes 0.2 s. The value is
-- short-lived and read once, so it is stored uncompressed (STORAGE EXTERNAL).
CREATE TABLE "posting_run_packed_documents" (
    "company_id" TEXT NOT NULL,
    "posting_run_id" TEXT NOT NULL,
    "documents" JSON NOT NULL,
    CONSTRAINT "posting_run_packed_documents_pkey" PRIMARY KEY ("company_id","posting_run_id")
);
ALTER TABLE "posting_run_packed_documents" ALTER COLUMN "documents" SET STORAGE EXTERNAL;
