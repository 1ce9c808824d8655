import { describe, expect, it } from 'vitest';
import type { OverdueData, TimelinessData } from '../../app/api.ts';
import { rateColor, sortRateRows, summarizeTimeliness, toOverdueRows } from './timeliness-rows.ts';

type Row = TimelinessData['units'][number];
const rate = (
  unitName: string,
  due: number,
  completeness: number | null,
  timeliness: number | null,
): Row => ({
  unitCode: unitName,
  unitName,
  unitKind: 'region',
  parentCode: null,
  due,
  present: 0,
  onTime: 0,
  completeness,
  timeliness,
});

const overdue: OverdueData = {
  asOf: '2025-12-20',
  since: '2024-12-20',
  units: [
    {
      unitCode: 'a',
      unitName: '甲',
      unitKind: 'region',
      overdueValues: 2,
      periods: [
        { periodId: '202511', dueDate: '2025-12-10', daysOverdue: 10, indicatorCodes: ['X', 'Y'] },
      ],
    },
    { unitCode: 'b', unitName: '乙', unitKind: 'region', overdueValues: 0, periods: [] },
    {
      unitCode: 'c',
      unitName: '丙',
      unitKind: 'department',
      overdueValues: 5,
      periods: [
        { periodId: '202510', dueDate: '2025-11-10', daysOverdue: 40, indicatorCodes: ['X'] },
        {
          periodId: '202511',
          dueDate: '2025-12-10',
          daysOverdue: 10,
          indicatorCodes: ['X', 'Y', 'Z', 'W'],
        },
      ],
    },
  ],
};

describe('sortRateRows', () => {
  it('puts the least complete first and leaves out units with nothing due', () => {
    const rows = [
      rate('a', 10, 0.9, 0.5),
      rate('b', 10, 0.5, 0.5),
      rate('c', 0, null, null),
      rate('d', 10, null, null),
      rate('e', 10, 0.9, 0.2),
    ];
    expect(sortRateRows(rows).map((r) => r.unitName)).toEqual(['b', 'e', 'a', 'd']);
  });
});

describe('toOverdueRows', () => {
  it('lists units with overdue values, most first, with their longest delay', () => {
    expect(
      toOverdueRows(overdue).map((r) => [r.unitCode, r.overdueValues, r.maxDaysOverdue]),
    ).toEqual([
      ['c', 5, 40],
      ['a', 2, 10],
    ]);
  });
});

describe('summarizeTimeliness', () => {
  it('gives the Overview the year’s rates and who is late', () => {
    const rates: TimelinessData = {
      year: 2025,
      asOf: '2025-12-20',
      rules: { day: 1, week: 3, dekad: 3, month: 10, quarter: 15, half: 15, year: 31 },
      overall: { due: 100, present: 80, onTime: 60, completeness: 0.8, timeliness: 0.6 },
      units: [],
      departments: [],
    };
    expect(summarizeTimeliness(rates, overdue)).toMatchObject({
      year: 2025,
      completeness: 0.8,
      timeliness: 0.6,
      due: 100,
      overdueUnits: 2,
      overdueValues: 7,
    });
  });
});

describe('rateColor', () => {
  it.each([
    [1, '#2f9e44'],
    [0.95, '#2f9e44'],
    [0.8, '#e8890c'],
    [0.5, '#d9363e'],
    [null, '#8c96a3'],
  ])('colours %s as %s', (r, c) => {
    expect(rateColor(r)).toBe(c);
  });
});
