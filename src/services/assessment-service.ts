/**
 * Assesses every target of a plan as of a date. It reads only the plan unit's own
 * observations and roll-up rows for the targets' indicators over two years, so
 * its cost follows the number of targets, not the number of observations.
 */
import {
  assessTarget,
  blankAssessment,
  progressProfileOf,
  type Assessment,
} from '../core/attainment.ts';
import { periodInclusion } from '../core/data-date.ts';
import { expectedProgressSeries } from '../core/expected-progress.ts';
import type { Light } from '../core/light-thresholds.ts';
import { asIndicatorId, asPlanNodeId, asTargetId } from '../core/ids.ts';
import { isAdditiveOverUnits } from '../core/indicator.ts';
import { convertQuantity } from '../core/measure-unit.ts';
import { parsePeriod, periodOf, previousPeriod, type PeriodType } from '../core/period.ts';
import { approvedOnly, countedRollup, countedStates } from '../core/rollup.ts';
import type { Comparator, Target } from '../core/target.ts';
import { computeDueDate, defaultDueRules, type DueRules } from '../core/timeliness.ts';
import type { IndicatorTable, TargetTable } from '../store/schema.ts';
import {
  readIndicatorsById,
  readOwnValues,
  readPlanTargets,
  readRollupRows,
  readSimulatedIndicators,
  readUnitPaths,
} from '../store/assessment-repository.ts';
import { readDueRuleRows } from '../store/timeliness-repository.ts';
import { loadDuties } from './collection-context.ts';
import type { ServiceDeps } from './ports.ts';

/** What a target without a light is (contract/common.ts AssessmentSchema.standing). */
export type Standing =
  'assessed' | 'annual-pending' | 'milestone' | 'qualitative' | 'unlinked' | 'no-data' | 'rejected';

/** Of the units that report a figure, how many are approved for its last period. */
export interface Completeness {
  readonly periodId: string;
  readonly approved: number;
  readonly expected: number;
  readonly partial: boolean;
}

export interface TargetAssessment {
  readonly targetId: string;
  /** The target's value in the indicator's unit, the one the assessment compares with. */
  readonly comparedValue: number | null;
  readonly comparedUnit: string;
  readonly assessment: Assessment & {
    readonly standing: Standing;
    readonly completeness: Completeness | null;
  };
  /** Expected progress (share of the target) at the end of each period, as the light used it. */
  readonly expectedSeries: readonly { periodId: string; share: number }[];
}

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

export function createAssessmentService(deps: ServiceDeps) {
  const { db } = deps.database;
  const policy = deps.counting ?? approvedOnly;

  async function assessPlan(planId: string, asOfOverride?: string) {
    const { plan, targets } = await readPlanTargets(db, planId);
    const indicatorIds = [
      ...new Set(targets.map((t) => t.indicator_id).filter((i): i is string => i !== null)),
    ];
    const unitIds = [...new Set(targets.map((t) => t.unit_id))];
    const years = [plan.year, plan.year - 1];
    const states = countedStates(policy);
    const [indicators, own, rolled, simulated, units, duties, dueRows] =
      indicatorIds.length === 0
        ? [[], [], [], [], [], new Map<string, Set<string>>(), []]
        : await Promise.all([
            readIndicatorsById(db, indicatorIds),
            readOwnValues(db, { indicatorIds, unitIds, years }, states),
            readRollupRows(db, { indicatorIds, unitIds, years }),
            // Last year's season may shape expected progress only where it is real data.
            readSimulatedIndicators(db, indicatorIds, plan.year - 1),
            readUnitPaths(db),
            loadDuties(db, plan.year),
            readDueRuleRows(db),
          ]);
    const indicatorById = new Map(indicators.map((i) => [i.id, i]));
    const simulatedLastYear = new Set(simulated.map((r) => r.indicator_id));
    const pathOf = new Map(units.map((u) => [u.id, u.path]));
    const dueRules: DueRules = {
      ...defaultDueRules,
      ...Object.fromEntries(dueRows.map((r) => [r.period_type, r.days_after_end])),
    };
    const today = deps.clock.today();
    /** Units strictly below `unitId` that report the indicator: who a complete sum waits for. */
    // Asked once per roll-up row, answered once per indicator and unit.
    const reporterCounts = new Map<string, number>();
    const expectedReporters = (indicatorId: string, unitId: string) => {
      const key = `${indicatorId}|${unitId}`;
      const known = reporterCounts.get(key);
      if (known !== undefined) return known;
      const root = pathOf.get(unitId) ?? '';
      let n = 0;
      for (const [reporter, ids] of duties)
        if (
          reporter !== unitId &&
          ids.has(indicatorId) &&
          (pathOf.get(reporter) ?? '').startsWith(root)
        )
          n += 1;
      reporterCounts.set(key, n);
      return n;
    };

    // Own values win over the sum of descendants: a unit's reported total is authoritative.
    // A sum counts only once its period is complete, or partial past the grace period.
    const seriesKey = (indicatorId: string, unitId: string) => `${indicatorId}|${unitId}`;
    const values = new Map<string, Map<string, number>>();
    const coverage = new Map<string, Map<string, Completeness>>();
    const put = (key: string, periodId: string, value: number) => {
      const m = values.get(key) ?? new Map<string, number>();
      m.set(periodId, value);
      values.set(key, m);
    };
    const ownKeys = new Set(
      own.map((r) => `${seriesKey(r.indicator_id, r.unit_id)}|${r.period_id}`),
    );
    for (const r of rolled) {
      if (!isAdditiveOverUnits(indicatorById.get(r.indicator_id)?.measure ?? 'rate')) continue;
      const key = seriesKey(r.indicator_id, r.unit_id);
      if (ownKeys.has(`${key}|${r.period_id}`)) continue;
      const counted = countedRollup(r, policy);
      if (counted.count <= 0) continue;
      const period = parsePeriod(r.period_id);
      const expected = Math.max(counted.count, expectedReporters(r.indicator_id, r.unit_id));
      const inclusion = periodInclusion({
        hasOwnValue: false,
        approved: counted.count,
        expected,
        dueDate: computeDueDate(period, dueRules),
        today,
      });
      if (inclusion === 'pending') continue;
      put(key, r.period_id, counted.sum);
      const c = coverage.get(key) ?? new Map<string, Completeness>();
      c.set(r.period_id, {
        periodId: r.period_id,
        approved: counted.count,
        expected,
        partial: inclusion === 'partial',
      });
      coverage.set(key, c);
    }
    for (const r of own) put(seriesKey(r.indicator_id, r.unit_id), r.period_id, r.value);

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
    // A closed year is read "as of" its data (数据截至…), not as of a today that lies beyond it.
    const asOf = asOfOverride ?? (today <= yearEnd ? today : (latestDataEnd ?? yearEnd));

    const results: TargetAssessment[] = targets.map((row) => {
      const indicator = row.indicator_id ? indicatorById.get(row.indicator_id) : undefined;
      const { target, unit } = toCoreTarget(row, indicator);
      const unassessed = (standing: Standing, zh: string, en: string): TargetAssessment => ({
        targetId: row.id,
        comparedValue: target.value,
        comparedUnit: unit,
        assessment: { ...blankAssessment({ zh, en }), standing, completeness: null },
        expectedSeries: [],
      });
      if (row.kind === 'milestone')
        return unassessed(
          'milestone',
          '节点目标：按节点进度评估，尚无节点进度',
          'milestone: no progress on its nodes yet',
        );
      if (row.kind === 'qualitative')
        return unassessed(
          'qualitative',
          '定性任务：以进展报告评估',
          'qualitative task: judged by its progress reports',
        );
      if (!indicator)
        return unassessed(
          'unlinked',
          '未关联指标：请在计划编辑中为该目标关联指标',
          'not linked to an indicator: link one in the plan editor',
        );
      const key = seriesKey(indicator.id, row.unit_id);
      const m = values.get(key) ?? new Map<string, number>();
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
      if (series.length === 0 && cadence === 'year')
        return unassessed(
          'annual-pending',
          '年度指标，年末评估',
          'annual indicator: assessed when the year-end figure arrives',
        );
      const input = {
        target,
        asOf,
        thresholds: deps.thresholds,
        series,
        lastYearSeries: lastYearSeries.length > 0 ? lastYearSeries : undefined,
        lastYearIsReal: !simulatedLastYear.has(indicator.id),
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
      const assessment = assessTarget({ ...input, previousLight });
      const completeness =
        assessment.asOfPeriodId === null
          ? null
          : (coverage.get(key)?.get(assessment.asOfPeriodId) ?? null);
      const profile = progressProfileOf(input);
      return {
        targetId: row.id,
        comparedValue: target.value,
        comparedUnit: unit,
        assessment: {
          ...assessment,
          reason: completeness?.partial
            ? {
                zh: `${assessment.reason.zh}（部分：${completeness.expected}个单位中已审核${completeness.approved}个）`,
                en: `${assessment.reason.en} (partial: ${completeness.approved} of ${completeness.expected} units approved)`,
              }
            : assessment.reason,
          standing: series.length === 0 ? 'no-data' : 'assessed',
          completeness,
        },
        // The expected line the chart draws is the one the light was judged against.
        expectedSeries:
          target.measure === 'flow' && cadence !== 'year'
            ? expectedProgressSeries(plan.year, cadence, profile)
            : [],
      };
    });
    const partial = results.some((r) => r.assessment.completeness?.partial === true);
    return { asOf, dataThrough: latestDataEnd, dataPartial: partial, results };
  }

  return { assessPlan };
}

export type AssessmentService = ReturnType<typeof createAssessmentService>;
