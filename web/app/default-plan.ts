/** Which plan the cockpit opens by default. */
import type { PlanListItem } from '../../src/contract/plan.ts';

/** The plan to open: the latest adopted one, else the latest of any status; null without plans. */
export function pickDefaultPlan(plans: readonly PlanListItem[]): PlanListItem | null {
  const rank = (p: PlanListItem) => (p.status === 'adopted' ? 2 : p.status === 'draft' ? 1 : 0);
  return (
    [...plans].sort(
      (a, b) => b.year - a.year || rank(b) - rank(a) || b.updatedAt.localeCompare(a.updatedAt),
    )[0] ?? null
  );
}
