-- The settlement discount in the company's home currency is stored on the open item too
-- (DESIGN 4.3: "date and amount in document and home currency"). Items opened before stay null.
ALTER TABLE "open_item" ADD COLUMN "home_currency" CHAR(3);
ALTER TABLE "open_item" ADD COLUMN "home_discount_amount" DECIMAL(20,4);
