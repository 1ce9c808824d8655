/** The data of the Overview and the big screen: the default plan, its tree and summary, headline figures. */
import type {
  PlanHeadlines,
  PlanListItem,
  PlanSummary,
  PlanTree,
} from '../../../src/contract/plan.ts';
import { api } from '../../app/api.ts';
import { pickDefaultPlan } from '../../app/default-plan.ts';
import { flattenTargets, type TargetInContext } from '../../app/plan-rows.ts';

/** A headline indicator with its figure for the plan's unit (core/headline.ts, served by the API). */
export type HeadlineItem = PlanHeadlines['items'][number];

/** The plan's tree with what the Overview reads off it. */
export interface PlanView {
  readonly tree: PlanTree;
  readonly summary: PlanSummary;
  readonly targets: TargetInContext[];
}

/** Everything the big screen shows; `plan` is null when no plan exists yet. */
export type OverviewData = { readonly plan: null } | ({ readonly plan: PlanListItem } & PlanView);

/**
 * The light counts of a plan and of each group, read off its tree — what GET
 * /api/plans/:id/summary answers, without asking the server to assess the plan a second time.
 */
export function summarizeTree(tree: PlanTree): PlanSummary {
  return {
    planId: tree.id,
    asOf: tree.asOf,
    lights: tree.lights,
    groups: tree.nodes.flatMap((part) =>
      part.children
        .filter((g) => g.kind === 'group')
        .map((g) => ({
          key: g.key,
          label: g.label,
          title: g.title,
          partKey: part.key,
          lights: g.lights,
        })),
    ),
  };
}

/** The plan the Overview opens with, or null when there is none yet. */
export async function loadDefaultPlan(): Promise<PlanListItem | null> {
  return pickDefaultPlan(await api.plans());
}

/** Loads a plan's tree (one assessment, cached by the server per data version). */
export async function loadPlanView(plan: PlanListItem, signal: AbortSignal): Promise<PlanView> {
  const tree = await api.plan(plan.id, null, signal);
  return { tree, summary: summarizeTree(tree), targets: flattenTargets(tree) };
}

/** Loads the default plan and its tree. */
export async function loadOverview(signal: AbortSignal): Promise<OverviewData> {
  const plan = await loadDefaultPlan();
  if (!plan) return { plan: null };
  return { plan, ...(await loadPlanView(plan, signal)) };
}

/** Loads the headline figures of a plan's unit: one request, apart from the tree. */
export async function loadHeadlines(
  plan: PlanListItem,
  signal: AbortSignal,
): Promise<HeadlineItem[]> {
  return (await api.headlines(plan.id, signal)).items;
}
