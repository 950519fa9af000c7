-- A post-and-pay document's payment, posted with it: it lowers what the document adds to its
-- customer's exposure until the customer service has applied both.
ALTER TABLE "posting_outcome" ADD COLUMN "paid_amount" DECIMAL(20,4) NOT NULL DEFAULT 0;
