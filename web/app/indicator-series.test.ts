import { describe, expect, it } from 'vitest';
import { latestPeriodId, toPeriodRows, type IndicatorPoint } from './indicator-series.ts';

const months = (year: number, values: (number | null)[], source = 'simulated'): IndicatorPoint[] =>
  values.map((value, i) => ({
    periodId: `${year}${String(i + 1).padStart(2, '0')}`,
    value,
    source,
  }));

describe('period table', () => {
  const points = [...months(2024, [10, 20]), ...months(2025, [12, null], 'entered')];

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
