/**
 * Assesses every target of a plan as of a date. It reads only the plan unit's own
 * observations and roll-up rows for the targets' indicators over two years, so
 * its cost follows the number of targets, not the number of observations.
 */
import { assessTarget, type Assessment } from '../core/attainment.ts';
import type { Light } from '../core/light-thresholds.ts';
import { asIndicatorId, asPlanNodeId, asTargetId } from '../core/ids.ts';
import type { Measure } from '../core/measure.ts';
import { convertQuantity } from '../core/measure-unit.ts';
import { parsePeriod, periodOf, previousPeriod, type PeriodType } from '../core/period.ts';
import type { Comparator, Target } from '../core/target.ts';
import type { IndicatorTable, TargetTable } from '../store/schema.ts';
import type { ServiceDeps } from './ports.ts';

export interface TargetAssessment {
  readonly targetId: string;
  /** The target's value in the indicator's unit, the one the assessment compares with. */
  readonly comparedValue: number | null;
  readonly comparedUnit: string;
  readonly assessment: Assessment;
}

const additive = (m: Measure) => m === 'flow' || m === 'stock';

/** The stored target as the core's value type, its value converted into the indicator's unit. */
export function toCoreTarget(
  row: TargetTable,
  indicator: IndicatorTable | undefined,
): { target: Target; unit: string } {
  let value = row.value;
  let valueMax = row.value_max;
  let unit = row.unit;
  if (indicator && row.unit !== indicator.unit && row.measure !== 'growth') {
    try {
      value = value === null ? null : convertQuantity(value, row.unit, indicator.unit);
      valueMax = valueMax === null ? null : convertQuantity(valueMax, row.unit, indicator.unit);
      unit = indicator.unit;
    } catch {
      // Units of different dimensions: keep the target as written; the reason will say so.
    }
  }
  return {
    unit,
    target: {
      id: asTargetId(row.id),
      nodeId: asPlanNodeId(row.node_id),
      kind: row.kind,
      metric: row.metric,
      indicatorId: row.indicator_id === null ? null : asIndicatorId(row.indicator_id),
      measure: row.measure,
      direction: row.direction,
      comparator: row.comparator as Comparator,
      value,
      valueMax,
      unit,
      sign: row.sign === -1 ? -1 : 1,
      isAspirational: row.is_aspirational === 1,
      duePeriodId: row.due_period_id,
      baseline: row.baseline,
      status: row.status,
    },
  };
}

const noData = (zh: string, en: string): Assessment => ({
  light: 'none',
  actual: null,
  shareOfTarget: null,
  expectedShare: null,
  gapPoints: null,
  forecast: null,
  requiredRunRate: null,
  reason: { zh, en },
  asOfPeriodId: null,
});

export function createAssessmentService(deps: ServiceDeps) {
  const { db } = deps.database;

  async function assessPlan(planId: string, asOfOverride?: string) {
    const plan = await db
      .selectFrom('plan')
      .selectAll()
      .where('id', '=', planId)
      .executeTakeFirstOrThrow();
    const targets = await db
      .selectFrom('target')
      .selectAll()
      .where('plan_id', '=', planId)
      .where('status', '!=', 'rejected')
      .execute();
    const indicatorIds = [
      ...new Set(targets.map((t) => t.indicator_id).filter((i): i is string => i !== null)),
    ];
    const unitIds = [...new Set(targets.map((t) => t.unit_id))];
    const years = [plan.year, plan.year - 1];
    const [indicators, own, rolled] =
      indicatorIds.length === 0
        ? [[], [], []]
        : await Promise.all([
            db.selectFrom('indicator').selectAll().where('id', 'in', indicatorIds).execute(),
            db
              .selectFrom('observation')
              .select(['indicator_id', 'unit_id', 'period_id', 'value', 'year'])
              .where('indicator_id', 'in', indicatorIds)
              .where('unit_id', 'in', unitIds)
              .where('year', 'in', years)
              .execute(),
            db
              .selectFrom('rollup')
              .select(['indicator_id', 'unit_id', 'period_id', 'descendants_sum as value', 'year'])
              .where('indicator_id', 'in', indicatorIds)
              .where('unit_id', 'in', unitIds)
              .where('year', 'in', years)
              .where('descendants_count', '>', 0)
              .execute(),
          ]);
    const indicatorById = new Map(indicators.map((i) => [i.id, i]));
    // Own values win over the sum of descendants: a unit's reported total is authoritative.
    const values = new Map<string, Map<string, number>>();
    const seriesKey = (indicatorId: string, unitId: string) => `${indicatorId}|${unitId}`;
    for (const r of rolled) {
      if (!additive(indicatorById.get(r.indicator_id)?.measure ?? 'rate')) continue;
      const key = seriesKey(r.indicator_id, r.unit_id);
      const m = values.get(key) ?? new Map<string, number>();
      m.set(r.period_id, r.value);
      values.set(key, m);
    }
    for (const r of own) {
      const key = seriesKey(r.indicator_id, r.unit_id);
      const m = values.get(key) ?? new Map<string, number>();
      m.set(r.period_id, r.value);
      values.set(key, m);
    }

    const yearEnd = `${plan.year}-12-31`;
    let latestDataEnd: string | null = null;
    for (const m of values.values())
      for (const periodId of m.keys()) {
        const p = parsePeriod(periodId);
        if (
          p.type !== 'year' &&
          p.end.startsWith(String(plan.year)) &&
          (!latestDataEnd || p.end > latestDataEnd)
        )
          latestDataEnd = p.end;
      }
    const today = deps.clock.today();
    // A closed year is read "as of" its data (数据截至…), not as of a today that lies beyond it.
    const asOf = asOfOverride ?? (today <= yearEnd ? today : (latestDataEnd ?? yearEnd));

    const results: TargetAssessment[] = targets.map((row) => {
      const indicator = row.indicator_id ? indicatorById.get(row.indicator_id) : undefined;
      const { target, unit } = toCoreTarget(row, indicator);
      if (row.kind === 'milestone')
        return {
          targetId: row.id,
          comparedValue: target.value,
          comparedUnit: unit,
          assessment: noData('尚无节点进度', 'no milestone progress yet'),
        };
      if (!indicator)
        return {
          targetId: row.id,
          comparedValue: target.value,
          comparedUnit: unit,
          assessment: noData('未关联指标，无法评估', 'not linked to an indicator'),
        };
      const m = values.get(seriesKey(indicator.id, row.unit_id)) ?? new Map<string, number>();
      const cadence = indicator.cadence as PeriodType;
      const pick = (year: number) => {
        const points = [...m.entries()]
          .map(([periodId, value]) => ({ period: parsePeriod(periodId), value }))
          .filter((p) => p.period.start.startsWith(String(year)));
        const fine = points.filter((p) => p.period.type === cadence && p.period.type !== 'year');
        const chosen = fine.length > 0 ? fine : points.filter((p) => p.period.type === 'year');
        return chosen
          .sort((a, b) => a.period.start.localeCompare(b.period.start))
          .map((p) => ({ periodId: p.period.id, value: p.value }));
      };
      const series = pick(plan.year).filter((p) => parsePeriod(p.periodId).start <= asOf);
      const lastYearSeries = pick(plan.year - 1);
      const input = {
        target,
        asOf,
        thresholds: deps.thresholds,
        series,
        lastYearSeries: lastYearSeries.length > 0 ? lastYearSeries : undefined,
        indicatorMeasure: indicator.measure,
      };
      let previousLight: Light | undefined;
      if (deps.thresholds.dampRecovery && series.length > 1 && cadence !== 'year') {
        const previousEnd = previousPeriod(periodOf(cadence, asOf)).end;
        previousLight = assessTarget({
          ...input,
          asOf: previousEnd,
          series: series.filter((p) => parsePeriod(p.periodId).end <= previousEnd),
        }).light;
      }
      return {
        targetId: row.id,
        comparedValue: target.value,
        comparedUnit: unit,
        assessment: assessTarget({ ...input, previousLight }),
      };
    });
    return { asOf, results };
  }

  return { assessPlan };
}

export type AssessmentService = ReturnType<typeof createAssessmentService>;
