import { describe, expect, it } from 'vitest';
import {
  computeHeadline,
  finestKind,
  latestPeriodId,
  toPeriodRows,
  type IndicatorPoint,
} from './indicator-series.ts';

const months = (year: number, values: (number | null)[], source = 'simulated'): IndicatorPoint[] =>
  values.map((value, i) => ({
    periodId: `${year}${String(i + 1).padStart(2, '0')}`,
    value,
    source,
  }));

describe('computeHeadline', () => {
  const points = [
    { periodId: '2024', value: 1200, source: 'document' },
    ...months(2024, [10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10]),
    ...months(2025, [11, 11, 11]),
  ];

  it('sums a flow from January to the last month and compares it with the same months last year', () => {
    const h = computeHeadline(points, 'flow')!;
    expect(h).toMatchObject({
      periodId: '202503',
      value: 33,
      isYearToDate: true,
      lastYearValue: 30,
      isSimulated: true,
    });
    expect(h.yoyPercent).toBeCloseTo(10);
    expect(h.changePoints).toBeNull();
    expect(h.spark).toHaveLength(12);
  });

  it('takes the latest value of a stock', () => {
    const h = computeHeadline(points, 'stock')!;
    expect(h).toMatchObject({ value: 11, isYearToDate: false, lastYearValue: 10 });
    expect(h.yoyPercent).toBeCloseTo(10);
  });

  it('compares rates and growths in points, not percent', () => {
    const h = computeHeadline([...months(2024, [5.5]), ...months(2025, [6.1])], 'growth')!;
    expect(h.yoyPercent).toBeNull();
    expect(h.changePoints).toBeCloseTo(0.6);
  });

  it('has no year-on-year change without last year', () => {
    const h = computeHeadline(months(2025, [3, 4]), 'flow')!;
    expect(h).toMatchObject({ value: 7, lastYearValue: null, yoyPercent: null });
  });

  it('returns null without any value', () => {
    expect(computeHeadline([], 'flow')).toBeNull();
    expect(computeHeadline(months(2025, [null, null]), 'flow')).toBeNull();
  });
});

describe('period table', () => {
  const points = [...months(2024, [10, 20]), ...months(2025, [12, null], 'entered')];

  it('picks the finest period kind of a series', () => {
    expect(finestKind([{ periodId: '2024', value: 1, source: null }, ...points])).toBe('month');
    expect(finestKind([])).toBeNull();
  });

  it('lists periods with values, newest first, each with the same period last year', () => {
    const rows = toPeriodRows(points, 'flow');
    expect(rows.map((r) => r.periodId)).toEqual(['202501', '202402', '202401']);
    expect(rows[0]).toMatchObject({ value: 12, lastYearValue: 10, source: 'entered' });
    expect(rows[0]!.yoyPercent).toBeCloseTo(20);
  });

  it('finds the latest period with a value', () => {
    expect(latestPeriodId(points)).toBe('202501');
  });
});
