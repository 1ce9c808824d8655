/**
 * Honest lights (issue 8): a light never contradicts its own forecast, a flow with nothing
 * done after three quarters is red, and expected progress follows last year's season only
 * when that season is real and says something.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assessTarget, type AssessmentInput } from './attainment.ts';
import { chooseProgressProfile, expectedProgressSeries } from './expected-progress.ts';
import { defaultLightThresholds } from './light-thresholds.ts';
import type { Measure } from './measure.ts';
import { buildTarget as buildFixtureTarget } from './target.fixture.ts';
import type { Target } from './target.ts';

const buildTarget = (overrides: Partial<Target> = {}): Target =>
  buildFixtureTarget({ ...{ metric: '入驻“保税+”企业', value: 30, unit: '家' }, ...overrides });

const quarters = (year: number, values: readonly number[]) =>
  values.map((value, i) => ({ periodId: `${year}Q${i + 1}`, value }));
const months = (year: number, values: readonly number[]) =>
  values.map((value, i) => ({ periodId: `${year}${String(i + 1).padStart(2, '0')}`, value }));

const assess = (overrides: Partial<AssessmentInput>) =>
  assessTarget({
    target: buildTarget(),
    asOf: '2025-10-15',
    thresholds: defaultLightThresholds,
    series: [],
    ...overrides,
  });

const settings = { seed: 20251128, numRuns: 400 };

// Zeros are where lights and forecasts part ways (a season that starts late), so they come often.
const amount = fc.oneof(fc.constant(0), fc.double({ min: 0, max: 300, noNaN: true }));

describe('a light and its forecast', () => {
  it('is never green when its own forecast says the target will be missed', () => {
    const measure = fc.constantFrom<Measure>('flow', 'stock', 'rate', 'growth');
    fc.assert(
      fc.property(
        measure,
        fc.constantFrom<'higher' | 'lower'>('higher', 'lower'),
        fc.double({ min: 1, max: 2000, noNaN: true }),
        fc.array(amount, { minLength: 1, maxLength: 12 }),
        fc.option(fc.array(amount, { minLength: 12, maxLength: 12 }), {
          nil: undefined,
        }),
        fc.boolean(),
        fc.integer({ min: 1, max: 12 }),
        (m, direction, goal, values, lastYear, isReal, asOfMonth) => {
          const assessment = assess({
            target: buildTarget({
              measure: m,
              direction,
              value: goal,
              comparator: direction === 'lower' ? '<=' : '>=',
            }),
            asOf: `2025-${String(asOfMonth).padStart(2, '0')}-28`,
            series: months(2025, values),
            ...(lastYear === undefined ? {} : { lastYearSeries: months(2024, lastYear) }),
            lastYearIsReal: isReal,
            indicatorMeasure: m === 'growth' ? 'flow' : m,
          });
          if (assessment.forecast !== null && !assessment.forecast.willMeet)
            expect(assessment.light).not.toBe('green');
        },
      ),
      settings,
    );
  });

  it('is yellow, not green, early in a season that starts late when nothing is done yet', () => {
    // Last year's first quarter was empty, so 序时进度 at the end of February is 0% — and so is
    // the forecast: 0 done stays 0 on that profile, which misses the target.
    const assessment = assess({
      target: buildTarget({ value: 100, unit: '个' }),
      asOf: '2025-02-28',
      series: months(2025, [0, 0]),
      lastYearSeries: months(2024, [0, 0, 0, 5, 5, 5, 5, 5, 5, 5, 5, 5]),
      lastYearIsReal: true,
    });
    expect(assessment.expectedShare).toBe(0);
    expect(assessment.forecast?.willMeet).toBe(false);
    expect(assessment.light).toBe('yellow');
    expect(assessment.reason.zh).toContain('难以完成目标');
  });

  it('is red for a flow target with nothing done after three quarters, whatever last year did', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 50, noNaN: true }), { minLength: 4, maxLength: 4 }),
        fc.boolean(),
        fc.double({ min: 1, max: 1000, noNaN: true }),
        (lastYear, isReal, goal) => {
          const assessment = assess({
            target: buildTarget({ value: goal }),
            series: quarters(2025, [0, 0, 0]),
            lastYearSeries: quarters(2024, lastYear),
            lastYearIsReal: isReal,
          });
          expect(assessment.light).toBe('red');
        },
      ),
      settings,
    );
  });
});

describe('入驻“保税+”企业 ≥ 30 家 with 0 done at Q3 and a simulated 2024 of (0, 0, 0, 2)', () => {
  const assessment = assess({
    series: quarters(2025, [0, 0, 0]),
    lastYearSeries: quarters(2024, [0, 0, 0, 2]),
    lastYearIsReal: false,
  });

  it('is red, not green', () => expect(assessment.light).toBe('red'));

  it('holds the target against the calendar and says so', () => {
    expect(assessment.progressBasis).toBe('calendar');
    expect(assessment.reason.zh).toContain('（按时间进度）');
    // 273 of 365 days have passed by 30 September.
    expect(assessment.expectedShare).toBeCloseTo(273 / 365, 9);
  });

  it('draws the same expected series on the chart as the text uses', () => {
    const series = expectedProgressSeries(2025, 'quarter', null);
    expect(series.find((p) => p.periodId === '2025Q3')?.share).toBeCloseTo(
      assessment.expectedShare ?? Number.NaN,
      9,
    );
  });
});

describe('last year as the seasonal profile', () => {
  it('is refused when simulated', () =>
    expect(chooseProgressProfile(quarters(2024, [20, 25, 25, 30]), false)).toBeNull());

  it('is refused when nearly all of the year falls in one period', () =>
    expect(chooseProgressProfile(quarters(2024, [0, 0, 0, 2]), true)).toBeNull());

  it('is refused when fewer than half of the periods carry anything', () =>
    expect(
      chooseProgressProfile(months(2024, [0, 0, 0, 0, 0, 0, 0, 10, 10, 10, 10, 10]), true),
    ).toBeNull());

  it('is used when real and spread over the year', () =>
    expect(
      chooseProgressProfile(quarters(2024, [20, 25, 25, 30]), true)?.map((p) => p.cumulativeShare),
    ).toEqual([0.2, 0.45, 0.7, 1]));
});

describe('the gap of a rate or growth target', () => {
  it('is in percentage points, and zero rather than negative once the target is exceeded', () => {
    const rate = assess({
      target: buildTarget({ measure: 'rate', value: 90, unit: '%' }),
      series: months(2025, [95]),
    });
    expect(rate.gapPoints).toBe(0);
    const short = assess({
      target: buildTarget({ measure: 'rate', value: 90, unit: '%' }),
      series: months(2025, [88.5]),
    });
    expect(short.gapPoints).toBeCloseTo(1.5, 9);
    const growth = assess({
      target: buildTarget({ measure: 'growth', value: 6, unit: '%' }),
      series: months(2025, [7.2]),
      indicatorMeasure: 'growth',
    });
    expect(growth.gapPoints).toBe(0);
  });
});
