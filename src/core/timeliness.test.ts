import { describe, expect, it } from 'vitest';
import { parsePeriod } from './period.ts';
import {
  computeDueDate,
  computeTimelinessRates,
  defaultDueRules,
  isPastDue,
  periodsEnded,
  periodsPastDue,
} from './timeliness.ts';

describe('computeDueDate', () => {
  it.each([
    ['202503', '2025-04-10'],
    ['202502', '2025-03-10'],
    ['202412', '2025-01-10'],
    ['2025Q1', '2025-04-15'],
    ['2025Q4', '2026-01-15'],
    ['2025S1', '2025-07-15'],
    ['2024', '2025-01-31'],
    ['202503D2', '2025-03-23'],
    ['20250315', '2025-03-16'],
  ])('makes %s due on %s by default', (periodId, due) => {
    expect(computeDueDate(parsePeriod(periodId), defaultDueRules)).toBe(due);
  });

  it('follows an overridden due day', () => {
    expect(computeDueDate(parsePeriod('202503'), { ...defaultDueRules, month: 5 })).toBe(
      '2025-04-05',
    );
  });
});

describe('isPastDue', () => {
  it.each([
    ['2025-04-09', false],
    ['2025-04-10', false],
    ['2025-04-11', true],
  ])('on %s March is past due: %s', (asOf, expected) => {
    expect(isPastDue(parsePeriod('202503'), defaultDueRules, asOf)).toBe(expected);
  });
});

describe('periodsPastDue', () => {
  it('lists the months whose due day has passed, from a date', () => {
    expect(
      periodsPastDue('month', '2025-01-01', '2025-03-11', defaultDueRules).map((p) => p.id),
    ).toEqual(['202501', '202502']);
  });

  it('includes last year’s quarter due in January', () => {
    expect(
      periodsPastDue('quarter', '2024-07-01', '2025-01-16', defaultDueRules).map((p) => p.id),
    ).toEqual(['2024Q3', '2024Q4']);
  });

  it('is empty before the first due day', () => {
    expect(periodsPastDue('year', '2025-01-01', '2025-06-30', defaultDueRules)).toEqual([]);
  });
});

describe('periodsEnded', () => {
  it('lists the months ended before the day, due or not yet due', () => {
    // On 5 March February has ended (due 10 March) and March has not.
    expect(periodsEnded('month', '2025-01-01', '2025-03-05').map((p) => p.id)).toEqual([
      '202501',
      '202502',
    ]);
  });

  it('counts a month as ended only the day after its last day', () => {
    expect(periodsEnded('month', '2025-03-01', '2025-03-31').map((p) => p.id)).toEqual([]);
    expect(periodsEnded('month', '2025-03-01', '2025-04-01').map((p) => p.id)).toEqual(['202503']);
  });

  it('holds every period past due, and the ones due on that day', () => {
    const asOf = '2025-04-10';
    const ended = periodsEnded('month', '2025-01-01', asOf).map((p) => p.id);
    const pastDue = periodsPastDue('month', '2025-01-01', asOf, defaultDueRules).map((p) => p.id);
    // March is due on 10 April: ended, on the list, not yet past due.
    expect(ended).toEqual(['202501', '202502', '202503']);
    expect(pastDue).toEqual(['202501', '202502']);
  });
});

describe('computeTimelinessRates', () => {
  it('counts present and on-time values against those due', () => {
    expect(
      computeTimelinessRates([
        { dueDate: '2025-04-10', submittedOn: '2025-04-10' },
        { dueDate: '2025-04-10', submittedOn: '2025-04-12' },
        { dueDate: '2025-04-10', submittedOn: null },
        { dueDate: '2025-05-10', submittedOn: '2025-05-01' },
      ]),
    ).toEqual({ due: 4, present: 3, onTime: 2, completeness: 0.75, timeliness: 0.5 });
  });

  it('has no rates when nothing was due', () => {
    expect(computeTimelinessRates([])).toEqual({
      due: 0,
      present: 0,
      onTime: 0,
      completeness: null,
      timeliness: null,
    });
  });
});
