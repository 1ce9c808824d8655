import { describe, expect, it } from 'vitest';
import {
  compareTodo,
  countFormStates,
  formStateOf,
  isFormOverdue,
  type TodoOrderKey,
} from './reporting-todo.ts';

describe('formStateOf', () => {
  it.each([
    [[null, null, null], 'not-started'],
    [['submitted', null, 'approved'], 'partial'],
    [['draft', null, 'submitted'], 'draft'],
    [['draft', 'returned', null], 'returned'],
    [['submitted', 'approved', 'submitted'], 'submitted'],
    [['approved', 'approved'], null],
    [[], null],
  ] as const)('reads %j as %s', (states, expected) => {
    expect(formStateOf(countFormStates(states))).toBe(expected);
  });
});

describe('countFormStates', () => {
  it('counts a value not stored as missing', () => {
    expect(countFormStates(['draft', null, null, 'approved'])).toEqual({
      due: 4,
      missing: 2,
      draft: 1,
      submitted: 0,
      approved: 1,
      returned: 0,
    });
  });
});

describe('isFormOverdue', () => {
  it('is on time on the due day and overdue the day after', () => {
    expect(isFormOverdue('not-started', '2025-04-10', '2025-04-10')).toBe(false);
    expect(isFormOverdue('not-started', '2025-04-10', '2025-04-11')).toBe(true);
  });

  it('never flags a form waiting on the reviewer', () => {
    expect(isFormOverdue('submitted', '2025-04-10', '2025-06-01')).toBe(false);
  });
});

describe('compareTodo', () => {
  const form = (over: Partial<TodoOrderKey>): TodoOrderKey => ({
    state: 'not-started',
    overdue: false,
    dueDate: '2025-04-10',
    periodId: '202503',
    unitSortOrder: 0,
    ...over,
  });

  it('puts returned forms first, then overdue, then due, then those awaiting review', () => {
    const forms = {
      waiting: form({ state: 'submitted', dueDate: '2025-01-10', periodId: '202412' }),
      due: form({ dueDate: '2025-04-10' }),
      overdueLate: form({ overdue: true, dueDate: '2025-03-10', periodId: '202502' }),
      overdueEarly: form({ overdue: true, dueDate: '2025-02-10', periodId: '202501' }),
      returned: form({ state: 'returned', dueDate: '2025-04-10' }),
    };
    const sorted = Object.entries(forms)
      .sort(([, a], [, b]) => compareTodo(a, b))
      .map(([name]) => name);
    expect(sorted).toEqual(['returned', 'overdueEarly', 'overdueLate', 'due', 'waiting']);
  });
});
