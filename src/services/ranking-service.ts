/**
 * Fair rankings (晒比) of a plan's towns and departments: each unit measured against itself —
 * its targets' progress against 序时, its growth against its own base, its reporting on time,
 * its blockers closed by their deadline — then ranked by core/ranking.ts, whose method text is
 * generated from the configuration and printed next to the table.
 */
import { onTimeClosureRate } from '../core/blocker.ts';
import { parsePeriod } from '../core/period.ts';
import {
  computeRanking,
  type Ranking,
  type RankingCriterionKind,
  type RankingInput,
  type RankingMethod,
} from '../core/ranking.ts';
import { findUnitsByCode, listBlockerDeadlines } from '../store/project-repository.ts';
import { createObservationService } from './observation-service.ts';
import { createPlanService } from './plan-service.ts';
import type { PlanNodeView, TargetView } from './plan-tree-view.ts';
import type { ServiceDeps } from './ports.ts';
import { createTimelinessService } from './timeliness-service.ts';

export type RankingScope = 'towns' | 'departments';

/** What a ranking is asked for: the method, and the indicator whose growth counts. */
export interface RankingQuery {
  readonly scope: RankingScope;
  readonly asOf?: string;
  readonly method?: RankingMethod;
  /** The indicator whose growth against each unit's own base counts (towns); none by default. */
  readonly growthIndicatorCode?: string | null;
}

export interface RankingResult extends Ranking {
  readonly scope: RankingScope;
  readonly asOf: string;
  readonly dataThrough: string | null;
  readonly method: RankingMethod;
  readonly growthIndicatorCode: string | null;
  /** Each unit's raw figures, so a reader can check the scores. */
  readonly inputs: readonly RankingInput[];
}

/**
 * The default methods. Towns have no targets of their own in a district plan, so they are
 * ranked on what they own: reporting on time (and growth when an indicator is named).
 * Departments lead tasks, so their targets' progress against 序时 counts with timeliness.
 * Blockers count only when asked for: a unit with none closed would be left out.
 */
export const defaultRankingMethods: Readonly<Record<RankingScope, RankingMethod>> = {
  towns: {
    criteria: [{ kind: 'timeliness', weight: 1 }],
    normalisation: 'min-max',
    minimumBase: 0,
    tieTolerance: 0,
  },
  departments: {
    criteria: [
      { kind: 'completion-vs-expected', weight: 0.6 },
      { kind: 'timeliness', weight: 0.4 },
    ],
    normalisation: 'min-max',
    minimumBase: 0,
    tieTolerance: 0,
  },
};

const weightOf = (method: RankingMethod, kind: RankingCriterionKind) =>
  method.criteria.find((c) => c.kind === kind)?.weight ?? 0;

/** Share done over expected share for flows and stocks with both known; null otherwise. */
const completionOf = (t: TargetView): number | null => {
  const { shareOfTarget, expectedShare } = t.assessment;
  if (t.status === 'rejected' || shareOfTarget === null || expectedShare === null) return null;
  return expectedShare > 0 ? shareOfTarget / expectedShare : null;
};

/** Every target under a node, its own and its descendants'. */
const targetsUnder = (node: PlanNodeView): TargetView[] => [
  ...node.targets,
  ...node.children.flatMap(targetsUnder),
];

export function createRankingService(deps: ServiceDeps) {
  const plans = createPlanService(deps);
  const observations = createObservationService(deps);
  const timeliness = createTimelinessService(deps);

  /** A unit's counted growth of the indicator over the months both years have reached. */
  async function growthOf(code: string, unitCode: string, year: number, through: string) {
    const { points } = await observations.getSeries(code, unitCode, {
      from: String(year - 1),
      to: String(year),
    });
    const sum = (y: number) =>
      points
        .filter(
          (p) =>
            p.value !== null &&
            parsePeriod(p.periodId).type === 'month' &&
            p.periodId.startsWith(String(y)) &&
            p.periodId.slice(4, 6) <= through,
        )
        .reduce((total, p) => total + (p.value ?? 0), 0);
    const base = sum(year - 1);
    return { base, growthPercent: base === 0 ? null : (sum(year) / base - 1) * 100 };
  }

  /** The ranking of the plan's towns or departments, with its method in words. */
  async function getRanking(planId: string, query: RankingQuery): Promise<RankingResult> {
    const method = query.method ?? defaultRankingMethods[query.scope];
    const growthIndicatorCode = query.growthIndicatorCode ?? null;
    const tree = await plans.getPlanTree(planId, query.asOf);
    const dataThrough = tree.dataThrough ?? null;
    const rates = await timeliness.getTimeliness({ year: tree.year, asOf: tree.asOf });
    let units: readonly { unitCode: string; unitName: string; timeliness: number | null }[] =
      query.scope === 'towns'
        ? rates.units.filter((u) => u.unitKind === 'region' && u.parentCode === tree.unit.code)
        : rates.departments;
    // Blockers raised this year, counted for the unit that must solve them and its parents.
    const blockers =
      weightOf(method, 'blockers-on-time') > 0
        ? await listBlockerDeadlines(deps.database.db, `${tree.year}-01-01`, `${tree.year}-12-31`)
        : [];
    const unitPaths =
      blockers.length > 0
        ? await findUnitsByCode(
            deps.database.db,
            units.map((u) => u.unitCode),
          )
        : new Map<string, { path: string }>();
    const completions = new Map<string, number[]>();
    if (query.scope === 'departments') {
      const walk = (node: PlanNodeView) => {
        const leads = node.units.filter((u) => u.role === 'lead');
        if (leads.length > 0) {
          const shares = targetsUnder(node)
            .map(completionOf)
            .filter((s): s is number => s !== null);
          for (const lead of leads)
            completions.set(lead.code, [...(completions.get(lead.code) ?? []), ...shares]);
          return;
        }
        node.children.forEach(walk);
      };
      tree.nodes.forEach(walk);
    }
    // A department that leads tasks but reports nothing is ranked too (its timeliness is missing).
    if (query.scope === 'departments') {
      const listed = new Set(units.map((u) => u.unitCode));
      const leads = new Map<string, string>();
      const collect = (n: PlanNodeView) => {
        for (const u of n.units) if (u.role === 'lead') leads.set(u.code, u.name);
        n.children.forEach(collect);
      };
      tree.nodes.forEach(collect);
      for (const [unitCode, unitName] of leads)
        if (!listed.has(unitCode) && (completions.get(unitCode)?.length ?? 0) > 0)
          units = [...units, { unitCode, unitName, timeliness: null }];
    }
    const through = dataThrough?.slice(5, 7) ?? '12';
    const inputs: RankingInput[] = [];
    for (const u of units) {
      const growth =
        growthIndicatorCode !== null && weightOf(method, 'growth-vs-own-base') > 0
          ? await growthOf(growthIndicatorCode, u.unitCode, tree.year, through)
          : { base: null, growthPercent: null };
      const shares = completions.get(u.unitCode) ?? [];
      const path = unitPaths.get(u.unitCode)?.path ?? '';
      inputs.push({
        unitCode: u.unitCode,
        unitName: u.unitName,
        completionVsExpected:
          shares.length === 0 ? null : shares.reduce((s, x) => s + x, 0) / shares.length,
        growthPercent: growth.growthPercent,
        base: growth.base,
        timeliness: u.timeliness,
        blockersOnTime: onTimeClosureRate(
          blockers
            .filter((b) => path !== '' && b.unit_path.startsWith(path))
            .map((b) => ({ dueDate: b.due_date, closedOn: b.closed_on })),
        ),
      });
    }

    return {
      ...computeRanking(inputs, method),
      scope: query.scope,
      asOf: tree.asOf,
      dataThrough,
      method,
      growthIndicatorCode,
      inputs,
    };
  }

  return { getRanking };
}

export type RankingService = ReturnType<typeof createRankingService>;
