import { describe, expect, it } from 'vitest';
import {
  computeInvestmentProgress,
  splitAnnualPlan,
  type InvestmentLine,
} from './project-investment.ts';

describe('splitAnnualPlan', () => {
  it('splits evenly and lets December take the remainder, so the months add up', () => {
    const months = splitAnnualPlan(1000, 2025);
    expect(months.slice(0, 11).every((m) => m.planYuan === 83)).toBe(true);
    expect(months[11]).toEqual({ periodId: '202512', planYuan: 1000 - 11 * 83 });
  });

  it('follows weights: a quarter-end season', () => {
    const weights = [1, 1, 2, 1, 1, 2, 1, 1, 2, 1, 1, 2];
    const months = splitAnnualPlan(1600, 2025, weights);
    expect(months.map((m) => m.planYuan)).toEqual([
      100, 100, 200, 100, 100, 200, 100, 100, 200, 100, 100, 200,
    ]);
  });
});

const line = (
  periodId: string,
  planYuan: number | null,
  actualYuan: number | null,
  state: InvestmentLine['state'] = 'approved',
): InvestmentLine => ({ periodId, planYuan, actualYuan, state });

describe('computeInvestmentProgress', () => {
  it('compares approved actuals with the project’s own monthly plan as 序时', () => {
    // Plan 100 a month for the first half, 300 a month after: 2400 in all, 600 by June.
    const lines = Array.from({ length: 12 }, (_, i) =>
      line(`2025${String(i + 1).padStart(2, '0')}`, i < 6 ? 100 : 300, i < 6 ? 90 : null),
    );
    const progress = computeInvestmentProgress(lines, 2025, '2025-06-30');
    expect(progress.annualPlanYuan).toBe(2400);
    expect(progress.actualYuan).toBe(540);
    expect(progress.shareOfPlan).toBeCloseTo(540 / 2400, 10);
    expect(progress.expectedShare).toBeCloseTo(600 / 2400, 10);
    expect(progress.gapPoints).toBeCloseTo(((540 - 600) / 2400) * 100, 10);
    expect(progress.basis).toBe('monthly-plan');
  });

  it('counts only approved months, and keeps the others as pending', () => {
    const progress = computeInvestmentProgress(
      [
        line('202501', null, 50),
        line('202502', null, 70, 'submitted'),
        line('202503', null, 10, 'draft'),
      ],
      2025,
      '2025-03-31',
      1000,
    );
    expect(progress).toMatchObject({ actualYuan: 50, pendingYuan: 80, shareOfPlan: 0.05 });
  });

  it('falls back to the calendar without a plan for every month', () => {
    const progress = computeInvestmentProgress(
      [line('202501', 100, 100)],
      2025,
      '2025-06-30',
      1200,
    );
    expect(progress.basis).toBe('calendar');
    expect(progress.expectedShare).toBeCloseTo(181 / 365, 10);
  });

  it('ignores months after the date asked about', () => {
    const progress = computeInvestmentProgress(
      [line('202501', null, 100), line('202507', null, 100)],
      2025,
      '2025-06-30',
      1000,
    );
    expect(progress.actualYuan).toBe(100);
  });
});
