/**
 * What counts in a roll-up (DESIGN.md §4, What counts): the sum over a unit's descendants
 * holds approved values in one bucket and submitted ones in another, so that a deployment
 * may admit submitted values without a rebuild; drafts and returned values never count.
 */
import type { ObservationState } from './observation.ts';

/** The roll-up bucket an observation in this state belongs to, or null when it does not count. */
export type RollupBucket = 'approved' | 'submitted';

export function rollupBucketOf(state: ObservationState): RollupBucket | null {
  return state === 'approved' ? 'approved' : state === 'submitted' ? 'submitted' : null;
}

/** What one change adds to the roll-up of each ancestor: sums and counts per bucket. */
export interface RollupChange {
  readonly sum: number;
  readonly count: number;
  readonly submittedSum: number;
  readonly submittedCount: number;
}

/** An observation's value and state, before or after a write. */
export interface CountedValue {
  readonly value: number;
  readonly state: ObservationState;
}

/**
 * The change to the roll-up when an observation goes from `before` (null: did not exist) to
 * `after`; null when nothing that counts changed (a draft edited, a draft returned).
 * @example rollupChangeOf({ value: 5, state: 'draft' }, { value: 5, state: 'submitted' })
 * // { sum: 0, count: 0, submittedSum: 5, submittedCount: 1 }
 */
export function rollupChangeOf(
  before: CountedValue | null,
  after: CountedValue | null,
): RollupChange | null {
  // Called once per row of every write (200,000 for a large upload): sums in place, no
  // intermediate objects. `0 - b + a` is exactly `a - b` in floating point.
  let sum = 0;
  let count = 0;
  let submittedSum = 0;
  let submittedCount = 0;
  const from = before === null ? null : rollupBucketOf(before.state);
  const to = after === null ? null : rollupBucketOf(after.state);
  if (from === null && to === null) return null;
  if (from === 'approved') {
    sum -= before!.value;
    count -= 1;
  } else if (from === 'submitted') {
    submittedSum -= before!.value;
    submittedCount -= 1;
  }
  if (to === 'approved') {
    sum += after!.value;
    count += 1;
  } else if (to === 'submitted') {
    submittedSum += after!.value;
    submittedCount += 1;
  }
  if (sum === 0 && count === 0 && submittedSum === 0 && submittedCount === 0) return null;
  return { sum, count, submittedSum, submittedCount };
}

/** Which states a deployment counts: approved always; submitted when it says so. */
export interface CountingPolicy {
  readonly admitSubmitted: boolean;
}

export const approvedOnly: CountingPolicy = Object.freeze({ admitSubmitted: false });

/** The states whose values count under a policy. */
export const countedStates = (policy: CountingPolicy): ObservationState[] =>
  policy.admitSubmitted ? ['approved', 'submitted'] : ['approved'];

/** A roll-up row read under a policy: the sum and count of the values that count. */
export function countedRollup(
  row: {
    readonly descendants_sum: number;
    readonly descendants_count: number;
    readonly submitted_sum: number;
    readonly submitted_count: number;
  },
  policy: CountingPolicy,
): { sum: number; count: number } {
  return policy.admitSubmitted
    ? {
        sum: row.descendants_sum + row.submitted_sum,
        count: row.descendants_count + row.submitted_count,
      }
    : { sum: row.descendants_sum, count: row.descendants_count };
}

/** The change to one ancestor unit's roll-up of one indicator and period. */
export interface AncestorRollupDelta extends RollupChange {
  readonly indicatorId: string;
  readonly unitId: string;
  readonly periodId: string;
  readonly year: number;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Sums changes per ancestor unit, indicator and period, so that a batch writes each roll-up row once. */
export function createRollupDeltas() {
  const deltas = new Map<string, Mutable<AncestorRollupDelta>>();
  return {
    /** Adds what an observation's change does to each of its unit's ancestors. */
    add(
      observation: { indicatorId: string; periodId: string; year: number },
      ancestorUnitIds: readonly string[],
      change: RollupChange | null,
    ) {
      if (change === null) return;
      for (const unitId of ancestorUnitIds) {
        const key = `${observation.indicatorId}\u0000${unitId}\u0000${observation.periodId}`;
        const d = deltas.get(key);
        if (d) {
          d.sum += change.sum;
          d.count += change.count;
          d.submittedSum += change.submittedSum;
          d.submittedCount += change.submittedCount;
        } else deltas.set(key, { ...observation, unitId, ...change });
      }
    },
    values: (): AncestorRollupDelta[] => [...deltas.values()],
  };
}
