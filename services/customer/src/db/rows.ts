import { money } from '@ledgerline/money';
import type { Decimal } from 'decimal.js';

/**
 * Conversions at the database edge. Raw queries select NUMERIC and DATE columns as text so the
 * values arrive exactly, whatever the driver would make of them; Prisma's own Decimal and
 * DateTime are converted here too.
 */
export function decimalOf(value: string | { toFixed(): string }): Decimal {
  return money(typeof value === 'string' ? value : value.toFixed());
}

export function dateText(value: Date): string {
  return value.toISOString().slice(0, 10);
}

export function dateValue(text: string): Date {
  return new Date(`${text}T00:00:00.000Z`);
}

/** Key of one customer in maps: company and customer id cannot contain NUL. */
export function customerKey(companyId: string, customerId: string): string {
  return `${companyId}\u0000${customerId}`;
}
