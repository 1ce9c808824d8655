import { describe, expect, it } from 'vitest';
import type { StatusCell } from '../../app/api.ts';
import { codesInState, groupReviewSets, setsForTab } from './review-sets.ts';

const cell = (
  unitCode: string,
  indicatorCode: string,
  state: StatusCell['state'],
  submittedAt: string | null = null,
): StatusCell => ({
  unitCode,
  unitName: `单位${unitCode}`,
  indicatorCode,
  indicatorName: indicatorCode,
  state,
  value: state === 'missing' ? null : 1,
  version: state === 'missing' ? 0 : 1,
  submittedAt,
  updatedAt: null,
  reviewReason: '',
  comment: '',
  measureUnit: '亿元',
  decimals: 2,
  lastYearValue: null,
  yoyChangePct: null,
  implausible: '',
  implausibleEn: '',
});

const cells = [
  cell('A', 'X', 'submitted', '2025-12-05T01:00:00Z'),
  cell('A', 'Y', 'approved'),
  cell('A', 'Z', 'missing'),
  cell('B', 'X', 'submitted', '2025-12-03T01:00:00Z'),
  cell('C', 'X', 'returned'),
  cell('D', 'X', 'missing'),
];

describe('groupReviewSets', () => {
  it('groups a period’s cells by unit with counts by state', () => {
    const sets = groupReviewSets('202511', cells);
    expect(sets.map((s) => s.unitCode)).toEqual(['A', 'B', 'C', 'D']);
    expect(sets[0]).toMatchObject({
      period: '202511',
      counts: { submitted: 1, approved: 1, missing: 1, draft: 0, returned: 0 },
      submittedAt: '2025-12-05T01:00:00Z',
    });
    expect(sets[0]!.cells.map((c) => c.indicatorCode)).toEqual(['X', 'Y']);
  });

  it('still says when an approved set was submitted', () => {
    const [set] = groupReviewSets('202511', [cell('E', 'X', 'approved', '2025-12-04T02:00:00Z')]);
    expect(set?.submittedAt).toBe('2025-12-04T02:00:00Z');
  });

  it('keeps only the units within the reviewer’s scope', () => {
    expect(groupReviewSets('202511', cells, new Set(['B'])).map((s) => s.unitCode)).toEqual(['B']);
  });
});

describe('setsForTab', () => {
  const sets = groupReviewSets('202511', cells);

  it('lists the submitted sets, the longest waiting first', () => {
    expect(setsForTab(sets, 'submitted').map((s) => s.unitCode)).toEqual(['B', 'A']);
  });

  it.each([
    ['approved', ['A']],
    ['returned', ['C']],
  ] as const)('lists the %s sets', (tab, units) => {
    expect(setsForTab(sets, tab).map((s) => s.unitCode)).toEqual(units);
  });

  it('acts on the codes of a set in one state only', () => {
    expect(codesInState(sets[0]!, 'submitted')).toEqual(['X']);
    expect(codesInState(sets[0]!, 'approved')).toEqual(['Y']);
  });
});
