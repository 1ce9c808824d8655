import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCumulativeProfile, computeExpectedProgress } from './expected-progress.ts';
import type { ProfilePoint } from './expected-progress.ts';
import { addDays } from './period.ts';

const months2024 = Array.from({ length: 12 }, (_, i) => `2024${String(i + 1).padStart(2, '0')}`);

// A back-loaded year, as construction and investment usually are: 40% by June.
const backLoaded: readonly ProfilePoint[] = [
  0.03, 0.06, 0.12, 0.19, 0.28, 0.4, 0.48, 0.56, 0.66, 0.76, 0.87, 1,
].map((cumulativeShare, i) => ({ periodId: months2024[i]!, cumulativeShare }));

describe('computeExpectedProgress on the calendar', () => {
  it.each<[string, number, number]>([
    ['2025-01-01', 2025, 1 / 365],
    ['2025-06-30', 2025, 181 / 365],
    ['2025-12-31', 2025, 1],
    ['2024-06-30', 2024, 182 / 366],
    ['2024-12-31', 2025, 0],
    ['2026-03-01', 2025, 1],
  ])('expects %s of year %i to be %f done', (asOf, year, expected) => {
    expect(computeExpectedProgress(asOf, year)).toBeCloseTo(expected, 12);
  });

  it('treats an empty profile as no profile', () => {
    expect(computeExpectedProgress('2025-06-30', 2025, [])).toBeCloseTo(181 / 365, 12);
  });
});

describe('computeExpectedProgress on last year’s profile', () => {
  it.each<[string, number]>([
    ['2025-06-30', 0.4],
    ['2025-01-31', 0.03],
    ['2025-07-16', 0.4 + (0.08 * 16) / 31],
    ['2025-01-10', (0.03 * 10) / 31],
    ['2025-12-31', 1],
  ])('expects %s to be %f done when last year had 40% by June', (asOf, expected) => {
    expect(computeExpectedProgress(asOf, 2025, backLoaded)).toBeCloseTo(expected, 12);
  });

  it('reads a profile written with this year’s period ids the same way', () => {
    const thisYear = backLoaded.map((p) => ({
      ...p,
      periodId: p.periodId.replace('2024', '2025'),
    }));
    expect(computeExpectedProgress('2025-07-16', 2025, thisYear)).toBeCloseTo(
      computeExpectedProgress('2025-07-16', 2025, backLoaded),
      12,
    );
  });

  it('runs linearly to 1 at year end past the last point of a partial profile', () => {
    const halfYear = [{ periodId: '2024S1', cumulativeShare: 0.4 }];
    // 2025-S2 has 184 days; 1 October is day 93 of it.
    expect(computeExpectedProgress('2025-10-01', 2025, halfYear)).toBeCloseTo(
      0.4 + (0.6 * 93) / 184,
      12,
    );
  });

  it('interpolates a quarterly profile by days within the quarter', () => {
    const quarters = [0.15, 0.45, 0.7, 1].map((cumulativeShare, i) => ({
      periodId: `2024Q${i + 1}`,
      cumulativeShare,
    }));
    // Q2 2025 runs 1 April – 30 June (91 days); 15 May is its 45th day.
    expect(computeExpectedProgress('2025-05-15', 2025, quarters)).toBeCloseTo(
      0.15 + (0.3 * 45) / 91,
      12,
    );
  });

  it('never leaves 0–1 and never falls as the date moves on', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 12, maxLength: 12 }),
        fc.integer({ min: -20, max: 380 }),
        fc.integer({ min: 0, max: 40 }),
        fc.boolean(),
        (increments, offset, step, useProfile) => {
          const total = increments.reduce((a, b) => a + b, 0) || 1;
          let running = 0;
          const profile = increments.map((inc, i) => {
            running += inc;
            return { periodId: months2024[i]!, cumulativeShare: running / total };
          });
          const early = addDays('2025-01-01', offset);
          const late = addDays(early, step);
          const a = computeExpectedProgress(early, 2025, useProfile ? profile : undefined);
          const b = computeExpectedProgress(late, 2025, useProfile ? profile : undefined);
          expect(a).toBeGreaterThanOrEqual(0);
          expect(b).toBeLessThanOrEqual(1);
          expect(b).toBeGreaterThanOrEqual(a - 1e-12);
        },
      ),
      { seed: 20250630 },
    );
  });
});

describe('buildCumulativeProfile', () => {
  it('turns last year’s values into cumulative shares of its total', () => {
    const profile = buildCumulativeProfile([
      { periodId: '2024Q2', value: 300 },
      { periodId: '2024Q1', value: 100 },
      { periodId: '2024Q3', value: 250 },
      { periodId: '2024Q4', value: 350 },
    ]);
    expect(profile).toEqual([
      { periodId: '2024Q1', cumulativeShare: 0.1 },
      { periodId: '2024Q2', cumulativeShare: 0.4 },
      { periodId: '2024Q3', cumulativeShare: 0.65 },
      { periodId: '2024Q4', cumulativeShare: 1 },
    ]);
  });

  it.each<[string, { periodId: string; value: number }[]]>([
    ['no values', []],
    [
      'a missing quarter',
      [
        { periodId: '2024Q1', value: 1 },
        { periodId: '2024Q2', value: 1 },
        { periodId: '2024Q3', value: 1 },
      ],
    ],
    ['a total of zero', ['2024S1', '2024S2'].map((periodId) => ({ periodId, value: 0 }))],
    [
      'mixed period types',
      [
        { periodId: '2024S1', value: 1 },
        { periodId: '2024S2', value: 1 },
        { periodId: '2024Q1', value: 1 },
      ],
    ],
    [
      'two years',
      [
        { periodId: '2024S1', value: 1 },
        { periodId: '2024S2', value: 1 },
        { periodId: '2023S2', value: 1 },
      ],
    ],
  ])('gives no profile for %s', (_, series) => {
    expect(buildCumulativeProfile(series)).toBeNull();
  });
});
