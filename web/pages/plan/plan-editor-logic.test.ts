import { describe, expect, it } from 'vitest';
import { buildTarget } from '../../test/builders.ts';
import {
  buildTargetPatch,
  editsBeyondStatus,
  isPeriodId,
  toTargetFormValues,
  unitCodesByRole,
} from './plan-editor-logic.ts';

describe('the target form’s patch', () => {
  const target = buildTarget({ version: 3, value: 1000, unit: '个', duePeriodId: '2025' });

  it('holds only the fields the planner changed, with the version edited', () => {
    const values = { ...toTargetFormValues(target), value: 1100, duePeriodId: ' 2025Q4 ' };
    expect(buildTargetPatch(target, values)).toEqual({
      version: 3,
      value: 1100,
      duePeriodId: '2025Q4',
    });
  });

  it('is null when nothing changed', () => {
    expect(buildTargetPatch(target, toTargetFormValues(target))).toBeNull();
  });

  it('unlinks an indicator with an explicit null', () => {
    const linked = buildTarget({
      indicator: { code: 'GDP', name: '地区生产总值', unit: '亿元', decimals: 1 },
    });
    expect(
      buildTargetPatch(linked, { ...toTargetFormValues(linked), indicatorCode: null }),
    ).toEqual({ version: linked.version, indicatorCode: null });
  });

  it('tells a status-only patch from an edit', () => {
    expect(editsBeyondStatus({ version: 1, status: 'accepted' })).toBe(false);
    expect(editsBeyondStatus({ version: 1, status: 'accepted', value: 3 })).toBe(true);
  });
});

describe('period ids in the due field', () => {
  it.each([
    ['2025', true],
    ['2025Q4', true],
    ['202512', true],
    ['2025S1', true],
    ['2025年', false],
    ['2025Q5', false],
    ['', false],
  ])('reads %j as a period id: %s', (text, expected) => {
    expect(isPeriodId(text)).toBe(expected);
  });
});

it('splits a task’s units into lead and co codes', () => {
  expect(
    unitCodesByRole([
      { code: 'D04', role: 'lead' },
      { code: 'D03', role: 'co' },
      { code: 'D12', role: 'co' },
    ]),
  ).toEqual({ lead: ['D04'], co: ['D03', 'D12'] });
});
