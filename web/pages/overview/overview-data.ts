/** The data of the Overview and the big screen: the default plan, its tree and summary, headline indicators. */
import type { PlanListItem, PlanSummary, PlanTree } from '../../../src/contract/plan.ts';
import type { IndicatorView } from '../../../src/contract/registry.ts';
import { api } from '../../app/api.ts';
import { pickDefaultPlan } from '../../app/default-plan.ts';
import { computeHeadline, type Headline } from '../../app/indicator-series.ts';
import { flattenTargets, type TargetInContext } from '../../app/plan-rows.ts';

/** A headline indicator with its figure for the plan's unit. */
export interface HeadlineItem {
  readonly indicator: IndicatorView;
  readonly headline: Headline;
}

/** Everything the Overview shows; `plan` is null when no plan exists yet. */
export type OverviewData =
  | { readonly plan: null }
  | {
      readonly plan: PlanListItem;
      readonly tree: PlanTree;
      readonly summary: PlanSummary;
      readonly targets: TargetInContext[];
      readonly headlines: HeadlineItem[];
    };

/** How many headline cards the Overview shows. */
export const HEADLINE_COUNT = 6;

/** The indicators the plan's targets measure, in plan order, first the KPIs. */
export function pickHeadlineIndicators(
  targets: readonly TargetInContext[],
  indicators: readonly IndicatorView[],
  count = HEADLINE_COUNT,
): IndicatorView[] {
  const byCode = new Map(indicators.map((i) => [i.code, i]));
  const linked = [
    ...new Set(targets.map((t) => t.target.indicator?.code).filter((c): c is string => Boolean(c))),
  ]
    .map((c) => byCode.get(c))
    .filter((i): i is IndicatorView => i !== undefined);
  const rest = indicators.filter((i) => i.kind === 'kpi' && !linked.includes(i));
  const rank = (i: IndicatorView) => (i.kind === 'kpi' ? 0 : 1);
  return [...[...linked].sort((a, b) => rank(a) - rank(b)), ...rest].slice(0, count);
}

/** Loads the Overview's data. */
export async function loadOverview(signal: AbortSignal): Promise<OverviewData> {
  const plan = pickDefaultPlan(await api.plans());
  if (!plan) return { plan: null };
  const [tree, summary, indicators] = await Promise.all([
    api.plan(plan.id, null, signal),
    api.summary(plan.id, signal),
    api.indicators(),
  ]);
  const targets = flattenTargets(tree);
  const chosen = pickHeadlineIndicators(targets, indicators);
  const settled = await Promise.allSettled(
    chosen.map((indicator) =>
      api.series(indicator.code, plan.unitCode, { from: `${plan.year - 1}01` }, signal),
    ),
  );
  const headlines: HeadlineItem[] = [];
  settled.forEach((r, i) => {
    const indicator = chosen[i];
    if (r.status !== 'fulfilled' || !indicator) return;
    const headline = computeHeadline(r.value.points, indicator.measure);
    if (headline) headlines.push({ indicator, headline });
  });
  return { plan, tree, summary, targets, headlines };
}
