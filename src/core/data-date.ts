/**
 * When a period's figure may count (数据截至): a unit's own reported total counts as it
 * is; a sum over its sub-units counts once every unit that reports it is approved
 * (`complete`), or — when the due day plus a grace period has passed and some are
 * approved — as `partial`, said so beside the figure. Until then it is `pending` and the
 * plan's data date does not move to it.
 */
import { addDays } from './period.ts';

/** Days after a period's due day before an incomplete sum counts as partial. */
export const defaultGraceDays = 10;

export type PeriodInclusion = 'complete' | 'partial' | 'pending';

export interface InclusionInput {
  /** The unit reported its own total for the period (approved). */
  readonly hasOwnValue: boolean;
  /** Approved sub-units, and how many report the indicator at all. */
  readonly approved: number;
  readonly expected: number;
  readonly dueDate: string;
  readonly today: string;
  readonly graceDays?: number;
}

/**
 * @example periodInclusion({ hasOwnValue: false, approved: 19, expected: 26, dueDate: '2025-11-15', today: '2025-11-20' }) // 'pending'
 * @example periodInclusion({ hasOwnValue: false, approved: 19, expected: 26, dueDate: '2025-11-15', today: '2025-11-26' }) // 'partial'
 */
export function periodInclusion(input: InclusionInput): PeriodInclusion {
  if (input.hasOwnValue) return 'complete';
  if (input.approved <= 0) return 'pending';
  if (input.approved >= input.expected) return 'complete';
  return input.today > addDays(input.dueDate, input.graceDays ?? defaultGraceDays)
    ? 'partial'
    : 'pending';
}
