/**
 * A planner's edits of a draft plan: a target's fields (optimistic, by version), the lead and
 * co units of a task, and creating the indicator a target proposes. Accepting or rejecting a
 * target stays open on an adopted plan.
 */
import { changedMeanwhile, DomainError } from '../core/domain-error.ts';
import { authorize } from '../core/permission.ts';
import type { PeriodType } from '../core/period.ts';
import { recordChange } from '../store/audit-log.ts';
import type { TargetTable } from '../store/schema.ts';
import { requireGrant } from './collection-context.ts';
import { requireDraft, type PlanContext } from './plan-context.ts';
import type { Actor } from './ports.ts';
import { createRegistryService } from './registry-service.ts';

export function createPlanEditing(context: PlanContext) {
  const { deps, db, plans, registry, getPlanRow, getTarget, authorizeOnUnit } = context;
  const registryService = createRegistryService(deps);

  /** A planner's edit of a target; optimistic: the caller names the version it edited. */
  async function updateTarget(
    targetId: string,
    patch: {
      version: number;
      kind?: TargetTable['kind'];
      metric?: string;
      value?: number | null;
      valueMax?: number | null;
      unit?: string;
      comparator?: string;
      indicatorCode?: string | null;
      measure?: TargetTable['measure'];
      direction?: TargetTable['direction'];
      status?: TargetTable['status'];
      duePeriodId?: string;
    },
    actor: Actor,
    reason = '',
  ) {
    authorize(actor, 'plan.write');
    return db.transaction().execute(async (trx) => {
      const before = await getTarget(targetId, trx);
      const plan = await getPlanRow(before.plan_id, trx);
      await authorizeOnUnit(actor, 'plan.write', plan.unit_id, trx);
      // Accepting or rejecting stays open on an adopted plan; any other field would edit it past the lock.
      const isStatusOnly = Object.entries(patch).every(
        ([field, value]) => value === undefined || field === 'version' || field === 'status',
      );
      if (plan.status !== 'draft' && !isStatusOnly)
        throw new DomainError(
          'INVALID_TRANSITION',
          '计划已通过，修改目标须先退回草案',
          'the plan is adopted; reopen it as a draft to edit targets',
        );
      if (before.version !== patch.version)
        throw changedMeanwhile({ zh: '该目标', en: 'the target was' }, before);
      let indicatorId = before.indicator_id;
      if (patch.indicatorCode !== undefined) {
        if (patch.indicatorCode === null) indicatorId = null;
        else {
          const indicator = await registry.findIndicatorByCode(patch.indicatorCode, trx);
          if (!indicator)
            throw new DomainError(
              'NOT_FOUND',
              `找不到指标“${patch.indicatorCode}”`,
              `Indicator ${patch.indicatorCode} not found`,
            );
          indicatorId = indicator.id;
        }
      }
      const after: TargetTable = {
        ...before,
        kind: patch.kind ?? before.kind,
        metric: patch.metric ?? before.metric,
        value: patch.value === undefined ? before.value : patch.value,
        value_max: patch.valueMax === undefined ? before.value_max : patch.valueMax,
        unit: patch.unit ?? before.unit,
        comparator: patch.comparator ?? before.comparator,
        indicator_id: indicatorId,
        suggested_indicator_id:
          patch.indicatorCode !== undefined ? null : before.suggested_indicator_id,
        measure: patch.measure ?? before.measure,
        direction: patch.direction ?? before.direction,
        status: patch.status ?? before.status,
        due_period_id: patch.duePeriodId ?? before.due_period_id,
        is_edited: 1,
        version: before.version + 1,
        updated_at: deps.clock.now(),
      };
      // Of two concurrent edits of the same version, the second writes nothing and gets the conflict.
      if (!(await plans.updateTargetAtVersion(after, patch.version, trx))) {
        const current = await getTarget(targetId, trx);
        throw changedMeanwhile({ zh: '该目标', en: 'the target was' }, current);
      }
      await recordChange(trx, deps.clock, actor, {
        action: 'target.update',
        entity: 'target',
        entityId: targetId,
        oldValue: before,
        newValue: after,
        reason,
      });
      return after;
    });
  }

  /**
   * Sets the lead (牵头) and co (配合) units of a plan node; optimistic: the caller names the
   * units it saw, and gets a conflict when someone changed them since.
   */
  async function setNodeUnits(
    planId: string,
    nodeId: string,
    input: {
      lead: readonly string[];
      co: readonly string[];
      expected: { lead: readonly string[]; co: readonly string[] };
    },
    actor: Actor,
    reason = '',
  ) {
    authorize(actor, 'plan.write');
    const sorted = (codes: readonly string[]) => [...new Set(codes)].sort();
    const lead = sorted(input.lead);
    const co = sorted(input.co);
    const both = lead.filter((c) => co.includes(c));
    if (both.length > 0)
      throw new DomainError(
        'VALIDATION_FAILED',
        `单位不能既牵头又配合：${both.join('、')}`,
        `a unit cannot both lead and co-operate: ${both.join(', ')}`,
        { details: { units: both } },
      );
    return db.transaction().execute(async (trx) => {
      const plan = await getPlanRow(planId, trx);
      await authorizeOnUnit(actor, 'plan.write', plan.unit_id, trx);
      requireDraft(plan);
      const node = await plans.findNode(nodeId, trx);
      if (!node || node.plan_id !== planId)
        throw new DomainError('NOT_FOUND', `找不到任务“${nodeId}”`, `Task ${nodeId} not found`);
      const current = await plans.listUnitsOfNode(nodeId, trx);
      const before = {
        lead: sorted(current.filter((u) => u.role === 'lead').map((u) => u.code)),
        co: sorted(current.filter((u) => u.role === 'co').map((u) => u.code)),
      };
      const same = (a: readonly string[], b: readonly string[]) =>
        a.length === b.length && a.every((x, i) => x === b[i]);
      if (
        !same(before.lead, sorted(input.expected.lead)) ||
        !same(before.co, sorted(input.expected.co))
      )
        throw changedMeanwhile({ zh: '该任务的单位', en: "the task's units were" }, before);
      const wanted = [...lead, ...co];
      const units = await registry.findUnitsByCodes(wanted, trx);
      const idOf = new Map(units.map((u) => [u.code, u.id]));
      const missing = wanted.filter((c) => !idOf.has(c));
      if (missing.length > 0)
        throw new DomainError(
          'NOT_FOUND',
          `找不到单位“${missing.join('、')}”`,
          `Unit ${missing.join(', ')} not found`,
        );
      const rows = [
        ...lead.map((c) => ({ code: c, role: 'lead' as const })),
        ...co.map((c) => ({ code: c, role: 'co' as const })),
      ].map((u) => ({
        node_id: nodeId,
        unit_id: idOf.get(u.code) ?? '',
        role: u.role,
        is_suggested: 0,
      }));
      await plans.replaceNodeUnits(nodeId, rows, trx);
      const after = { lead, co };
      await recordChange(trx, deps.clock, actor, {
        action: 'plan-node.units',
        entity: 'plan_node',
        entityId: nodeId,
        oldValue: { planId, title: node.title, ...before },
        newValue: { planId, title: node.title, ...after },
        reason,
      });
      return { nodeId, ...after };
    });
  }

  /**
   * Creates the indicator a target's proposal describes (or the planner's correction of it)
   * and links the target to it. The target's version is checked first, so a stale edit
   * creates nothing.
   */
  async function createIndicatorForTarget(
    targetId: string,
    input: {
      version: number;
      code: string;
      name: string;
      unit: string;
      kind: 'kpi' | 'vital' | 'statistic';
      measure: TargetTable['measure'];
      direction: TargetTable['direction'];
      cadence: PeriodType;
      decimals?: number;
    },
    actor: Actor,
    reason = '',
  ) {
    requireGrant(actor, 'indicator.write');
    const before = await getTarget(targetId);
    requireDraft(await getPlanRow(before.plan_id));
    if (before.version !== input.version)
      throw changedMeanwhile({ zh: '该目标', en: 'the target was' }, before);
    const { version, ...indicator } = input;
    await registryService.createIndicator(
      {
        ...indicator,
        aliases: before.metric !== indicator.name ? [before.metric] : [],
        source: `计划目标：${before.metric}`,
      },
      actor,
    );
    return updateTarget(targetId, { version, indicatorCode: indicator.code }, actor, reason);
  }

  return { updateTarget, setNodeUnits, createIndicatorForTarget };
}
