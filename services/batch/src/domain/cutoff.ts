import { daysInMonth } from '@ledgerline/calendar';

/** The latest cutoff day a customer can have. */
export const CUTOFF_DAY_MAX = 31;

/**
 * The cutoff days a close date selects: its day of month [001]. On the last day of a month the
 * later days (up to 31) are selected too, so a customer with cutoff day 30 is batched on
 * 28 February instead of being skipped that month (DESIGN 4.7).
 */
export function cutoffDaysSelectedBy(closeDate: string): number[] {
  const [year, month, day] = closeDate.split('-').map(Number) as [number, number, number];
  const lastDay = day === daysInMonth(year, month) ? CUTOFF_DAY_MAX : day;
  const days: number[] = [];
  for (let cutoffDay = day; cutoffDay <= lastDay; cutoffDay += 1) days.push(cutoffDay);
  return days;
}
