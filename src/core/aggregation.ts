/**
 * Aggregation by measure (DESIGN.md §4): flows add over time and over units; stocks take the
 * last value in time and add over units; rates and growths never add — they are recomputed
 * from numerator and denominator where every value carries both, or reported as not additive.
 *
 * Conventions for the recomputed ratios, both in percent:
 * - rate: `value = 100 * numerator / denominator` (e.g. 292 good-air days of 365 → 80);
 * - growth: `value = 100 * (numerator / denominator - 1)`, where `numerator` is this year's
 *   amount and `denominator` last year's amount for the same period (106.5 vs 100 → 6.5).
 */
import { assertNever } from './assert-never.ts';
import { DomainError } from './domain-error.ts';
import type { Measure } from './measure.ts';
import { parsePeriod } from './period.ts';
import type { Period } from './period.ts';

/**
 * One value of an indicator for one period (and, implicitly, one unit). A rate or growth
 * may carry the numerator and denominator it was computed from, so it can be recomputed.
 */
export interface DataValue {
  readonly periodId: string;
  readonly value: number;
  readonly numerator?: number;
  readonly denominator?: number;
}

/**
 * The outcome of an aggregation: a value, or none — `no-data` when there was nothing to
 * aggregate, `not-additive` when the measure forbids adding and the values cannot be
 * recomputed (no numerator and denominator on every value, or their denominators sum to 0).
 */
export type Aggregate =
  | { readonly kind: 'value'; readonly value: number }
  | { readonly kind: 'none'; readonly reason: 'no-data' | 'not-additive' };

const noData: Aggregate = Object.freeze({ kind: 'none', reason: 'no-data' });
const notAdditive: Aggregate = Object.freeze({ kind: 'none', reason: 'not-additive' });
const valueOf = (value: number): Aggregate => ({ kind: 'value', value });

const sum = (numbers: readonly number[]): number => numbers.reduce((total, n) => total + n, 0);

/** Rate or growth from the summed numerators and denominators, or not-additive. */
function recompute(measure: 'rate' | 'growth', values: readonly DataValue[]): Aggregate {
  let numerator = 0;
  let denominator = 0;
  for (const v of values) {
    if (v.numerator === undefined || v.denominator === undefined) return notAdditive;
    numerator += v.numerator;
    denominator += v.denominator;
  }
  if (denominator === 0) return notAdditive;
  const ratio = numerator / denominator;
  return valueOf(measure === 'rate' ? 100 * ratio : 100 * (ratio - 1));
}

interface Placed {
  readonly value: DataValue;
  readonly period: Period;
  readonly position: number;
}

// Parses every period once and refuses a period given twice: over time, a repeated period
// would be counted twice for a flow and make "the latest" ambiguous for a stock.
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
 * Combines one unit's values for several periods into one value for the span they cover:
 * flow sums; stock takes the value of the latest period (by period end); rate and growth
 * are recomputed from summed numerators and denominators, else `not-additive`. A single
 * value of any measure stands as it is. Values must be for distinct periods that do not
 * overlap; a repeated period throws DomainError `VALIDATION_FAILED`.
 * @example aggregateOverTime('stock', [{ periodId: '202501', value: 7 }, { periodId: '202502', value: 9 }]) // { kind: 'value', value: 9 }
 */
export function aggregateOverTime(measure: Measure, values: readonly DataValue[]): Aggregate {
  const placed = placeInTime(values);
  const [only] = values;
  if (only === undefined) return noData;
  if (values.length === 1) return valueOf(only.value);
  switch (measure) {
    case 'flow':
      return valueOf(sum(values.map((v) => v.value)));
    case 'stock': {
      const latest = placed.reduce((best, p) => (byTime(p, best) > 0 ? p : best));
      return valueOf(latest.value.value);
    }
    case 'rate':
    case 'growth':
      return recompute(measure, values);
    default:
      return assertNever(measure);
  }
}

/**
 * Combines several units' values for one period into one value for the group: flow and
 * stock sum; rate and growth are recomputed from summed numerators and denominators, else
 * `not-additive`. A single value of any measure stands as it is.
 * @example aggregateOverUnits('rate', [{ periodId: '2025', value: 50, numerator: 1, denominator: 2 }, { periodId: '2025', value: 100, numerator: 2, denominator: 2 }]) // { kind: 'value', value: 75 }
 */
export function aggregateOverUnits(measure: Measure, values: readonly DataValue[]): Aggregate {
  const [only] = values;
  if (only === undefined) return noData;
  if (values.length === 1) return valueOf(only.value);
  switch (measure) {
    case 'flow':
    case 'stock':
      return valueOf(sum(values.map((v) => v.value)));
    case 'rate':
    case 'growth':
      return recompute(measure, values);
    default:
      return assertNever(measure);
  }
}

/**
 * Running totals of a flow in period order (by period end): each value is the sum of its
 * own and every earlier period's value. Numerators and denominators are not carried.
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
