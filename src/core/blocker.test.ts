import { describe, expect, it } from 'vitest';
import {
  blockerAgeDays,
  canTransitionBlocker,
  escalationLevelOn,
  onTimeClosureRate,
  type BlockerState,
  type EscalationLevel,
} from './blocker.ts';

describe('canTransitionBlocker', () => {
  it.each<[BlockerState, BlockerState, boolean]>([
    ['open', 'in-progress', true],
    ['open', 'resolved', true],
    ['open', 'closed', false],
    ['in-progress', 'resolved', true],
    ['resolved', 'closed', true],
    ['resolved', 'reopened', true],
    ['closed', 'reopened', true],
    ['closed', 'open', false],
    ['reopened', 'resolved', true],
  ])('%s → %s is %s', (from, to, expected) => {
    expect(canTransitionBlocker(from, to)).toBe(expected);
  });
});

describe('escalationLevelOn', () => {
  const due = '2025-03-10';
  it.each<[string, BlockerState, EscalationLevel, EscalationLevel]>([
    ['2025-03-10', 'open', 'unit', 'unit'],
    ['2025-03-11', 'open', 'unit', 'lead-department'],
    ['2025-03-20', 'in-progress', 'unit', 'lead-department'],
    ['2025-03-21', 'open', 'unit', 'leader'],
    ['2025-03-31', 'reopened', 'unit', 'meeting'],
    ['2025-12-31', 'open', 'unit', 'meeting'],
    // Never down: a blocker put before the leader by hand stays there.
    ['2025-03-11', 'open', 'leader', 'leader'],
    // A resolved or closed blocker does not climb.
    ['2025-04-30', 'resolved', 'unit', 'unit'],
    ['2025-04-30', 'closed', 'lead-department', 'lead-department'],
  ])(
    'on %s a %s blocker at %s stands at %s (due 3-10, a step per 10 days)',
    (today, state, level, expected) => {
      expect(escalationLevelOn({ state, level, dueDate: due }, today, 10)).toBe(expected);
    },
  );
});

describe('age and on-time closure', () => {
  it('counts age to the close-out, or to today while open', () => {
    expect(blockerAgeDays('2025-03-01', '2025-03-15', '2025-10-01')).toBe(14);
    expect(blockerAgeDays('2025-03-01', null, '2025-03-31')).toBe(30);
  });

  it('rates the closed blockers closed by their due date, and has no rate with none closed', () => {
    expect(
      onTimeClosureRate([
        { dueDate: '2025-03-10', closedOn: '2025-03-10' },
        { dueDate: '2025-03-10', closedOn: '2025-03-11' },
        { dueDate: '2025-03-10', closedOn: null },
        { dueDate: '2025-04-10', closedOn: '2025-04-01' },
      ]),
    ).toBeCloseTo(2 / 3, 10);
    expect(onTimeClosureRate([{ dueDate: '2025-03-10', closedOn: null }])).toBeNull();
  });
});
