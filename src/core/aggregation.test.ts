import { describe, expect, it } from 'vitest';
import { aggregateOverTime, aggregateOverUnits, cumulativeSeries } from './aggregation.ts';
import type { Aggregate, DataValue } from './aggregation.ts';
import type { Measure } from './measure.ts';

const v = (periodId: string, value: number, numerator?: number, denominator?: number): DataValue =>
  numerator === undefined || denominator === undefined
    ? { periodId, value }
    : { periodId, value, numerator, denominator };

const value = (n: number): Aggregate => ({ kind: 'value', value: n });
const noData: Aggregate = { kind: 'none', reason: 'no-data' };
const notAdditive: Aggregate = { kind: 'none', reason: 'not-additive' };

// Approximate equality for recomputed ratios.
const expectAggregate = (actual: Aggregate, expected: Aggregate) => {
  if (expected.kind === 'value' && actual.kind === 'value') {
    expect(actual.value).toBeCloseTo(expected.value, 9);
  } else {
    expect(actual).toEqual(expected);
  }
};

const months = [v('202501', 10), v('202502', 20), v('202503', 30)];
// Out of order on purpose: the latest period is not the last value given.
const shuffledMonths = [v('202503', 30), v('202501', 10), v('202502', 20)];
// Good-air days: 25 of 31, 20 of 28, 31 of 31.
const rateMonths = [v('202501', 80.6, 25, 31), v('202502', 71.4, 20, 28), v('202503', 100, 31, 31)];
// This year's amount against last year's: 110 vs 100, 95 vs 100, 120 vs 100.
const growthMonths = [
  v('202501', 10, 110, 100),
  v('202502', -5, 95, 100),
  v('202503', 20, 120, 100),
];
const ratesWithoutParts = [v('202501', 80), v('202502', 70)];
const ratesPartlyWithParts = [v('202501', 80, 8, 10), v('202502', 70)];

describe('aggregateOverTime', () => {
  it.each<[Measure, string, DataValue[], Aggregate]>([
    ['flow', 'sums the months', months, value(60)],
    ['flow', 'sums in any order', shuffledMonths, value(60)],
    [
      'flow',
      'sums a quarter and a month that do not overlap',
      [v('2025Q1', 60), v('202504', 25)],
      value(85),
    ],
    ['flow', 'keeps a single value', [v('202501', 10)], value(10)],
    ['flow', 'reports no data for no values', [], noData],
    ['stock', 'takes the latest month', months, value(30)],
    ['stock', 'takes the latest month given out of order', shuffledMonths, value(30)],
    [
      'stock',
      'takes the latest period by its end',
      [v('202506', 7), v('2025Q1', 9), v('2025W14', 8)],
      value(7),
    ],
    ['stock', 'takes the latest across a year end', [v('202412', 5), v('202501', 6)], value(6)],
    ['stock', 'keeps a single value', [v('2025', 42)], value(42)],
    ['stock', 'reports no data for no values', [], noData],
    ['rate', 'recomputes from summed parts', rateMonths, value((100 * 76) / 90)],
    ['rate', 'recomputes in any order', [...rateMonths].reverse(), value((100 * 76) / 90)],
    ['rate', 'is not additive without parts', ratesWithoutParts, notAdditive],
    ['rate', 'is not additive when one value lacks parts', ratesPartlyWithParts, notAdditive],
    [
      'rate',
      'is not additive when the denominators sum to zero',
      [v('202501', 0, 0, 0), v('202502', 0, 0, 0)],
      notAdditive,
    ],
    ['rate', 'keeps a single value', [v('202501', 80)], value(80)],
    ['rate', 'reports no data for no values', [], noData],
    ['growth', 'recomputes from summed parts', growthMonths, value(100 * (325 / 300 - 1))],
    ['growth', 'is not additive without parts', ratesWithoutParts, notAdditive],
    ['growth', 'is not additive when one value lacks parts', ratesPartlyWithParts, notAdditive],
    [
      'growth',
      'is not additive when last year sums to zero',
      [v('202501', 0, 5, 0), v('202502', 0, 3, 0)],
      notAdditive,
    ],
    ['growth', 'keeps a single value', [v('202501', 6.5)], value(6.5)],
    ['growth', 'reports no data for no values', [], noData],
  ])('for a %s, %s', (measure, _rule, values, expected) => {
    expectAggregate(aggregateOverTime(measure, values), expected);
  });

  it.each<Measure>(['flow', 'stock', 'rate', 'growth'])(
    'refuses a period given twice for a %s',
    (measure) => {
      expect(() => aggregateOverTime(measure, [v('202501', 1), v('202501', 2)])).toThrow(
        expect.objectContaining({ code: 'VALIDATION_FAILED' }),
      );
    },
  );

  it('throws INVALID_PERIOD for a value with a malformed period', () => {
    expect(() => aggregateOverTime('flow', [v('2025-01', 1), v('202502', 2)])).toThrow(
      expect.objectContaining({ code: 'INVALID_PERIOD' }),
    );
  });
});

describe('aggregateOverUnits', () => {
  // The same period, one value per unit (three towns).
  const towns = [v('202503', 12), v('202503', 30), v('202503', 8)];
  const townRates = [v('202503', 50, 1, 2), v('202503', 100, 2, 2), v('202503', 75, 3, 4)];
  const townGrowths = [v('202503', 10, 110, 100), v('202503', 0, 300, 300)];
  const townRatesWithoutParts = [v('202503', 50), v('202503', 100)];
  const townRatesPartlyWithParts = [v('202503', 50, 1, 2), v('202503', 100)];

  it.each<[Measure, string, DataValue[], Aggregate]>([
    ['flow', 'sums the units', towns, value(50)],
    ['flow', 'keeps a single value', [v('202503', 12)], value(12)],
    ['flow', 'reports no data for no values', [], noData],
    ['stock', 'sums the units', towns, value(50)],
    ['stock', 'keeps a single value', [v('202503', 12)], value(12)],
    ['stock', 'reports no data for no values', [], noData],
    ['rate', 'recomputes from summed parts, not the mean of rates', townRates, value(75)],
    ['rate', 'is not additive without parts', townRatesWithoutParts, notAdditive],
    ['rate', 'is not additive when one value lacks parts', townRatesPartlyWithParts, notAdditive],
    [
      'rate',
      'is not additive when the denominators sum to zero',
      [v('202503', 0, 0, 0), v('202503', 0, 0, 0)],
      notAdditive,
    ],
    ['rate', 'keeps a single value', [v('202503', 50)], value(50)],
    ['rate', 'reports no data for no values', [], noData],
    [
      'growth',
      'recomputes from summed parts, weighting by size',
      townGrowths,
      value(100 * (410 / 400 - 1)),
    ],
    ['growth', 'is not additive without parts', townRatesWithoutParts, notAdditive],
    ['growth', 'is not additive when one value lacks parts', townRatesPartlyWithParts, notAdditive],
    ['growth', 'keeps a single value', [v('202503', 6.5)], value(6.5)],
    ['growth', 'reports no data for no values', [], noData],
  ])('for a %s, %s', (measure, _rule, values, expected) => {
    expectAggregate(aggregateOverUnits(measure, values), expected);
  });
});

describe('cumulativeSeries', () => {
  it.each<[string, DataValue[], DataValue[]]>([
    ['adds up months in order', months, [v('202501', 10), v('202502', 30), v('202503', 60)]],
    [
      'sorts by period before adding',
      shuffledMonths,
      [v('202501', 10), v('202502', 30), v('202503', 60)],
    ],
    ['crosses a year end', [v('202501', 2), v('202412', 1)], [v('202412', 1), v('202501', 3)]],
    [
      'orders ISO weeks across a year end',
      [v('2021W1', 4), v('2020W53', 3)],
      [v('2020W53', 3), v('2021W1', 7)],
    ],
    ['keeps a single value', [v('202501', 10)], [v('202501', 10)]],
    ['returns nothing for no values', [], []],
    ['drops numerators and denominators', [v('202501', 10, 110, 100)], [v('202501', 10)]],
    [
      'carries negative values',
      [v('202501', 5), v('202502', -2)],
      [v('202501', 5), v('202502', 3)],
    ],
  ])('%s', (_rule, values, expected) => {
    expect(cumulativeSeries(values)).toEqual(expected);
  });

  it('does not reorder its input', () => {
    const input = [...shuffledMonths];
    cumulativeSeries(input);
    expect(input).toEqual(shuffledMonths);
  });

  it('refuses a period given twice', () => {
    expect(() => cumulativeSeries([v('202501', 1), v('202501', 2)])).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
  });
});
