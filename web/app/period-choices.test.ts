import { describe, expect, it } from 'vitest';
import { periodChoices, previousMonthId, todayIso } from './period-choices.ts';

describe('previousMonthId', () => {
  it.each([
    ['2025-01-15', '202412'],
    ['2025-03-01', '202502'],
    ['2025-12-31', '202511'],
  ])('gives the month before %s as %s', (today, expected) => {
    expect(previousMonthId(today)).toBe(expected);
  });
});

describe('periodChoices', () => {
  it('lists finished months, then quarters, then years, newest first', () => {
    expect(periodChoices('2025-04-02', { months: 4, quarters: 2, years: 2 })).toEqual([
      '202503',
      '202502',
      '202501',
      '202412',
      '2025Q1',
      '2024Q4',
      '2024',
      '2023',
    ]);
  });

  it('starts with the previous quarter inside the first quarter', () => {
    expect(periodChoices('2025-02-10', { months: 0, quarters: 1, years: 0 })).toEqual(['2024Q4']);
  });

  it('offers the default period first', () => {
    expect(periodChoices('2025-07-09')[0]).toBe(previousMonthId('2025-07-09'));
  });
});

describe('todayIso', () => {
  it('writes a local date as YYYY-MM-DD', () => {
    expect(todayIso(new Date(2025, 0, 5, 12))).toBe('2025-01-05');
  });
});
