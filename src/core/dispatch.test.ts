import { describe, expect, it } from 'vitest';
import {
  blockerDispatch,
  decisionStatus,
  dispatchAsOf,
  dispatchDekad,
  followUpNotice,
  isBehindPlan,
  milestoneSlip,
  recentFromOf,
} from './dispatch.ts';
import { parsePeriod } from './period.ts';

describe('the dekad of a dispatch list', () => {
  it('accepts a dekad id and refuses a month or a day', () => {
    expect(dispatchDekad('202510D3')).toMatchObject({ start: '2025-10-21', end: '2025-10-31' });
    expect(() => dispatchDekad('202510')).toThrow(
      expect.objectContaining({ code: 'INVALID_PERIOD' }),
    );
    expect(() => dispatchDekad('20251015')).toThrow(
      expect.objectContaining({ code: 'INVALID_PERIOD' }),
    );
  });

  it('is drawn up as of today while the dekad runs, as of its last day once it is over', () => {
    const dekad = parsePeriod('202510D2');
    expect(dispatchAsOf(dekad, '2025-10-11')).toBe('2025-10-11');
    expect(dispatchAsOf(dekad, '2025-10-05')).toBe('2025-10-05');
    expect(dispatchAsOf(dekad, '2025-11-02')).toBe('2025-10-20');
  });

  it('counts a late completion as news from the start of the dekad before', () => {
    expect(recentFromOf(parsePeriod('202511D1'))).toBe('2025-10-21');
    expect(recentFromOf(parsePeriod('202503D1'))).toBe('2025-02-21');
  });
});

describe('projects behind plan', () => {
  it('lists a project more than the gap below 序时, not one at the gap or without a plan', () => {
    // 序时 75% on 30 September; 60% done is 15 points behind, 65% is exactly 10 behind.
    expect(isBehindPlan({ gapPoints: 60 - 75 }, 10)).toBe(true);
    expect(isBehindPlan({ gapPoints: 65 - 75 }, 10)).toBe(false);
    expect(isBehindPlan({ gapPoints: 65 - 75 }, 5)).toBe(true);
    expect(isBehindPlan({ gapPoints: null }, 10)).toBe(false);
  });
});

describe('milestones slipping', () => {
  const m = (
    baselineDate: string | null,
    plannedDate: string | null,
    forecastDate: string | null,
    actualDate: string | null,
  ) => ({ baselineDate, plannedDate, forecastDate, actualDate });
  const asOf = '2025-10-11';
  const recent = '2025-09-21';

  it('lists a node forecast later than its baseline, with the slip in days', () => {
    // Baseline 31 Oct, forecast 20 Nov: 20 days.
    expect(milestoneSlip(m('2025-10-31', '2025-10-31', '2025-11-20', null), asOf, recent)).toEqual({
      reason: 'forecast-late',
      slipDays: 20,
    });
  });

  it('lists a node whose planned date passed without an actual date', () => {
    // Planned 1 October, not done on 11 October: 10 days late against the baseline of 1 October.
    expect(milestoneSlip(m('2025-10-01', '2025-10-01', null, null), asOf, recent)).toEqual({
      reason: 'past-due',
      slipDays: 10,
    });
    // No baseline approved yet: the planned date alone decides, 11 days late.
    expect(milestoneSlip(m(null, '2025-09-30', null, null), asOf, recent)).toEqual({
      reason: 'past-due',
      slipDays: 11,
    });
  });

  it('lists a node done late while the completion is recent, and forgets it later', () => {
    // Baseline 15 Sept, done 25 Sept (within the dekad before): 10 days late.
    expect(milestoneSlip(m('2025-09-15', '2025-09-15', null, '2025-09-25'), asOf, recent)).toEqual({
      reason: 'done-late',
      slipDays: 10,
    });
    // Done 10 Sept, before 21 Sept: old news.
    expect(milestoneSlip(m('2025-09-01', '2025-09-01', null, '2025-09-10'), asOf, recent)).toBe(
      null,
    );
  });

  it('does not list a node on time, early, or with no dates', () => {
    expect(milestoneSlip(m('2025-10-31', '2025-10-31', '2025-10-31', null), asOf, recent)).toBe(
      null,
    );
    expect(milestoneSlip(m('2025-10-31', '2025-10-31', '2025-10-20', null), asOf, recent)).toBe(
      null,
    );
    expect(milestoneSlip(m('2025-10-05', '2025-10-05', null, '2025-10-01'), asOf, recent)).toBe(
      null,
    );
    expect(milestoneSlip(m(null, null, null, null), asOf, recent)).toBe(null);
  });
});

describe('blockers before the meeting', () => {
  it('brings an active blocker past its due date or climbed above its unit, and says which', () => {
    const asOf = '2025-10-11';
    expect(blockerDispatch({ state: 'open', level: 'unit', dueDate: '2025-10-10' }, asOf)).toEqual({
      overdue: true,
      escalated: false,
    });
    expect(
      blockerDispatch({ state: 'in-progress', level: 'leader', dueDate: '2025-10-30' }, asOf),
    ).toEqual({ overdue: false, escalated: true });
    expect(
      blockerDispatch({ state: 'reopened', level: 'lead-department', dueDate: '2025-09-01' }, asOf),
    ).toEqual({ overdue: true, escalated: true });
  });

  it('leaves out a blocker due today or later at its own level, and one resolved or closed', () => {
    const asOf = '2025-10-11';
    expect(blockerDispatch({ state: 'open', level: 'unit', dueDate: '2025-10-11' }, asOf)).toBe(
      null,
    );
    expect(
      blockerDispatch({ state: 'resolved', level: 'meeting', dueDate: '2025-09-01' }, asOf),
    ).toBe(null);
    expect(blockerDispatch({ state: 'closed', level: 'leader', dueDate: '2025-09-01' }, asOf)).toBe(
      null,
    );
  });
});

describe('decisions and their follow-up', () => {
  it('reads a follow-up as open, overdue after its deadline, or done when its owner says so', () => {
    const item = { kind: 'follow-up' as const, state: 'open' as const, deadline: '2025-10-20' };
    expect(decisionStatus(item, null, '2025-10-20')).toBe('open');
    expect(decisionStatus(item, null, '2025-10-21')).toBe('overdue');
    expect(decisionStatus({ ...item, state: 'done' }, null, '2025-10-21')).toBe('done');
  });

  it('reads a blocker decision as done only once the blocker is closed out (销号)', () => {
    const item = { kind: 'blocker' as const, state: 'open' as const, deadline: '2025-10-20' };
    expect(decisionStatus(item, 'resolved', '2025-10-15')).toBe('open');
    expect(decisionStatus(item, 'resolved', '2025-10-25')).toBe('overdue');
    expect(decisionStatus(item, 'closed', '2025-10-25')).toBe('done');
  });

  it('tells the owner at a dekad’s start of an item due within it, or already overdue', () => {
    // The dekad starting 11 October ends on the 20th.
    expect(followUpNotice({ state: 'open', deadline: '2025-10-20' }, '2025-10-11')).toBe('due');
    expect(followUpNotice({ state: 'open', deadline: '2025-10-21' }, '2025-10-11')).toBe(null);
    expect(followUpNotice({ state: 'open', deadline: '2025-10-10' }, '2025-10-11')).toBe('overdue');
    expect(followUpNotice({ state: 'done', deadline: '2025-10-10' }, '2025-10-11')).toBe(null);
    // The third dekad of October runs to the 31st.
    expect(followUpNotice({ state: 'open', deadline: '2025-10-31' }, '2025-10-21')).toBe('due');
  });
});
