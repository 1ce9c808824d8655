import { describe, expect, it } from 'vitest';
import {
  defaultEntryPeriod,
  matchesPeriodSearch,
  periodChoices,
  previousMonthId,
  todayIso,
} from './period-choices.ts';

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

describe('defaultEntryPeriod', () => {
  it('opens the first form on the to-do that still needs the reporter', () => {
    const todo = [
      { periodId: '202507', state: 'returned' },
      { periodId: '202510', state: 'not-started' },
      { periodId: '202506', state: 'submitted' },
    ];
    expect(defaultEntryPeriod(todo, '2026-11-29')).toBe('202507');
    expect(defaultEntryPeriod(todo.slice(1), '2026-11-29')).toBe('202510');
  });

  it('opens the latest month come due when nothing waits on the reporter', () => {
    expect(defaultEntryPeriod([{ periodId: '202506', state: 'submitted' }], '2026-11-29')).toBe(
      '202610',
    );
    expect(defaultEntryPeriod([], '2026-01-05')).toBe('202512');
  });
});

describe('matchesPeriodSearch', () => {
  it.each(['2025-10', '202510', '2025年10月', 'Oct 2025'])(
    'finds October 2025 and only it from %j',
    (typed) => {
      expect(matchesPeriodSearch(typed, '202510', '2025年10月')).toBe(true);
      expect(matchesPeriodSearch(typed, '202501', '2025年1月')).toBe(false);
      expect(matchesPeriodSearch(typed, '202410', '2024年10月')).toBe(false);
    },
  );

  it('keeps a year’s periods in view while the month is still being typed', () => {
    expect(matchesPeriodSearch('2025', '202503', '2025年3月')).toBe(true);
    expect(matchesPeriodSearch('2025', '2025Q1', '2025年第一季度')).toBe(true);
    expect(matchesPeriodSearch('2025', '202412', '2024年12月')).toBe(false);
  });

  it('falls back to the label for words', () => {
    expect(matchesPeriodSearch('季度', '2025Q1', '2025年第一季度')).toBe(true);
    expect(matchesPeriodSearch('季度', '202501', '2025年1月')).toBe(false);
  });
});
