import { describe, expect, it } from 'vitest';
import { computeMilestoneLight, computeSlipDays, type MilestoneDates } from './milestone.ts';

const m = (overrides: Partial<MilestoneDates>): MilestoneDates => ({
  plannedDate: '2025-06-30',
  forecastDate: null,
  actualDate: null,
  baselineDate: '2025-06-30',
  ...overrides,
});

describe('computeSlipDays', () => {
  it.each<[string, Partial<MilestoneDates>, string, number | null]>([
    ['done 5 days late', { actualDate: '2025-07-05' }, '2025-08-01', 5],
    ['done 10 days early', { actualDate: '2025-06-20' }, '2025-08-01', -10],
    ['forecast 20 days late', { forecastDate: '2025-07-20' }, '2025-05-01', 20],
    ['undone, baseline passed 12 days ago', {}, '2025-07-12', 12],
    [
      'a re-planned date does not move the baseline',
      { plannedDate: '2025-09-30' },
      '2025-05-01',
      92,
    ],
    [
      'without baseline, against the plan',
      { baselineDate: null, forecastDate: '2025-07-02' },
      '2025-05-01',
      2,
    ],
    ['nothing to measure against', { baselineDate: null, plannedDate: null }, '2025-05-01', null],
  ])('%s', (_name, overrides, today, expected) => {
    expect(computeSlipDays(m(overrides), today)).toBe(expected);
  });
});

describe('computeMilestoneLight', () => {
  it.each<[string, Partial<MilestoneDates>, string, string]>([
    ['done, however late', { actualDate: '2025-09-30' }, '2025-10-01', 'done'],
    ['on schedule', {}, '2025-05-01', 'green'],
    ['forecast 29 days late, not yet due', { forecastDate: '2025-07-29' }, '2025-05-01', 'yellow'],
    ['forecast 30 days late', { forecastDate: '2025-07-30' }, '2025-05-01', 'red'],
    ['past due undone', {}, '2025-07-01', 'red'],
    ['no dates', { baselineDate: null, plannedDate: null }, '2025-05-01', 'none'],
  ])('%s is %s', (_name, overrides, today, light) => {
    expect(computeMilestoneLight(m(overrides), today).light).toBe(light);
  });
});
