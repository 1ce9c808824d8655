/**
 * The headline figures of a plan's unit (the Overview's and the big screen's cards), in one
 * answer: the indicators core/headline.ts picks, each with its figure computed from the same
 * counted series GET /api/indicators/:code/series serves (approved values only, unless the
 * deployment counts submitted ones), a total over the units below marked partial while some
 * of them are not counted yet.
 */
import { DomainError } from '../core/domain-error.ts';
import {
  computeHeadline,
  headlineCount,
  pickHeadlineIndicators,
  type Headline,
} from '../core/headline.ts';
import { createPlanRepository } from '../store/plan-repository.ts';
import { createObservationService } from './observation-service.ts';
import type { ServiceDeps } from './ports.ts';
import { createRegistryService, type IndicatorWithCategories } from './registry-service.ts';

export interface HeadlineItem {
  readonly indicator: IndicatorWithCategories;
  readonly headline: Headline;
}

export interface PlanHeadlines {
  readonly planId: string;
  readonly unitCode: string;
  readonly items: readonly HeadlineItem[];
}

export function createHeadlineService(deps: ServiceDeps) {
  const plans = createPlanRepository(deps.database.db);
  const registry = createRegistryService(deps);
  const observations = createObservationService(deps);

  /** A district figure summed from the towns is as simulated as the towns' figures of its period. */
  async function settleSource(unitCode: string, item: HeadlineItem): Promise<HeadlineItem> {
    const { headline, indicator } = item;
    if (headline.isSimulated || headline.source !== 'aggregate') return item;
    const rows = await observations.getBreakdown(indicator.code, unitCode, headline.periodId);
    const isSimulated = rows.some((r) => r.source === 'simulated');
    return isSimulated ? { indicator, headline: { ...headline, isSimulated } } : item;
  }

  /** The plan unit's headline figures: at most `headlineCount`, from last January on. */
  async function getPlanHeadlines(planId: string): Promise<PlanHeadlines> {
    const plan = await plans.findPlanOfUnit(planId);
    if (!plan)
      throw new DomainError('NOT_FOUND', `找不到计划“${planId}”`, `Plan ${planId} not found`);
    const [linked, indicators, categories] = await Promise.all([
      plans.listLinkedIndicatorCodes(planId),
      registry.listIndicators(),
      registry.listCategories(),
    ]);
    const candidates = pickHeadlineIndicators(
      linked,
      indicators,
      categories.map((c) => c.code),
    );
    const items: HeadlineItem[] = [];
    // Best first, until the cards are full: a candidate without a figure yields its place.
    for (const indicator of candidates) {
      if (items.length === headlineCount) break;
      const series = await observations.getSeries(indicator.code, plan.unitCode, {
        from: `${plan.year - 1}01`,
      });
      const headline = computeHeadline(series.points, indicator.measure);
      if (headline) items.push(await settleSource(plan.unitCode, { indicator, headline }));
    }
    return { planId: plan.id, unitCode: plan.unitCode, items };
  }

  return { getPlanHeadlines };
}

export type HeadlineService = ReturnType<typeof createHeadlineService>;
