-- Posting runs page through the In Progress documents in (customer, id) order; this partial
-- index serves that order without sorting the whole selection for every page. Prisma's schema
-- language cannot express a partial index, so it lives only here.
CREATE INDEX "invoice_in_progress_customer_idx" ON "invoice"("company_id", "customer_id", "invoice_id") WHERE "status" = 'IN_PROGRESS';
