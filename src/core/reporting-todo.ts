/**
 * The reporter's to-do (待办): each form (a unit's indicators of one period) that has come
 * due, in the state that says what the reporter does next, overdue ones flagged. Which
 * periods are due and when comes from the due-day rules (core/timeliness.ts).
 */
import type { ObservationState } from './observation.ts';

/** What a form asks of its reporter. */
export type FormState =
  /** Nothing entered yet. */
  | 'not-started'
  /** Some values entered and sent, others still missing. */
  | 'partial'
  /** Drafts saved, not submitted. */
  | 'draft'
  /** The reviewer sent values back: they need correcting. */
  | 'returned'
  /** Everything sent; waiting for the reviewer. */
  | 'submitted';

/** How many of a form's due values are in each state (`missing`: no value stored). */
export interface FormCounts {
  readonly due: number;
  readonly missing: number;
  readonly draft: number;
  readonly submitted: number;
  readonly approved: number;
  readonly returned: number;
}

/** Counts the states of a form's due values (null: no value stored). */
export function countFormStates(states: Iterable<ObservationState | null>): FormCounts {
  const counts = { due: 0, missing: 0, draft: 0, submitted: 0, approved: 0, returned: 0 };
  for (const s of states) {
    counts.due++;
    counts[s ?? 'missing']++;
  }
  return counts;
}

/**
 * The form's state, or null when nothing is left to do (every value approved, or nothing due):
 * a returned value comes first, then drafts, then values still missing.
 * @example formStateOf({ due: 3, missing: 1, draft: 0, submitted: 2, approved: 0, returned: 0 }) // 'partial'
 */
export function formStateOf(c: FormCounts): FormState | null {
  if (c.returned > 0) return 'returned';
  if (c.draft > 0) return 'draft';
  if (c.missing > 0) return c.missing === c.due ? 'not-started' : 'partial';
  if (c.submitted > 0) return 'submitted';
  return null;
}

/**
 * Whether a form is overdue on `asOf`: its due day has passed and something is still to be
 * sent (a submitted form waits on the reviewer, not the reporter). The due day itself is on time.
 */
export const isFormOverdue = (state: FormState, dueDate: string, asOf: string): boolean =>
  state !== 'submitted' && dueDate < asOf;

/** A form on the to-do, as ordered. */
export interface TodoOrderKey {
  readonly state: FormState;
  readonly overdue: boolean;
  readonly dueDate: string;
  readonly periodId: string;
  readonly unitSortOrder: number;
}

const rank = (f: TodoOrderKey) =>
  f.state === 'returned' ? 0 : f.overdue ? 1 : f.state === 'submitted' ? 3 : 2;

/**
 * The to-do's order: returned forms first, then the overdue, then those due, then those
 * waiting on the reviewer; within each the earliest due day first, then the unit's order.
 */
export const compareTodo = (a: TodoOrderKey, b: TodoOrderKey): number =>
  rank(a) - rank(b) ||
  a.dueDate.localeCompare(b.dueDate) ||
  a.unitSortOrder - b.unitSortOrder ||
  a.periodId.localeCompare(b.periodId);
