import { describe, expect, it } from 'vitest';
import { rowsListed } from './batch-audit.ts';

describe('rowsListed', () => {
  it('counts the periods of every series an entry lists', () => {
    expect(
      rowsListed([
        {
          indicator: 'GDP',
          unit: 'D',
          periods: ['2025Q1', '2025Q2'],
          values: [1, 2],
          comments: ['', ''],
        },
        { indicator: 'RETAIL', unit: 'T1', periods: ['202501'], values: [3], comments: [''] },
      ]),
    ).toBe(3);
  });

  it('counts entries written before series lists one row an array', () => {
    expect(
      rowsListed([
        ['RETAIL', 'T1', '202301', 101, ''],
        ['RETAIL', 'T1', '202302', 102, ''],
      ]),
    ).toBe(2);
  });

  it('counts nothing in what lists no rows', () => {
    expect(rowsListed(null)).toBe(0);
    expect(rowsListed({ value: 5 })).toBe(0);
    expect(rowsListed([])).toBe(0);
  });
});
