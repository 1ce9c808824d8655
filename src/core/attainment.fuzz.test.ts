import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assessTarget } from './attainment.ts';
import type { AssessmentInput } from './attainment.ts';
import { defaultLightThresholds } from './light-thresholds.ts';
import type { Light } from './light-thresholds.ts';
import { buildTarget } from './target.fixture.ts';
import type { Target } from './target.ts';

const monthly = (year: number, values: readonly number[]) =>
  values.map((value, i) => ({ periodId: `${year}${String(i + 1).padStart(2, '0')}`, value }));

const rank: Record<Light, number> = { none: -1, red: 0, yellow: 1, green: 2, done: 3 };

const assess = (overrides: Partial<AssessmentInput>) =>
  assessTarget({
    target: buildTarget(),
    asOf: '2025-12-20',
    thresholds: defaultLightThresholds,
    series: [],
    ...overrides,
  });

const amount = fc.double({ min: 0, max: 500, noNaN: true });
const settings = { seed: 20250101, numRuns: 300 };

describe('assessTarget properties', () => {
  it('never shows a worse light for a flow when more is done', () => {
    fc.assert(
      fc.property(
        fc.array(amount, { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 0, max: 11 }),
        fc.double({ min: 0, max: 300, noNaN: true }),
        fc.option(fc.array(amount, { minLength: 12, maxLength: 12 }), { nil: undefined }),
        (values, index, extra, lastYear) => {
          const more = values.map((v, i) => (i === index % values.length ? v + extra : v));
          const lastYearSeries =
            lastYear === undefined ? {} : { lastYearSeries: monthly(2024, lastYear) };
          const before = assess({ series: monthly(2025, values), ...lastYearSeries });
          const after = assess({ series: monthly(2025, more), ...lastYearSeries });
          expect(rank[after.light]).toBeGreaterThanOrEqual(rank[before.light]);
          expect(before.light).not.toBe('none');
        },
      ),
      settings,
    );
  });

  it('gives a fall the mirror light of a rise (下降 t% against 增长 t%)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -30, max: 30, noNaN: true }),
        fc.double({ min: 0, max: 15, noNaN: true }),
        (growth, goal) => {
          const rise = buildTarget({ measure: 'growth', value: goal, unit: '%' });
          const fall = buildTarget({ measure: 'growth', value: goal, sign: -1, unit: '%' });
          const a = assess({ target: rise, series: monthly(2025, [growth]) });
          const b = assess({ target: fall, series: monthly(2025, [-growth]) });
          expect(b.light).toBe(a.light);
          expect(b.gapPoints).toBeCloseTo(a.gapPoints!, 9);
        },
      ),
      settings,
    );
  });

  it('gives a cap the mirror light of a floor', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 400, noNaN: true }),
        fc.double({ min: 1, max: 400, noNaN: true }),
        fc.constantFrom<Target['measure']>('stock', 'rate'),
        (value, goal, measure) => {
          const floor = buildTarget({ measure, value: goal });
          const cap = buildTarget({ measure, direction: 'lower', comparator: '<=', value: -goal });
          const a = assess({ target: floor, series: monthly(2025, [value]) });
          const b = assess({ target: cap, series: monthly(2025, [-value]) });
          expect(b.light).toBe(a.light);
        },
      ),
      settings,
    );
  });

  it('never shows green right after red while recovery is damped', () => {
    fc.assert(
      fc.property(
        fc.array(amount, { minLength: 1, maxLength: 12 }),
        fc.constantFrom<Light>('green', 'yellow', 'red', 'done', 'none'),
        (values, previousLight) => {
          const result = assess({ series: monthly(2025, values), previousLight });
          if (previousLight === 'red') expect(result.light).not.toBe('green');
          const undamped = assess({
            series: monthly(2025, values),
            previousLight,
            thresholds: { ...defaultLightThresholds, dampRecovery: false },
          });
          if (previousLight !== 'red') expect(result.light).toBe(undamped.light);
        },
      ),
      settings,
    );
  });
});
