import { describe, expect, it } from 'vitest';
import { forecastYearEnd } from './forecast.ts';
import type { ForecastInput } from './forecast.ts';
import { buildTarget } from './target.fixture.ts';

const monthly = (year: number, values: readonly number[]) =>
  values.map((value, i) => ({ periodId: `${year}${String(i + 1).padStart(2, '0')}`, value }));

const flat2024 = monthly(
  2024,
  Array.from({ length: 12 }, () => 100),
);
const backLoaded2024 = monthly(2024, [20, 20, 40, 40, 60, 60, 100, 100, 120, 140, 150, 150]);

const forecast = (overrides: Partial<ForecastInput> = {}) =>
  forecastYearEnd({
    target: buildTarget(),
    ytd: 420,
    asOf: '2025-06-30',
    year: 2025,
    ...overrides,
  });

describe('forecastYearEnd for a flow', () => {
  it.each<[string, Partial<ForecastInput>, number, boolean, 'profile' | 'calendar']>([
    [
      'says 420 by June will not meet 1000 when last year had half by June',
      { lastYearSeries: flat2024 },
      840,
      false,
      'profile',
    ],
    [
      'says 420 by June will meet 1000 when last year had 24% by June',
      { lastYearSeries: backLoaded2024 },
      1750,
      true,
      'profile',
    ],
    ['projects on the calendar without last year', {}, (420 * 365) / 181, false, 'calendar'],
    [
      'projects on the calendar when last year is incomplete',
      { lastYearSeries: flat2024.slice(0, 11) },
      (420 * 365) / 181,
      false,
      'calendar',
    ],
    [
      'says 城镇新增就业 1.7万 by June will meet 3万',
      { target: buildTarget({ value: 3, unit: '万人' }), ytd: 1.7 },
      (1.7 * 365) / 181,
      true,
      'calendar',
    ],
    [
      'says a cap of 1000 used 45% by June will hold',
      {
        target: buildTarget({ direction: 'lower', comparator: '<=' }),
        ytd: 450,
        lastYearSeries: flat2024,
      },
      900,
      true,
      'profile',
    ],
    [
      'says a cap of 1000 used 55% by June will not hold',
      {
        target: buildTarget({ direction: 'lower', comparator: '<=' }),
        ytd: 550,
        lastYearSeries: flat2024,
      },
      1100,
      false,
      'profile',
    ],
  ])('%s', (_, overrides, value, willMeet, method) => {
    const result = forecast(overrides);
    expect(result.value).toBeCloseTo(value, 9);
    expect(result).toMatchObject({ willMeet, method });
  });

  it('keeps the year-to-date value when nothing of the year has passed', () => {
    expect(forecast({ ytd: 5, asOf: '2024-12-31' }).value).toBe(5);
  });

  it('takes the year-end total as it stands once the year is over', () => {
    expect(forecast({ ytd: 980, asOf: '2025-12-31' })).toEqual({
      value: 980,
      willMeet: false,
      method: 'calendar',
    });
  });
});

describe('forecastYearEnd for growths and levels', () => {
  const growth = buildTarget({ metric: '第一产业增加值', measure: 'growth', value: 4, unit: '%' });

  it.each<[string, Partial<ForecastInput>, number, boolean]>([
    ['carries 4.5% growth forward against 4% (will meet)', { target: growth, ytd: 4.5 }, 4.5, true],
    [
      'carries 4.5% growth forward against 6% (will not meet)',
      { target: { ...growth, value: 6 }, ytd: 4.5 },
      4.5,
      false,
    ],
    [
      'carries a fall of 9% forward against a fall of 8.6%',
      { target: { ...growth, value: 8.6, sign: -1 }, ytd: -9 },
      -9,
      true,
    ],
    [
      'keeps 317 days against 310 days',
      { target: buildTarget({ measure: 'stock', value: 310, unit: '天' }), ytd: 317 },
      317,
      true,
    ],
    [
      'keeps 29.5% forest cover against 30%',
      { target: buildTarget({ measure: 'rate', value: 30, unit: '%' }), ytd: 29.5 },
      29.5,
      false,
    ],
  ])('%s', (_, overrides, value, willMeet) => {
    expect(forecast(overrides)).toMatchObject({ value, willMeet });
  });

  it('says a growth projected from amounts used last year’s profile', () => {
    expect(forecast({ target: growth, ytd: 4.5, lastYearSeries: flat2024 }).method).toBe('profile');
  });

  it('says a level is projected without a profile even when last year is given', () => {
    const level = buildTarget({ measure: 'stock', value: 310 });
    expect(forecast({ target: level, ytd: 317, lastYearSeries: flat2024 }).method).toBe('calendar');
  });
});
