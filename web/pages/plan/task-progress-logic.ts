/** Task progress on the plan page: the latest update per task, who may file or review, and the form's starting values. */
import type { UnitView } from '../../../src/contract/registry.ts';
import type { PlanProgress, TaskProgress } from '../../app/api.ts';
import { canEnterData, unitsInScope, type SessionUser } from '../../app/session.ts';

/** A task of the plan with its latest update. */
export type TaskProgressItem = PlanProgress[number];

/** The plan's tasks by node id. */
export const progressByNode = (view: PlanProgress): Map<string, TaskProgressItem> =>
  new Map(view.map((item) => [item.nodeId, item]));

/** Whether the user may file an update for a task: a reporter (or admin) of one of its lead units. */
export function canFileProgress(
  user: SessionUser | null,
  units: readonly UnitView[],
  leadUnits: readonly { code: string }[],
): boolean {
  if (!canEnterData(user)) return false;
  const scope = new Set(unitsInScope(units, user).map((u) => u.code));
  return leadUnits.some((u) => scope.has(u.code));
}

/** What the update form starts with for a month. */
export interface ProgressDraft {
  readonly period: string;
  readonly narrative: string;
  readonly percentComplete: number;
  readonly problems: string;
  /** The version edited; 0 for a new month. */
  readonly version: number;
  /** The month's update is accepted, so locked. */
  readonly isLocked: boolean;
}

/**
 * The form for a month: that month's update when there is one, else a new one that starts
 * from the latest percent complete (progress rarely goes back).
 */
export function progressDraftFor(history: readonly TaskProgress[], period: string): ProgressDraft {
  const same = history.find((h) => h.period === period);
  if (same)
    return {
      period,
      narrative: same.narrative,
      percentComplete: same.percentComplete,
      problems: same.problems,
      version: same.version,
      isLocked: same.state === 'accepted',
    };
  const latest = [...history].sort((a, b) => b.period.localeCompare(a.period))[0];
  return {
    period,
    narrative: '',
    percentComplete: latest?.percentComplete ?? 0,
    problems: '',
    version: 0,
    isLocked: false,
  };
}

/** Whether an update waits for a reviewer. */
export const isAwaitingReview = (p: TaskProgress | null | undefined): p is TaskProgress =>
  p?.state === 'submitted';
