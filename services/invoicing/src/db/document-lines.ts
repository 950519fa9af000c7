import type { InvoicingTransaction } from './client.js';

/** A document line as stored, amounts as decimal text. */
export interface LineRow {
  lineNumber: number;
  description: string;
  quantity: string;
  unitPrice: string;
  lineDiscount: string;
  productId: string;
  account: string;
  taxCode: string;
  distribution: { account: string; percent: string; amount: string }[];
  serialNumbers: string[];
  netAmount: string;
  taxAmount: string;
  serialized: boolean;
  createsCustomerItem: boolean;
}

export interface TaxLineRow {
  taxCode: string;
  ratePercent: string;
  baseAmount: string;
  taxAmount: string;
}

/**
 * Writes a document's lines and tax lines in one statement each, however many there are: arrays
 * through unnest, so a 10,000-line document is two round trips and no per-row work in Prisma.
 * Serial numbers travel as one JSON array per line, since Postgres arrays of arrays must be
 * rectangular.
 */
export async function insertDocumentLines(
  tx: InvoicingTransaction,
  key: { companyId: string; invoiceId: string },
  lines: readonly LineRow[],
  taxLines: readonly TaxLineRow[],
): Promise<void> {
  if (lines.length > 0) {
    await tx.$executeRawUnsafe(
      `INSERT INTO invoice_line (company_id, invoice_id, line_number, description, quantity, unit_price, line_discount, product_id,
         account, tax_code, distribution, serial_numbers, net_amount, tax_amount, serialized, creates_customer_item)
       SELECT $1, $2, l.line_number, l.description, l.quantity, l.unit_price, l.line_discount, l.product_id, l.account, l.tax_code,
              l.distribution::jsonb, ARRAY(SELECT jsonb_array_elements_text(l.serial_numbers::jsonb)), l.net_amount, l.tax_amount,
              l.serialized, l.creates_customer_item
         FROM unnest($3::int[], $4::text[], $5::numeric[], $6::numeric[], $7::numeric[], $8::text[], $9::text[], $10::text[],
                     $11::text[], $12::text[], $13::numeric[], $14::numeric[], $15::boolean[], $16::boolean[])
           AS l(line_number, description, quantity, unit_price, line_discount, product_id, account, tax_code, distribution,
                serial_numbers, net_amount, tax_amount, serialized, creates_customer_item)`,
      key.companyId,
      key.invoiceId,
      lines.map((line) => line.lineNumber),
      lines.map((line) => line.description),
      lines.map((line) => line.quantity),
      lines.map((line) => line.unitPrice),
      lines.map((line) => line.lineDiscount),
      lines.map((line) => line.productId),
      lines.map((line) => line.account),
      lines.map((line) => line.taxCode),
      lines.map((line) => JSON.stringify(line.distribution)),
      lines.map((line) => JSON.stringify(line.serialNumbers)),
      lines.map((line) => line.netAmount),
      lines.map((line) => line.taxAmount),
      lines.map((line) => line.serialized),
      lines.map((line) => line.createsCustomerItem),
    );
  }
  if (taxLines.length > 0) {
    await tx.$executeRawUnsafe(
      `INSERT INTO tax_line (company_id, invoice_id, tax_code, rate_percent, base_amount, tax_amount)
       SELECT $1, $2, t.tax_code, t.rate_percent, t.base_amount, t.tax_amount
         FROM unnest($3::text[], $4::numeric[], $5::numeric[], $6::numeric[]) AS t(tax_code, rate_percent, base_amount, tax_amount)`,
      key.companyId,
      key.invoiceId,
      taxLines.map((taxLine) => taxLine.taxCode),
      taxLines.map((taxLine) => taxLine.ratePercent),
      taxLines.map((taxLine) => taxLine.baseAmount),
      taxLines.map((taxLine) => taxLine.taxAmount),
    );
  }
}
