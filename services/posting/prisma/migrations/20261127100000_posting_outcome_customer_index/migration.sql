-- The credit-limit check reads a customer's posted documents above a transaction number (those
-- the customer service has not applied yet).
CREATE INDEX "posting_outcome_customer_posted_idx" ON "posting_outcome" ("company_id", "customer_id", "transaction_number") WHERE "status" = 'POSTED';
