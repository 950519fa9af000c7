-- AlterTable
-- Every change of a customer's master data counts the revision up by one, so consumers of
-- customer.v1.CustomerChanged can ignore a state older than the one they hold. Customers that
-- exist already are in their first state.
ALTER TABLE "customer" ADD COLUMN "revision" BIGINT NOT NULL DEFAULT 1;
