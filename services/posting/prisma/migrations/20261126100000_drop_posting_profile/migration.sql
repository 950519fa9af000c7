-- Posting profiles (posting group -> A/R account) live in the ledger now, beside the chart of
-- accounts they name, where the customer service reads them too. No API ever wrote this table.
DROP TABLE "posting_profile";
