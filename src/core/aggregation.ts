/**
 * Aggregation of a flow over time (DESIGN.md §4): running totals of the periods of a year,
 * as the cockpit draws a flow's year-to-date line. Which measures add over time and over
 * units is decided by `isAdditiveOverTime` and `isAdditiveOverUnits` (indicator.ts); sums
 * over units are kept by the roll-up (rollup.ts).
 */
import { DomainError } from './domain-error.ts';
import { parsePeriod } from './period.ts';
import type { Period } from './period.ts';

/** One value of an indicator for one period (and, implicitly, one unit). */
export interface DataValue {
  readonly periodId: string;
  readonly value: number;
}

interface Placed {
  readonly value: DataValue;
  readonly period: Period;
  readonly position: number;
}

// Parses every period once and refuses a period given twice: it would be counted twice.
function placeInTime(values: readonly DataValue[]): Placed[] {
  const seen = new Set<string>();
  return values.map((value, position) => {
    if (seen.has(value.periodId)) {
      throw new DomainError(
        'VALIDATION_FAILED',
        `期间 ${value.periodId} 出现了不止一次`,
        `Period ${value.periodId} appears more than once`,
        { details: { periodId: value.periodId } },
      );
    }
    seen.add(value.periodId);
    return { value, period: parsePeriod(value.periodId), position };
  });
}

// Earlier end first; for one end, the longer period first, then input order. Ties only arise
// for overlapping periods (a quarter and its last month), which should hold the same level.
const byTime = (a: Placed, b: Placed): number =>
  a.period.end < b.period.end
    ? -1
    : a.period.end > b.period.end
      ? 1
      : a.period.start < b.period.start
        ? -1
        : a.period.start > b.period.start
          ? 1
          : a.position - b.position;

/**
 * Running totals of a flow in period order (by period end): each value is the sum of its
 * own and every earlier period's value.
 * A repeated period throws DomainError `VALIDATION_FAILED`.
 * @example cumulativeSeries([{ periodId: '202502', value: 5 }, { periodId: '202501', value: 3 }]) // [{ periodId: '202501', value: 3 }, { periodId: '202502', value: 8 }]
 */
export function cumulativeSeries(values: readonly DataValue[]): DataValue[] {
  let total = 0;
  return placeInTime(values)
    .sort(byTime)
    .map(({ value }) => {
      total += value.value;
      return { periodId: value.periodId, value: total };
    });
}
