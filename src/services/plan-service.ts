/**
 * Plans, as one service over its parts, each in a file named for what it does: storing an
 * imported plan or a revision's diff (plan-revision.ts), the plan tree with every target's
 * assessment (plan-tree-view.ts), one target's detail (target-detail.ts), a planner's edits
 * (plan-editing.ts), and adoption with what changed since (plan-adoption.ts).
 */
import { createPlanAdoption } from './plan-adoption.ts';
import { createPlanContext } from './plan-context.ts';
import { createPlanEditing } from './plan-editing.ts';
import { createPlanRevision } from './plan-revision.ts';
import { createPlanTreeView } from './plan-tree-view.ts';
import type { ServiceDeps } from './ports.ts';
import { createTargetDetail } from './target-detail.ts';

export function createPlanService(deps: ServiceDeps) {
  const context = createPlanContext(deps);
  const treeView = createPlanTreeView(context);
  return {
    ...treeView,
    ...createPlanRevision(context),
    ...createPlanAdoption(context),
    ...createPlanEditing(context),
    ...createTargetDetail(context, treeView),
    getTarget: (targetId: string) => context.getTarget(targetId),
    getLightThresholds: context.settings.getLightThresholds,
    setLightThresholds: context.settings.setLightThresholds,
  };
}

export type PlanService = ReturnType<typeof createPlanService>;
