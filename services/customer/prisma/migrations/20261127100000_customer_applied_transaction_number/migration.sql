-- The highest ledger transaction number (A/R distribution journal) among the posted documents in
-- a customer's balance. Customers that exist now keep NULL, "not known": documents applied
-- before this column cannot be told from those still on their way. New customers start at 0.
ALTER TABLE "customer" ADD COLUMN "applied_transaction_number" BIGINT;
ALTER TABLE "customer" ALTER COLUMN "applied_transaction_number" SET DEFAULT 0;
