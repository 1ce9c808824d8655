/**
 * The plan as a reader sees it: the list of plans, and one plan's tree of parts, groups and
 * tasks with every target's current assessment and the count of lights at each level.
 */
import { blankAssessment } from '../core/attainment.ts';
import type { Light } from '../core/light-thresholds.ts';
import type { PlanNodeTable, TargetTable } from '../store/schema.ts';
import type { TargetAssessment } from './assessment-service.ts';
import type { PlanContext } from './plan-context.ts';

export interface TargetView {
  readonly id: string;
  readonly nodeId: string;
  readonly kind: TargetTable['kind'];
  readonly metric: string;
  readonly indicator: { code: string; name: string; unit: string; decimals: number } | null;
  readonly suggestedIndicator: { code: string; name: string } | null;
  readonly proposal: unknown;
  readonly measure: TargetTable['measure'];
  readonly direction: TargetTable['direction'];
  readonly comparator: string;
  readonly value: number | null;
  readonly valueMax: number | null;
  readonly unit: string;
  readonly sign: number;
  readonly isAspirational: boolean;
  readonly duePeriodId: string;
  readonly status: TargetTable['status'];
  readonly isEdited: boolean;
  readonly sourceText: string;
  readonly sourceOffset: number | null;
  readonly version: number;
  /** The value the assessment compares, in the indicator's unit. */
  readonly comparedValue: number | null;
  readonly comparedUnit: string;
  readonly assessment: TargetAssessment['assessment'];
}

export interface PlanNodeView {
  readonly id: string;
  readonly key: string;
  readonly kind: PlanNodeTable['kind'];
  readonly label: string;
  readonly ordinal: number;
  readonly title: string;
  readonly text: string;
  readonly units: { code: string; name: string; role: 'lead' | 'co'; isSuggested: boolean }[];
  readonly targets: TargetView[];
  readonly lights: Record<Light, number>;
  readonly children: PlanNodeView[];
}

const emptyLights = (): Record<Light, number> => ({
  green: 0,
  yellow: 0,
  red: 0,
  done: 0,
  none: 0,
});

export function createPlanTreeView(context: PlanContext) {
  const { plans, registry } = context;

  const listPlans = () => plans.listPlans();

  /** The plan with its tree; every target carries its current assessment. */
  async function getPlanTree(planId: string, asOf?: string) {
    const plan = await context.getPlanRow(planId);
    const [nodes, targets, indicators, nodeUnits, unit, assessed] = await Promise.all([
      plans.listNodes(planId),
      plans.listTargets(planId),
      registry.listIndicators(),
      plans.listNodeUnits(planId),
      registry.findUnitById(plan.unit_id),
      context.assessPlan(planId, asOf),
    ]);
    if (!unit) throw new Error(`plan unit ${plan.unit_id} is missing`);
    const indicatorById = new Map(indicators.map((i) => [i.id, i]));
    const assessmentById = new Map(assessed.results.map((r) => [r.targetId, r]));
    const targetsByNode = new Map<string, TargetView[]>();
    for (const t of targets) {
      const a = assessmentById.get(t.id);
      const indicator = t.indicator_id ? indicatorById.get(t.indicator_id) : undefined;
      const suggested = t.suggested_indicator_id
        ? indicatorById.get(t.suggested_indicator_id)
        : undefined;
      const view: TargetView = {
        id: t.id,
        nodeId: t.node_id,
        kind: t.kind,
        metric: t.metric,
        indicator: indicator
          ? {
              code: indicator.code,
              name: indicator.name,
              unit: indicator.unit,
              decimals: indicator.decimals,
            }
          : null,
        suggestedIndicator: suggested ? { code: suggested.code, name: suggested.name } : null,
        proposal: t.proposal === null ? null : (JSON.parse(t.proposal) as unknown),
        measure: t.measure,
        direction: t.direction,
        comparator: t.comparator,
        value: t.value,
        valueMax: t.value_max,
        unit: t.unit,
        sign: t.sign,
        isAspirational: t.is_aspirational === 1,
        duePeriodId: t.due_period_id,
        status: t.status,
        isEdited: t.is_edited === 1,
        sourceText: t.source_text,
        sourceOffset: t.source_offset,
        version: t.version,
        comparedValue: a?.comparedValue ?? t.value,
        comparedUnit: a?.comparedUnit ?? t.unit,
        assessment: a?.assessment ?? {
          ...blankAssessment({ zh: '已否决，不评估', en: 'rejected; not assessed' }),
          standing: 'rejected',
          completeness: null,
        },
      };
      targetsByNode.set(t.node_id, [...(targetsByNode.get(t.node_id) ?? []), view]);
    }
    const unitsByNode = new Map<string, PlanNodeView['units']>();
    for (const u of nodeUnits) {
      unitsByNode.set(u.node_id, [
        ...(unitsByNode.get(u.node_id) ?? []),
        { code: u.code, name: u.name, role: u.role, isSuggested: u.is_suggested === 1 },
      ]);
    }
    const build = (parentId: string | null): PlanNodeView[] =>
      nodes
        .filter((n) => n.parent_id === parentId)
        .map((n) => {
          const children = build(n.id);
          const own = targetsByNode.get(n.id) ?? [];
          const lights = emptyLights();
          for (const t of own) if (t.status !== 'rejected') lights[t.assessment.light] += 1;
          for (const c of children)
            for (const l of Object.keys(lights) as Light[]) lights[l] += c.lights[l];
          return {
            id: n.id,
            key: n.key,
            kind: n.kind,
            label: n.label,
            ordinal: n.ordinal,
            title: n.title,
            text: n.text,
            units: (unitsByNode.get(n.id) ?? []).sort((a, b) =>
              a.role === b.role ? 0 : a.role === 'lead' ? -1 : 1,
            ),
            targets: own,
            lights,
            children,
          };
        });
    const tree = build(null);
    const lights = emptyLights();
    for (const n of tree) for (const l of Object.keys(lights) as Light[]) lights[l] += n.lights[l];
    return {
      id: plan.id,
      year: plan.year,
      title: plan.title,
      status: plan.status,
      sourceDocument: plan.source_document,
      unit: { code: unit.code, name: unit.name },
      asOf: assessed.asOf,
      dataThrough: assessed.dataThrough,
      dataPartial: assessed.dataPartial,
      lights,
      nodes: tree,
    };
  }

  /** Counts by light, for the plan and for each group. */
  async function getSummary(planId: string, asOf?: string) {
    const tree = await getPlanTree(planId, asOf);
    const groups = tree.nodes.flatMap((part) =>
      part.children
        .filter((g) => g.kind === 'group')
        .map((g) => ({
          key: g.key,
          label: g.label,
          title: g.title,
          partKey: part.key,
          lights: g.lights,
        })),
    );
    return { planId, asOf: tree.asOf, lights: tree.lights, groups };
  }

  return { listPlans, getPlanTree, getSummary };
}

export type PlanTreeView = ReturnType<typeof createPlanTreeView>;
