-- A document line's income schedule (DESIGN 4.3, 4.4): its revenue is recognised over a number
-- of fiscal periods from a start date instead of at posting. Both columns are NULL on a line
-- without one. The check keeps the pair whole and the periods within the limit the gateway, the
-- service and the ledger share (INCOME_SCHEDULE_PERIODS_MAX); Prisma's schema language cannot
-- express a check constraint, so it lives only here.
ALTER TABLE "invoice_line" ADD COLUMN "income_schedule_start_date" DATE,
ADD COLUMN "income_schedule_periods" INTEGER;

ALTER TABLE "invoice_line" ADD CONSTRAINT "invoice_line_income_schedule_check" CHECK (
  ("income_schedule_start_date" IS NULL AND "income_schedule_periods" IS NULL)
  OR ("income_schedule_start_date" IS NOT NULL AND "income_schedule_periods" BETWEEN 1 AND 60)
);
