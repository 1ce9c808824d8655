import { describe, expect, it } from 'vitest';
import { isDomainError } from './domain-error.ts';
import {
  periodIdFromText,
  addDays,
  dayOfYear,
  daysBetween,
  daysInYear,
  isIsoDate,
  isPeriodId,
  nextPeriod,
  parsePeriod,
  periodLabel,
  periodOf,
  periodRange,
  periodTypes,
  periodsWithin,
  previousPeriod,
  samePeriodLastYear,
  yearOfPeriod,
} from './period.ts';
import type { Period, PeriodType } from './period.ts';

/** Whether every day of `inner` lies within `outer` (types may differ). */
const periodContains = (outer: Period, inner: Period): boolean =>
  outer.start <= inner.start && inner.end <= outer.end;

const ids = (periods: readonly { id: string }[]) => periods.map((p) => p.id);

describe('parsePeriod', () => {
  it.each<[string, PeriodType, string, string]>([
    ['2025', 'year', '2025-01-01', '2025-12-31'],
    ['2025S1', 'half', '2025-01-01', '2025-06-30'],
    ['2025S2', 'half', '2025-07-01', '2025-12-31'],
    ['2025Q1', 'quarter', '2025-01-01', '2025-03-31'],
    ['2025Q2', 'quarter', '2025-04-01', '2025-06-30'],
    ['2025Q3', 'quarter', '2025-07-01', '2025-09-30'],
    ['2025Q4', 'quarter', '2025-10-01', '2025-12-31'],
    ['202503', 'month', '2025-03-01', '2025-03-31'],
    ['202504', 'month', '2025-04-01', '2025-04-30'],
    ['202412', 'month', '2024-12-01', '2024-12-31'],
    ['202402', 'month', '2024-02-01', '2024-02-29'],
    ['202502', 'month', '2025-02-01', '2025-02-28'],
    ['202503D1', 'dekad', '2025-03-01', '2025-03-10'],
    ['202503D2', 'dekad', '2025-03-11', '2025-03-20'],
    ['202503D3', 'dekad', '2025-03-21', '2025-03-31'],
    ['202504D3', 'dekad', '2025-04-21', '2025-04-30'],
    ['202402D3', 'dekad', '2024-02-21', '2024-02-29'],
    ['202502D3', 'dekad', '2025-02-21', '2025-02-28'],
    ['190002D3', 'dekad', '1900-02-21', '1900-02-28'],
    ['200002D3', 'dekad', '2000-02-21', '2000-02-29'],
    ['2025W1', 'week', '2024-12-30', '2025-01-05'],
    ['2025W12', 'week', '2025-03-17', '2025-03-23'],
    ['2025W52', 'week', '2025-12-22', '2025-12-28'],
    ['2020W53', 'week', '2020-12-28', '2021-01-03'],
    ['2021W1', 'week', '2021-01-04', '2021-01-10'],
    ['2026W53', 'week', '2026-12-28', '2027-01-03'],
    ['2015W53', 'week', '2015-12-28', '2016-01-03'],
    ['2004W53', 'week', '2004-12-27', '2005-01-02'],
    ['20250315', 'day', '2025-03-15', '2025-03-15'],
    ['20240229', 'day', '2024-02-29', '2024-02-29'],
    ['20251231', 'day', '2025-12-31', '2025-12-31'],
  ])('parses %s as a %s from %s to %s', (id, type, start, end) => {
    expect(parsePeriod(id)).toEqual({ type, id, start, end });
  });

  it.each([
    ['', 'empty'],
    ['25', 'two-digit year'],
    ['2025W01', 'padded week'],
    ['2025W0', 'week 0'],
    ['2025W54', 'week 54'],
    ['2021W53', 'week 53 in a 52-week year'],
    ['2025W53', 'week 53 in a 52-week year'],
    ['202513', 'month 13'],
    ['202500', 'month 0'],
    ['20253', 'unpadded month'],
    ['2025Q5', 'quarter 5'],
    ['2025Q0', 'quarter 0'],
    ['2025S3', 'half 3'],
    ['2025H1', 'half written H'],
    ['202503D4', 'dekad 4'],
    ['202503D0', 'dekad 0'],
    ['20250230', '30 February'],
    ['20250229', '29 February in a common year'],
    ['21000229', '29 February in 2100'],
    ['20250431', '31 April'],
    ['20250001', 'month 0 day'],
    ['0000', 'year 0'],
    ['2025-03', 'dashed month'],
    ['2025-03-15', 'ISO date'],
    [' 2025', 'leading space'],
    ['2025q1', 'lower-case quarter'],
    ['2025BiW1', 'unsupported DHIS2 type'],
    ['2025April', 'unsupported DHIS2 type'],
  ])('rejects %j (%s) with INVALID_PERIOD', (id) => {
    expect(isPeriodId(id)).toBe(false);
    try {
      parsePeriod(id);
      expect.unreachable();
    } catch (error) {
      expect(isDomainError(error) && error.code).toBe('INVALID_PERIOD');
      expect(isDomainError(error) && error.messageEn).toContain(id);
    }
  });

  it.each([
    ['1948', false],
    ['1949', true],
    ['170001', false],
    ['0001Q1', false],
    ['2100W1', true],
    ['2101S1', false],
  ])('takes %s as a data period id: %s (years 1949–2100)', (id, expected) => {
    expect(isPeriodId(id)).toBe(expected);
  });

  it('accepts 29 February in a leap year and in 2000', () => {
    expect(isPeriodId('20240229')).toBe(true);
    expect(isPeriodId('20000229')).toBe(true);
  });

  it('returns frozen periods', () => {
    expect(Object.isFrozen(parsePeriod('202503'))).toBe(true);
  });
});

describe('periodTypes', () => {
  it('lists the types from finest to coarsest', () => {
    expect(periodTypes).toEqual(['day', 'week', 'dekad', 'month', 'quarter', 'half', 'year']);
  });
});

describe('periodOf', () => {
  it.each<[PeriodType, string, string]>([
    ['day', '2025-03-15', '20250315'],
    ['week', '2025-03-15', '2025W11'],
    ['week', '2025-03-17', '2025W12'],
    ['week', '2025-03-23', '2025W12'],
    ['dekad', '2025-03-10', '202503D1'],
    ['dekad', '2025-03-11', '202503D2'],
    ['dekad', '2025-03-20', '202503D2'],
    ['dekad', '2025-03-21', '202503D3'],
    ['dekad', '2025-03-31', '202503D3'],
    ['dekad', '2024-02-29', '202402D3'],
    ['month', '2025-03-15', '202503'],
    ['quarter', '2025-03-31', '2025Q1'],
    ['quarter', '2025-04-01', '2025Q2'],
    ['quarter', '2025-12-31', '2025Q4'],
    ['half', '2025-06-30', '2025S1'],
    ['half', '2025-07-01', '2025S2'],
    ['year', '2025-12-31', '2025'],
  ])('puts the %s of %s in %s', (type, date, id) => {
    expect(periodOf(type, date).id).toBe(id);
  });

  it.each([
    ['2021-01-01', '2020W53'],
    ['2021-01-03', '2020W53'],
    ['2021-01-04', '2021W1'],
    ['2020-12-31', '2020W53'],
    ['2024-12-29', '2024W52'],
    ['2024-12-30', '2025W1'],
    ['2024-12-31', '2025W1'],
    ['2025-01-01', '2025W1'],
    ['2025-12-28', '2025W52'],
    ['2025-12-29', '2026W1'],
    ['2026-12-31', '2026W53'],
    ['2027-01-03', '2026W53'],
    ['2027-01-04', '2027W1'],
    ['2016-01-01', '2015W53'],
    ['2010-01-03', '2009W53'],
    ['2008-12-29', '2009W1'],
  ])('puts %s in ISO week %s', (date, id) => {
    expect(periodOf('week', date).id).toBe(id);
  });

  it.each(['2025-02-29', '2025-13-01', '20250315', '2025-3-1', ''])(
    'throws INVALID_PERIOD for the date %j',
    (date) => {
      expect(() => periodOf('month', date)).toThrow(
        expect.objectContaining({ code: 'INVALID_PERIOD' }),
      );
    },
  );
});

describe('nextPeriod and previousPeriod', () => {
  it.each([
    ['2025', '2026'],
    ['2025S1', '2025S2'],
    ['2025S2', '2026S1'],
    ['2025Q4', '2026Q1'],
    ['202512', '202601'],
    ['202502D3', '202503D1'],
    ['202503D1', '202503D2'],
    ['202512D3', '202601D1'],
    ['2020W52', '2020W53'],
    ['2020W53', '2021W1'],
    ['2025W52', '2026W1'],
    ['20241231', '20250101'],
    ['20240228', '20240229'],
    ['20250228', '20250301'],
  ])('steps from %s to %s and back', (from, to) => {
    expect(nextPeriod(parsePeriod(from)).id).toBe(to);
    expect(previousPeriod(parsePeriod(to)).id).toBe(from);
  });

  it('throws INVALID_PERIOD past year 9999', () => {
    expect(() => nextPeriod(parsePeriod('9999'))).toThrow(
      expect.objectContaining({ code: 'INVALID_PERIOD' }),
    );
  });
});

describe('periodContains', () => {
  it.each([
    ['2025', '202503', true],
    ['2025', '2025W1', false],
    ['2025', '2025W2', true],
    ['2025Q1', '202503D3', true],
    ['2025Q1', '202504D1', false],
    ['202503', '202503', true],
    ['202503', '2025Q1', false],
    ['2025S2', '20251231', true],
    ['2025S2', '20250630', false],
    ['2020W53', '20210103', true],
  ])('says %s contains %s: %s', (outer, inner, expected) => {
    expect(periodContains(parsePeriod(outer), parsePeriod(inner))).toBe(expected);
  });
});

describe('periodRange', () => {
  it.each([
    ['202511', '202602', ['202511', '202512', '202601', '202602']],
    ['2025Q3', '2026Q1', ['2025Q3', '2025Q4', '2026Q1']],
    ['2020W52', '2021W2', ['2020W52', '2020W53', '2021W1', '2021W2']],
    ['202502D2', '202503D1', ['202502D2', '202502D3', '202503D1']],
    ['20240228', '20240301', ['20240228', '20240229', '20240301']],
    ['2025', '2025', ['2025']],
    ['2026', '2025', []],
  ])('lists %s to %s inclusive', (from, to, expected) => {
    expect(ids(periodRange(parsePeriod(from), parsePeriod(to)))).toEqual(expected);
  });

  it('throws INVALID_PERIOD for periods of different types', () => {
    expect(() => periodRange(parsePeriod('202501'), parsePeriod('2025Q2'))).toThrow(
      expect.objectContaining({ code: 'INVALID_PERIOD' }),
    );
  });
});

describe('periodsWithin', () => {
  it.each<[string, PeriodType, string[]]>([
    ['2025', 'quarter', ['2025Q1', '2025Q2', '2025Q3', '2025Q4']],
    ['2025', 'half', ['2025S1', '2025S2']],
    ['2025S2', 'quarter', ['2025Q3', '2025Q4']],
    ['2025Q1', 'month', ['202501', '202502', '202503']],
    ['202402', 'dekad', ['202402D1', '202402D2', '202402D3']],
    [
      '202503D2',
      'day',
      [
        '20250311',
        '20250312',
        '20250313',
        '20250314',
        '20250315',
        '20250316',
        '20250317',
        '20250318',
        '20250319',
        '20250320',
      ],
    ],
    // Weeks count where their Thursday falls.
    ['202501', 'week', ['2025W1', '2025W2', '2025W3', '2025W4', '2025W5']],
    ['202412', 'week', ['2024W49', '2024W50', '2024W51', '2024W52']],
    ['202101', 'week', ['2021W1', '2021W2', '2021W3', '2021W4']],
    ['202012', 'week', ['2020W49', '2020W50', '2020W51', '2020W52', '2020W53']],
    ['202503', 'year', []],
    ['202501', 'year', ['2025']],
  ])('finds within %s the %s periods %j', (outer, type, expected) => {
    expect(ids(periodsWithin(parsePeriod(outer), type))).toEqual(expected);
  });

  it.each([2020, 2021, 2025, 2026])('finds every ISO week of %i within that year', (year) => {
    const weeks = periodsWithin(parsePeriod(String(year)), 'week');
    expect(weeks[0]?.id).toBe(`${year}W1`);
    expect(weeks.at(-1)?.id).toBe(`${year}W${year === 2020 || year === 2026 ? 53 : 52}`);
  });

  it('finds 365 or 366 days within a year', () => {
    expect(periodsWithin(parsePeriod('2024'), 'day')).toHaveLength(366);
    expect(periodsWithin(parsePeriod('2025'), 'day')).toHaveLength(365);
  });
});

describe('samePeriodLastYear', () => {
  it.each([
    ['2025', '2024'],
    ['2025S2', '2024S2'],
    ['2025Q1', '2024Q1'],
    ['202503', '202403'],
    ['202502D3', '202402D3'],
    ['202402D3', '202302D3'],
    ['2025W12', '2024W12'],
    ['2021W1', '2020W1'],
    ['2021W52', '2020W52'],
    ['2026W53', '2025W52'],
    ['2015W53', '2014W52'],
    ['2016W52', '2015W52'],
    ['20250315', '20240315'],
    ['20240229', '20230228'],
    ['20250101', '20240101'],
  ])('maps %s to %s', (id, expected) => {
    expect(samePeriodLastYear(parsePeriod(id)).id).toBe(expected);
  });
});

describe('yearOfPeriod', () => {
  it.each([
    ['2025', 2025],
    ['2025S2', 2025],
    ['2025Q4', 2025],
    ['202512', 2025],
    ['202512D3', 2025],
    ['20251231', 2025],
    ['2025W1', 2025],
    ['2020W53', 2020],
    ['2026W1', 2026],
  ])('gives %s the year %i', (id, year) => {
    expect(yearOfPeriod(parsePeriod(id))).toBe(year);
  });
});

describe('dates', () => {
  it.each([
    ['2024-02-28', '2024-03-01', 2],
    ['2025-02-28', '2025-03-01', 1],
    ['2025-03-01', '2025-02-28', -1],
    ['2024-01-01', '2025-01-01', 366],
    ['2025-01-01', '2025-01-01', 0],
    ['1970-01-01', '2000-01-01', 10957],
  ])('counts the days from %s to %s as %i', (a, b, days) => {
    expect(daysBetween(a, b)).toBe(days);
  });

  it.each([
    ['2024-12-31', 1, '2025-01-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2025-03-01', -1, '2025-02-28'],
    ['2025-03-15', 0, '2025-03-15'],
    ['1969-12-31', 1, '1970-01-01'],
    ['2025-01-01', 365, '2026-01-01'],
    ['1900-03-01', -1, '1900-02-28'],
  ])('adds to %s %i days giving %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });

  it.each([
    ['2025-01-01', 1],
    ['2025-03-01', 60],
    ['2024-03-01', 61],
    ['2025-12-31', 365],
    ['2024-12-31', 366],
  ])('numbers %s as day %i of its year', (date, n) => {
    expect(dayOfYear(date)).toBe(n);
  });

  it.each([
    [2024, 366],
    [2025, 365],
    [2000, 366],
    [1900, 365],
    [2100, 365],
  ])('gives %i %i days', (year, days) => {
    expect(daysInYear(year)).toBe(days);
  });

  it.each([
    ['2025-03-15', true],
    ['2024-02-29', true],
    ['2025-02-29', false],
    ['2025-04-31', false],
    ['2025-13-01', false],
    ['2025-00-10', false],
    ['2025-3-15', false],
    ['20250315', false],
    ['2025-03-15T00:00:00Z', false],
    ['', false],
  ])('judges %j a date: %s', (s, expected) => {
    expect(isIsoDate(s)).toBe(expected);
  });
});

describe('periodLabel', () => {
  it.each([
    ['2025', '2025年', '2025'],
    ['2025S1', '2025年上半年', 'H1 2025'],
    ['2025S2', '2025年下半年', 'H2 2025'],
    ['2025Q1', '2025年第一季度', 'Q1 2025'],
    ['2025Q4', '2025年第四季度', 'Q4 2025'],
    ['202503', '2025年3月', 'Mar 2025'],
    ['202512', '2025年12月', 'Dec 2025'],
    ['202503D1', '2025年3月上旬', '2025-03 1st dekad'],
    ['202503D2', '2025年3月中旬', '2025-03 2nd dekad'],
    ['202503D3', '2025年3月下旬', '2025-03 3rd dekad'],
    ['2025W12', '2025年第12周', 'Week 12, 2025'],
    ['2025W1', '2025年第1周', 'Week 1, 2025'],
    ['2020W53', '2020年第53周', 'Week 53, 2020'],
    ['20250315', '2025年3月15日', '15 Mar 2025'],
  ])('names %s %s in Chinese and %s in English', (id, zh, en) => {
    expect(periodLabel(parsePeriod(id), 'zh')).toBe(zh);
    expect(periodLabel(parsePeriod(id), 'en')).toBe(en);
  });
});

describe('periodIdFromText', () => {
  it.each([
    ['202510', '202510'],
    ['2025-10', '202510'],
    ['2025/10', '202510'],
    ['2025.1', '202501'],
    ['2025年10月', '202510'],
    ['2025年1月', '202501'],
    ['２０２５年１０月', '202510'],
    [' 2025 - 10 ', '202510'],
    ['2025Q3', '2025Q3'],
    ['2025q3', '2025Q3'],
    ['2025-Q3', '2025Q3'],
    ['Q3 2025', '2025Q3'],
    ['2025年第三季度', '2025Q3'],
    ['2025年三季度', '2025Q3'],
    ['2025年第3季度', '2025Q3'],
    ['2025', '2025'],
    ['2025年', '2025'],
    ['Oct 2025', '202510'],
    ['October 2025', '202510'],
  ])('reads %j as %s', (text, id) => {
    expect(periodIdFromText(text)).toBe(id);
  });

  it.each(['', '2025-13', '202500', '1700-01', '2025年第五季度', '10月', 'abc 2025', '2025-10-32'])(
    'reads %j as no period',
    (text) => {
      expect(periodIdFromText(text)).toBe(null);
    },
  );
});
