/**
 * One target with the data behind its light: its place in the tree, its series this year
 * (up to the last period the light counted) and last year, the expected path, the counted
 * observations, and its audit trail.
 */
import { cumulativeSeries } from '../core/aggregation.ts';
import { DomainError } from '../core/domain-error.ts';
import { isAdditiveOverTime } from '../core/indicator.ts';
import type { Measure } from '../core/measure.ts';
import { parsePeriod } from '../core/period.ts';
import { approvedOnly, countedStates } from '../core/rollup.ts';
import { createObservationService } from './observation-service.ts';
import type { PlanContext } from './plan-context.ts';
import type { PlanNodeView, PlanTreeView, TargetView } from './plan-tree-view.ts';

/**
 * The points of a year with what the chart draws for each: a flow's running total (the year
 * to date), else the value itself — a stock, rate or growth does not add over time.
 */
function withCumulative(points: { periodId: string; value: number | null }[], measure: Measure) {
  if (!isAdditiveOverTime(measure)) return points.map((p) => ({ ...p, cumulative: p.value }));
  const running = new Map(
    cumulativeSeries(points.map((p) => ({ periodId: p.periodId, value: p.value ?? 0 }))).map(
      (c) => [c.periodId, c.value],
    ),
  );
  return points.map((p) => ({ ...p, cumulative: running.get(p.periodId) ?? null }));
}

export function createTargetDetail(
  context: PlanContext,
  treeView: Pick<PlanTreeView, 'getPlanTree'>,
) {
  const { deps, plans, registry, auditLog, getPlanRow, getTarget } = context;
  const observations = createObservationService(deps);

  /** One target with the data behind its light: series, observations and audit trail. */
  async function getTargetDetail(targetId: string, asOf?: string) {
    const row = await getTarget(targetId);
    const tree = await treeView.getPlanTree(row.plan_id, asOf);
    const find = (nodes: PlanNodeView[]): { node: PlanNodeView; target: TargetView } | null => {
      for (const n of nodes) {
        const t = n.targets.find((x) => x.id === targetId);
        if (t) return { node: n, target: t };
        const deeper = find(n.children);
        if (deeper) return deeper;
      }
      return null;
    };
    const found = find(tree.nodes);
    if (!found)
      throw new DomainError('NOT_FOUND', `找不到目标“${targetId}”`, `Target ${targetId} not found`);
    const plan = await getPlanRow(row.plan_id);
    const unit = await registry.findUnitById(row.unit_id);
    if (!unit) throw new Error(`target unit ${row.unit_id} is missing`);
    const indicator = row.indicator_id
      ? await registry.findIndicatorById(row.indicator_id)
      : undefined;
    let series: { periodId: string; value: number | null; cumulative: number | null }[] = [];
    let lastYearSeries: typeof series = [];
    let observationRows: {
      periodId: string;
      value: number;
      source: string;
      sourceRef: string;
      state: string;
      updatedAt: string;
      updatedBy: string;
    }[] = [];
    const assessed = (await context.assessPlan(row.plan_id, asOf)).results.find(
      (r) => r.targetId === targetId,
    );
    // The chart shows what the light was judged on: nothing past the target's last counted period.
    const lastCounted = found.target.assessment.asOfPeriodId;
    const countedEnd = lastCounted ? parsePeriod(lastCounted).end : null;
    if (indicator) {
      const all = await observations.getSeries(indicator.code, unit.code);
      const ofYear = (year: number) =>
        all.points
          .filter((p) => p.periodId.startsWith(String(year)) && p.periodId.length > 4)
          .filter(
            (p) =>
              year !== plan.year ||
              countedEnd === null ||
              parsePeriod(p.periodId).end <= countedEnd,
          )
          .map((p) => ({ periodId: p.periodId, value: p.value }));
      series = withCumulative(ofYear(plan.year), indicator.measure);
      lastYearSeries = withCumulative(ofYear(plan.year - 1), indicator.measure);
      const rows = await plans.listTargetObservations({
        indicatorId: indicator.id,
        unitId: row.unit_id,
        years: [plan.year, plan.year - 1],
        states: countedStates(deps.counting ?? approvedOnly),
      });
      observationRows = rows.map((o) => ({
        periodId: o.period_id,
        value: o.value,
        source: o.source,
        sourceRef: o.source_ref,
        state: o.state,
        updatedAt: o.updated_at,
        updatedBy: o.updated_by,
      }));
    }
    const trail = await auditLog.list({ entity: 'target', entityId: targetId, limit: 1000 });
    return {
      target: found.target,
      plan: { id: plan.id, year: plan.year, title: plan.title, asOf: tree.asOf },
      node: {
        id: found.node.id,
        key: found.node.key,
        title: found.node.title,
        label: found.node.label,
      },
      series,
      lastYearSeries,
      expectedSeries: [...(assessed?.expectedSeries ?? [])],
      observations: observationRows,
      audit: trail.map(({ seq, at, actor, action, reason, oldValue, newValue }) => ({
        seq,
        at,
        actor,
        action,
        reason,
        oldValue,
        newValue,
      })),
    };
  }

  return { getTargetDetail };
}
