/**
 * Adopting a plan and what happened since: moving it between draft, adopted and closed, and
 * the targets and tasks touched since it was last adopted, read from the audit log.
 */
import { DomainError } from '../core/domain-error.ts';
import { authorize } from '../core/permission.ts';
import { canTransitionPlan, type PlanStatus } from '../core/plan.ts';
import { recordChange } from '../store/audit-log.ts';
import type { PlanContext } from './plan-context.ts';
import type { Actor } from './ports.ts';

/** An audit entry's value as the record it was written from (null when there was none). */
const asRecord = (value: unknown) =>
  value === null || typeof value !== 'object' ? null : (value as Record<string, unknown>);

export function createPlanAdoption(context: PlanContext) {
  const { deps, db, plans, registry, auditLog, getPlanRow, authorizeOnUnit } = context;

  async function setPlanStatus(planId: string, status: PlanStatus, actor: Actor, reason = '') {
    authorize(actor, 'plan.adopt');
    return db.transaction().execute(async (trx) => {
      const plan = await getPlanRow(planId, trx);
      await authorizeOnUnit(actor, 'plan.adopt', plan.unit_id, trx);
      if (!canTransitionPlan(plan.status, status))
        throw new DomainError(
          'INVALID_TRANSITION',
          `计划状态不能从“${plan.status}”变为“${status}”`,
          `a plan cannot go from ${plan.status} to ${status}`,
        );
      if (status === 'draft' && reason.trim() === '')
        throw new DomainError(
          'VALIDATION_FAILED',
          '退回草案须说明原因',
          'reopening a plan needs a reason',
        );
      const now = deps.clock.now();
      await plans.updatePlan(planId, { status, updated_at: now }, trx);
      await recordChange(trx, deps.clock, actor, {
        action: `plan.${status}`,
        entity: 'plan',
        entityId: planId,
        oldValue: { status: plan.status },
        newValue: { status },
        reason,
      });
      return { ...plan, status, updated_at: now };
    });
  }

  /**
   * What changed in a plan since it was last adopted: each target or task touched since,
   * with its fields as they were at adoption and as they are now (from the audit log).
   */
  async function getChangesSinceAdoption(planId: string) {
    const plan = await getPlanRow(planId);
    const [adoption] = await auditLog.list({
      entity: 'plan',
      entityId: planId,
      action: 'plan.adopted',
      limit: 1,
    });
    const base = {
      planId,
      status: plan.status,
      adoptedAt: adoption?.at ?? null,
      adoptedBy: adoption?.actor ?? null,
    };
    if (!adoption) return { ...base, changes: [] };
    const [entries, nodes, indicators] = await Promise.all([
      auditLog.listSince(adoption.seq, ['plan', 'plan_node', 'target']),
      plans.listNodes(planId),
      registry.listIndicators(),
    ]);
    const nodeIds = new Set(nodes.map((n) => n.id));
    const indicatorOf = new Map(indicators.map((i) => [i.id, `${i.name}（${i.code}）`]));
    const fields = [
      'kind',
      'metric',
      'indicator_id',
      'comparator',
      'value',
      'value_max',
      'unit',
      'due_period_id',
      'measure',
      'direction',
      'status',
      'lead',
      'co',
    ];
    const groups = new Map<
      string,
      {
        entity: string;
        entityId: string;
        first: Record<string, unknown> | null;
        last: Record<string, unknown> | null;
        actions: string[];
        reasons: string[];
        actors: string[];
        at: string;
      }
    >();
    for (const e of entries) {
      const oldValue = asRecord(e.oldValue);
      const newValue = asRecord(e.newValue);
      const belongs =
        e.entity === 'plan'
          ? e.entityId === planId
          : e.entity === 'plan_node'
            ? nodeIds.has(e.entityId)
            : (newValue ?? oldValue)?.plan_id === planId;
      if (!belongs) continue;
      const key = `${e.entity}|${e.entityId}`;
      const group = groups.get(key) ?? {
        entity: e.entity,
        entityId: e.entityId,
        first: oldValue,
        last: newValue,
        actions: [],
        reasons: [],
        actors: [],
        at: e.at,
      };
      group.last = newValue;
      group.at = e.at;
      if (!group.actions.includes(e.action)) group.actions.push(e.action);
      if (e.reason && !group.reasons.includes(e.reason)) group.reasons.push(e.reason);
      if (!group.actors.includes(e.actor)) group.actors.push(e.actor);
      groups.set(key, group);
    }
    const show = (field: string, value: unknown) =>
      field === 'indicator_id' && typeof value === 'string'
        ? (indicatorOf.get(value) ?? value)
        : value;
    const changes = [...groups.values()].map((g) => {
      const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
      const label =
        text(g.last?.metric) ??
        text(g.first?.metric) ??
        text(g.last?.title) ??
        text(g.first?.title) ??
        '';
      const changed =
        g.entity === 'plan'
          ? []
          : fields
              .filter((f) => (g.first !== null && f in g.first) || (g.last !== null && f in g.last))
              .filter(
                (f) => JSON.stringify(g.first?.[f] ?? null) !== JSON.stringify(g.last?.[f] ?? null),
              )
              .map((f) => ({
                field: f,
                before: show(f, g.first?.[f] ?? null),
                after: show(f, g.last?.[f] ?? null),
              }));
      return {
        entity: g.entity,
        entityId: g.entityId,
        label,
        actions: g.actions,
        reasons: g.reasons,
        actors: g.actors,
        at: g.at,
        fields: changed,
      };
    });
    return { ...base, changes };
  }

  return { setPlanStatus, getChangesSinceAdoption };
}
