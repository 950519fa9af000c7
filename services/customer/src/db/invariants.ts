import type { PrismaRawSql } from '@ledgerline/db';

/** A customer whose posted balance is not its open items minus its unapplied payments. */
export interface CustomerBalanceDiscrepancy {
  companyId: string;
  customerId: string;
  postedBalance: string;
  /** Sum of open items' remaining amounts (credit memos negative). */
  openItemsRemaining: string;
  /** Sum of payments' unapplied rests. */
  unappliedPayments: string;
  /** openItemsRemaining - unappliedPayments - postedBalance; never zero in a result. */
  difference: string;
}

/**
 * DESIGN 4.5's invariant, checked in the customer service's own database: per customer, the
 * sum of open items' remaining amounts minus unapplied payments equals the posted balance.
 * Returns the customers where it does not hold (none when all is well), optionally for one
 * company. Amounts are decimal strings in the customer's currency.
 * Pass the customer service's Prisma client (createCustomerDatabase(url, pool).prisma).
 */
export async function customerBalanceDiscrepancies(
  prisma: PrismaRawSql,
  options: { companyId?: string } = {},
): Promise<CustomerBalanceDiscrepancy[]> {
  const rows = await prisma.$queryRawUnsafe<
    { company_id: string; customer_id: string; posted_balance: string; open_items: string; unapplied: string; difference: string }[]
  >(
    `WITH figures AS (
       SELECT c.company_id, c.customer_id, c.posted_balance,
              COALESCE((SELECT SUM(o.remaining) FROM open_item o
                         WHERE o.company_id = c.company_id AND o.customer_id = c.customer_id), 0) AS open_items,
              COALESCE((SELECT SUM(p.unapplied_amount) FROM payment p
                         WHERE p.company_id = c.company_id AND p.customer_id = c.customer_id), 0) AS unapplied
         FROM customer c
        WHERE $1::text IS NULL OR c.company_id = $1::text
     )
     SELECT company_id, customer_id, posted_balance::text AS posted_balance, open_items::text AS open_items,
            unapplied::text AS unapplied, (open_items - unapplied - posted_balance)::text AS difference
       FROM figures
      WHERE open_items - unapplied <> posted_balance
      ORDER BY company_id, customer_id`,
    options.companyId ?? null,
  );
  return rows.map((row) => ({
    companyId: row.company_id,
    customerId: row.customer_id,
    postedBalance: row.posted_balance,
    openItemsRemaining: row.open_items,
    unappliedPayments: row.unapplied,
    difference: row.difference,
  }));
}
