/** The data of the Overview and the big screen: the default plan, its tree and summary, headline indicators. */
import type { PlanListItem, PlanSummary, PlanTree } from '../../../src/contract/plan.ts';
import type { CategoryView, IndicatorView } from '../../../src/contract/registry.ts';
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
    };

/** How many headline cards the Overview shows. */
export const HEADLINE_COUNT = 6;

/**
 * The candidates for headline cards, best first: the economy's monthly and quarterly amounts
 * (the figures a bulletin opens with), one per runway in the order of the category tree, then
 * the indicators the plan's targets measure.
 */
export function pickHeadlineIndicators(
  targets: readonly TargetInContext[],
  indicators: readonly IndicatorView[],
  categories: readonly CategoryView[],
  count = HEADLINE_COUNT * 2,
): IndicatorView[] {
  const byCode = new Map(indicators.map((i) => [i.code, i]));
  const order = new Map(categories.map((c, i) => [c.code, i]));
  const position = (i: IndicatorView) =>
    Math.min(Infinity, ...i.categoryCodes.map((c) => order.get(c) ?? Infinity));
  const runway = (i: IndicatorView) => (i.categoryCodes[0] ?? '').split('.').slice(0, 2).join('.');
  const amounts = indicators
    .filter(
      (i) =>
        i.kind === 'statistic' &&
        i.measure === 'flow' &&
        (i.cadence === 'month' || i.cadence === 'quarter'),
    )
    .sort((a, b) => position(a) - position(b));
  const seen = new Set<string>();
  const firstPerRunway = amounts.filter((i) => {
    const r = runway(i);
    if (seen.has(r)) return false;
    seen.add(r);
    return true;
  });
  const economy = [...firstPerRunway, ...amounts];
  const linked = [
    ...new Set(targets.map((t) => t.target.indicator?.code).filter((c): c is string => Boolean(c))),
  ]
    .map((c) => byCode.get(c))
    .filter(
      (i): i is IndicatorView =>
        i !== undefined && (i.cadence === 'month' || i.cadence === 'quarter'),
    );
  return [...new Set([...economy, ...linked])].slice(0, count);
}

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

/** Loads the Overview's plan and its tree (one assessment); the headline figures load apart (loadHeadlines). */
export async function loadOverview(signal: AbortSignal): Promise<OverviewData> {
  // The registry lists the headline cards need start now, beside the plan, not after it.
  void api.indicators().catch(() => undefined);
  void api.categories().catch(() => undefined);
  const plan = pickDefaultPlan(await api.plans());
  if (!plan) return { plan: null };
  const tree = await api.plan(plan.id, null, signal);
  return { plan, tree, summary: summarizeTree(tree), targets: flattenTargets(tree) };
}

/** Loads the headline figures of a plan's unit, so the lights show before the series arrive. */
export async function loadHeadlines(
  plan: PlanListItem,
  targets: readonly TargetInContext[],
  signal: AbortSignal,
): Promise<HeadlineItem[]> {
  const [indicators, categories] = await Promise.all([api.indicators(), api.categories()]);
  const chosen = pickHeadlineIndicators(targets, indicators, categories);
  const settled = await Promise.allSettled(
    chosen.map((indicator) =>
      api.series(indicator.code, plan.unitCode, { from: `${plan.year - 1}01` }, signal),
    ),
  );
  const found: HeadlineItem[] = [];
  settled.forEach((r, i) => {
    const indicator = chosen[i];
    if (r.status !== 'fulfilled' || !indicator) return;
    const headline = computeHeadline(r.value.points, indicator.measure);
    if (headline) found.push({ indicator, headline });
  });
  return found.slice(0, HEADLINE_COUNT);
}

/**
 * The headline items with the provenance of summed figures settled: a district figure summed
 * from the towns is as simulated as the towns' figures are. Read after the cards show, so
 * the figures do not wait for one more round of requests.
 */
export function settleHeadlineSources(
  plan: PlanListItem,
  items: readonly HeadlineItem[],
  signal: AbortSignal,
): Promise<HeadlineItem[]> {
  return Promise.all(
    items.map(async (item): Promise<HeadlineItem> => {
      if (item.headline.isSimulated || item.headline.source !== 'aggregate') return item;
      try {
        const rows = await api.breakdown(
          item.indicator.code,
          plan.unitCode,
          item.headline.periodId,
          signal,
        );
        const isSimulated = rows.some((r) => r.source === 'simulated');
        return { ...item, headline: { ...item.headline, isSimulated } };
      } catch {
        return item;
      }
    }),
  );
}
