import { describe, expect, it } from 'vitest';
import {
  computeHeadline,
  finestPeriodType,
  pickHeadlineIndicators,
  type HeadlineCandidate,
  type HeadlinePoint,
} from './headline.ts';

const months = (year: number, values: (number | null)[], source = 'simulated'): HeadlinePoint[] =>
  values.map((value, i) => ({
    periodId: `${year}${String(i + 1).padStart(2, '0')}`,
    value,
    source,
  }));

describe('the headline figure of a series', () => {
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
      partialPeriods: [],
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

  it('names the months of a year-to-date total summed over fewer units than report', () => {
    // February's district figure counts 19 of the 26 towns; January's all of them; March is
    // the district's own figure, complete whatever the towns did.
    const h = computeHeadline(
      [
        {
          periodId: '202501',
          value: 10,
          source: 'aggregate',
          own: null,
          descendantsCount: 26,
          descendantsExpected: 26,
        },
        {
          periodId: '202502',
          value: 7,
          source: 'aggregate',
          own: null,
          descendantsCount: 19,
          descendantsExpected: 26,
        },
        {
          periodId: '202503',
          value: 12,
          source: 'entered',
          own: 12,
          descendantsCount: 3,
          descendantsExpected: 26,
        },
      ],
      'flow',
    )!;
    expect(h.value).toBe(29);
    expect(h.partialPeriods).toEqual(['202502']);
  });

  it('looks only at the latest period of a stock for partiality', () => {
    const h = computeHeadline(
      [
        {
          periodId: '202501',
          value: 5,
          source: 'aggregate',
          own: null,
          descendantsCount: 1,
          descendantsExpected: 2,
        },
        {
          periodId: '202502',
          value: 9,
          source: 'aggregate',
          own: null,
          descendantsCount: 2,
          descendantsExpected: 2,
        },
      ],
      'stock',
    )!;
    expect(h.partialPeriods).toEqual([]);
  });
});

describe('the finest period type of a series', () => {
  it('prefers months to quarters to years', () => {
    expect(
      finestPeriodType([{ periodId: '2024' }, { periodId: '2024Q1' }, { periodId: '202401' }]),
    ).toBe('month');
    expect(finestPeriodType([{ periodId: '2024' }, { periodId: '2024Q1' }])).toBe('quarter');
    expect(finestPeriodType([])).toBeNull();
  });
});

describe('choosing the headline indicators', () => {
  const indicator = (
    code: string,
    categoryCodes: string[],
    over: Partial<HeadlineCandidate> = {},
  ): HeadlineCandidate => ({
    code,
    kind: 'statistic',
    measure: 'flow',
    cadence: 'month',
    categoryCodes,
    ...over,
  });
  // Two runways of the economy (E.1, E.2) and one of society (S.1), in the category tree's order.
  const categoryOrder = ['E', 'E.1', 'E.1.a', 'E.2', 'S', 'S.1'];
  const indicators = [
    indicator('RETAIL', ['E.2']),
    indicator('GDP', ['E.1'], { cadence: 'quarter' }),
    indicator('IND', ['E.1.a']),
    indicator('JOBS', ['S.1']),
    indicator('RATE', ['E.1'], { measure: 'rate' }),
    indicator('PARKS', ['S.1'], { kind: 'kpi', measure: 'stock' }),
    indicator('YEARLY', ['E.2'], { cadence: 'year' }),
    indicator('BEDS', ['S.1'], { kind: 'kpi', measure: 'stock', cadence: 'quarter' }),
  ];

  it('puts the first amount of each runway first, then the other amounts, then what the plan measures', () => {
    const picked = pickHeadlineIndicators(
      ['BEDS', 'RETAIL', 'YEARLY', 'PARKS', 'BEDS'],
      indicators,
      categoryOrder,
    );
    // GDP leads E.1 (its category comes before E.1.a), RETAIL leads E.2, JOBS leads S.1; IND is
    // the other amount; then the linked monthly and quarterly ones in the plan's order (BEDS,
    // PARKS), each once. The yearly figure stays out though linked; RATE is no amount.
    expect(picked.map((i) => i.code)).toEqual(['GDP', 'RETAIL', 'JOBS', 'IND', 'BEDS', 'PARKS']);
  });

  it('keeps at most the number asked', () => {
    expect(pickHeadlineIndicators([], indicators, categoryOrder, 2).map((i) => i.code)).toEqual([
      'GDP',
      'RETAIL',
    ]);
  });
});
