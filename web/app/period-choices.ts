/** The periods a reporter or reviewer picks from: recent months, quarters and years, newest first. */
import { periodIdFromText } from '../../src/core/period.ts';

/** Today's date in the browser's time zone, as YYYY-MM-DD. */
export function todayIso(now: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

const monthId = (year: number, month: number) => `${year}${String(month).padStart(2, '0')}`;

/**
 * The month before the one a date falls in: the period a monthly report is due for.
 * @example previousMonthId('2025-01-15') // '202412'
 */
export function previousMonthId(todayIsoDate: string): string {
  const year = Number(todayIsoDate.slice(0, 4));
  const month = Number(todayIsoDate.slice(5, 7));
  return month === 1 ? monthId(year - 1, 12) : monthId(year, month - 1);
}

/** How many of each kind of period to offer. */
export interface PeriodChoiceCounts {
  readonly months: number;
  readonly quarters: number;
  readonly years: number;
}

/**
 * Period ids to choose from, up to the last finished one of each kind: months, then
 * quarters, then years, each newest first.
 * @example periodChoices('2025-04-02', { months: 2, quarters: 1, years: 1 }) // ['202503', '202502', '2025Q1', '2024']
 */
export function periodChoices(
  todayIsoDate: string,
  counts: PeriodChoiceCounts = { months: 24, quarters: 8, years: 3 },
): string[] {
  const year = Number(todayIsoDate.slice(0, 4));
  const month = Number(todayIsoDate.slice(5, 7));
  const out: string[] = [];
  // Months counted back from the previous one, as a running index (year * 12 + month - 1).
  const first = year * 12 + month - 2;
  for (let i = 0; i < counts.months; i += 1) {
    const k = first - i;
    out.push(monthId(Math.floor(k / 12), (k % 12) + 1));
  }
  const quarterNow = Math.floor((month - 1) / 3);
  const firstQuarter = year * 4 + quarterNow - 1;
  for (let i = 0; i < counts.quarters; i += 1) {
    const k = firstQuarter - i;
    out.push(`${Math.floor(k / 4)}Q${(k % 4) + 1}`);
  }
  for (let i = 1; i <= counts.years; i += 1) out.push(String(year - i));
  return out;
}

/**
 * The period the entry form opens at when none is asked for: the first form on the
 * reporter's to-do that still needs them (a returned one, else the oldest overdue, else the
 * one due now), else the latest month that has come due.
 * @example defaultEntryPeriod([{ periodId: '202510', state: 'not-started' }], '2026-11-29') // '202510'
 */
export function defaultEntryPeriod(
  todo: readonly { readonly periodId: string; readonly state: string }[],
  todayIsoDate: string,
): string {
  return todo.find((f) => f.state !== 'submitted')?.periodId ?? previousMonthId(todayIsoDate);
}

/**
 * Whether a period option answers what the user typed: the period the text names
 * (`2025-10`, `202510`, `2025年10月`, core/period `periodIdFromText`), or else text found in
 * the option's label or id.
 * @example matchesPeriodSearch('2025-10', '202510', 'October 2025') // true
 */
export function matchesPeriodSearch(text: string, periodId: string, label: string): boolean {
  const typed = text.trim();
  if (typed === '') return true;
  const named = periodIdFromText(typed);
  // A year alone is still being typed towards a month: keep that year's periods in view.
  if (named !== null && named.length > 4) return named === periodId;
  return label.toLowerCase().includes(typed.toLowerCase()) || periodId.includes(typed);
}
