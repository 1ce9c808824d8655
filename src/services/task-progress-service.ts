/**
 * Task progress (任务进展): each month a task's lead unit files an update — narrative,
 * percent complete, problems met — and submits it; a reviewer accepts it or returns it
 * with a reason. The plan page shows each task's latest submitted or accepted update.
 */
import type { Kysely, Updateable } from 'kysely';
import { DomainError } from '../core/domain-error.ts';
import { can } from '../core/permission.ts';
import { parsePeriod } from '../core/period.ts';
import { recordChange } from '../store/audit-log.ts';
import { createPlanRepository } from '../store/plan-repository.ts';
import { createRegistryRepository } from '../store/registry-repository.ts';
import { createTaskProgressRepository } from '../store/task-progress-repository.ts';
import type { Database, TaskProgressTable } from '../store/schema.ts';
import { authorize, requireGrant } from './collection-context.ts';
import type { Actor, ServiceDeps } from './ports.ts';

export interface TaskProgressInput {
  /** The month reported on, e.g. 202503. */
  readonly period: string;
  readonly narrative: string;
  /** 0–100. */
  readonly percentComplete: number;
  readonly problems?: string;
  /** The version edited; 0 for a new update of this month. */
  readonly version: number;
  /** Submit for review now, rather than keep as a draft. */
  readonly submit?: boolean;
}

export interface TaskProgressView {
  readonly id: string;
  readonly nodeId: string;
  readonly unitCode: string;
  readonly unitName: string;
  readonly period: string;
  readonly narrative: string;
  readonly percentComplete: number;
  readonly problems: string;
  readonly state: TaskProgressTable['state'];
  readonly reviewReason: string;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
  readonly submittedAt: string | null;
  readonly reviewedAt: string | null;
  readonly reviewedBy: string | null;
}

const toView = (
  r: TaskProgressTable,
  unit: { code: string; name: string } | undefined,
): TaskProgressView => ({
  id: r.id,
  nodeId: r.node_id,
  unitCode: unit?.code ?? '',
  unitName: unit?.name ?? '',
  period: r.period_id,
  narrative: r.narrative,
  percentComplete: r.percent_complete,
  problems: r.problems,
  state: r.state,
  reviewReason: r.review_reason,
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  updatedBy: r.updated_by,
  submittedAt: r.submitted_at,
  reviewedAt: r.reviewed_at,
  reviewedBy: r.reviewed_by,
});

export function createTaskProgressService(deps: ServiceDeps) {
  const { db } = deps.database;
  const progress = createTaskProgressRepository(db);
  const plans = createPlanRepository(db);
  const registry = createRegistryRepository(db);

  async function loadNode(nodeId: string) {
    const node = await plans.findNode(nodeId);
    if (!node)
      throw new DomainError('NOT_FOUND', `找不到任务“${nodeId}”`, `Task ${nodeId} not found`);
    return { node, leads: await plans.listLeadUnitsOfNode(nodeId) };
  }

  const unitNames = async () => new Map((await registry.listUnits()).map((u) => [u.id, u]));

  /**
   * Saves (and optionally submits) the lead unit's update of a task for a month. Only a
   * reporter of a lead unit may; an accepted update is final; a stale version gets CONFLICT.
   */
  async function saveProgress(nodeId: string, input: TaskProgressInput, actor: Actor) {
    requireGrant(actor, 'task-progress.write');
    const { node, leads } = await loadNode(nodeId);
    if (leads.length === 0)
      throw new DomainError(
        'INVALID_TRANSITION',
        `任务“${node.title}”尚未指定牵头单位，无法填报进展`,
        `task ${node.label} has no lead unit yet`,
      );
    const lead = leads.find((l) => can(actor, 'task-progress.write', l.path));
    if (!lead) authorize(actor, 'task-progress.write', leads[0]!);
    const unit = lead ?? leads[0]!;
    const period = parsePeriod(input.period);
    if (period.type !== 'month')
      throw new DomainError(
        'INVALID_PERIOD',
        '任务进展按月填报，期间须为月份（如 202503）',
        'task progress is monthly: the period must be a month (e.g. 202503)',
      );
    if (!(input.percentComplete >= 0 && input.percentComplete <= 100))
      throw new DomainError(
        'VALIDATION_FAILED',
        '完成百分比须在0到100之间',
        'percent complete must be 0–100',
      );
    if (input.narrative.trim() === '')
      throw new DomainError('VALIDATION_FAILED', '请填写进展情况', 'the narrative is required');
    const now = deps.clock.now();
    const state = input.submit ? ('submitted' as const) : ('draft' as const);
    const id = await db.transaction().execute(async (trx) => {
      const current = await progress.findOf(node.id, period.id, trx);
      if (current?.state === 'accepted')
        throw new DomainError(
          'PERIOD_LOCKED',
          '该月进展已验收，不能修改',
          'this month’s update is accepted and cannot change',
        );
      if ((current?.version ?? 0) !== input.version)
        throw new DomainError(
          'CONFLICT',
          '进展已被他人修改，请刷新后再改',
          'the update was changed by someone else meanwhile; reload and edit again',
          { details: { current: current ? toView(current, unit) : null } },
        );
      const values = {
        narrative: input.narrative.trim(),
        percent_complete: input.percentComplete,
        problems: (input.problems ?? '').trim(),
        state,
        review_reason: '',
        updated_at: now,
        updated_by: actor.id,
        submitted_at: input.submit ? now : null,
        unit_id: unit.id,
      };
      let rowId: string;
      if (current) {
        rowId = current.id;
        await updateAtVersion(trx, current, values, [
          '进展已被他人修改，请刷新后再改',
          'changed meanwhile; reload',
        ]);
      } else {
        rowId = deps.ids.next();
        await progress.insert(
          {
            id: rowId,
            node_id: node.id,
            period_id: period.id,
            version: 1,
            created_at: now,
            reviewed_at: null,
            reviewed_by: null,
            ...values,
          },
          trx,
        );
      }
      await recordChange(trx, deps.clock, actor, {
        action: input.submit ? 'task-progress.submit' : 'task-progress.save',
        entity: 'task_progress',
        entityId: rowId,
        oldValue: current
          ? {
              narrative: current.narrative,
              percentComplete: current.percent_complete,
              problems: current.problems,
              state: current.state,
            }
          : null,
        newValue: {
          node: node.id,
          period: period.id,
          narrative: values.narrative,
          percentComplete: values.percent_complete,
          problems: values.problems,
          state,
        },
      });
      return rowId;
    });
    return getProgress(id);
  }

  async function requireProgressRow(id: string) {
    const row = await progress.find(id);
    if (!row)
      throw new DomainError('NOT_FOUND', `找不到进展“${id}”`, `Progress update ${id} not found`);
    return row;
  }

  /** Updates a row only at the version it was read at: a concurrent edit gets CONFLICT, not lost. */
  async function updateAtVersion(
    trx: Kysely<Database>,
    row: { id: string; version: number },
    set: Updateable<TaskProgressTable>,
    conflict: [string, string],
  ) {
    if (!(await progress.updateAtVersion(row.id, row.version, set, trx)))
      throw new DomainError('CONFLICT', conflict[0], conflict[1]);
  }

  async function getProgress(id: string): Promise<TaskProgressView> {
    const row = await requireProgressRow(id);
    return toView(row, (await unitNames()).get(row.unit_id));
  }

  /** Accepts or returns (with a reason) a submitted update; a reviewer within the lead unit's scope. */
  async function reviewProgress(
    id: string,
    input: { decision: 'accept' | 'return'; reason?: string },
    actor: Actor,
  ) {
    const row = await requireProgressRow(id);
    const unit = await registry.findUnitById(row.unit_id);
    if (!unit) throw new Error(`progress unit ${row.unit_id} is missing`);
    authorize(actor, 'task-progress.review', unit);
    const reason = (input.reason ?? '').trim();
    if (input.decision === 'return' && reason === '')
      throw new DomainError('VALIDATION_FAILED', '退回必须填写原因', 'returning needs a reason', {
        details: [{ field: 'reason', reason: 'required' }],
      });
    if (row.state !== 'submitted')
      throw new DomainError(
        'INVALID_TRANSITION',
        '只有已提交的进展才能审核',
        `only a submitted update can be reviewed (this one is ${row.state})`,
      );
    const state = input.decision === 'accept' ? ('accepted' as const) : ('returned' as const);
    const now = deps.clock.now();
    await db.transaction().execute(async (trx) => {
      await updateAtVersion(
        trx,
        row,
        { state, review_reason: reason, reviewed_at: now, reviewed_by: actor.id, updated_at: now },
        ['进展已被他人修改，请刷新后再审', 'changed meanwhile; reload'],
      );
      await recordChange(trx, deps.clock, actor, {
        action: `task-progress.${input.decision}`,
        entity: 'task_progress',
        entityId: row.id,
        oldValue: { state: row.state },
        newValue: { state },
        reason,
      });
    });
    return getProgress(row.id);
  }

  /** Every update of a task, the latest month first. */
  async function listTaskProgress(nodeId: string) {
    await loadNode(nodeId);
    const [rows, units] = await Promise.all([progress.listOfTask(nodeId), unitNames()]);
    return rows.map((r) => toView(r, units.get(r.unit_id)));
  }

  /** Each task of a plan with its latest submitted or accepted update (null when none). */
  async function getPlanProgress(planId: string) {
    const plan = await plans.findPlan(planId);
    if (!plan)
      throw new DomainError('NOT_FOUND', `找不到计划“${planId}”`, `Plan ${planId} not found`);
    const [nodes, rows, nodeUnits, units] = await Promise.all([
      plans.listNodes(planId),
      progress.listReportedOfPlan(planId),
      plans.listNodeUnits(planId),
      unitNames(),
    ]);
    const tasks = nodes.filter((n) => n.kind === 'task');
    const leads = nodeUnits.filter((u) => u.role === 'lead');
    const latest = new Map<string, TaskProgressTable>();
    for (const r of rows) {
      const seen = latest.get(r.node_id);
      if (
        !seen ||
        r.period_id > seen.period_id ||
        (r.period_id === seen.period_id && r.updated_at > seen.updated_at)
      )
        latest.set(r.node_id, r);
    }
    return tasks.map((t) => {
      const l = latest.get(t.id);
      return {
        nodeId: t.id,
        key: t.key,
        label: t.label,
        title: t.title,
        leadUnits: leads
          .filter((x) => x.node_id === t.id)
          .map((x) => ({ code: x.code, name: x.name })),
        latest: l ? toView(l, units.get(l.unit_id)) : null,
      };
    });
  }

  return { saveProgress, getProgress, reviewProgress, listTaskProgress, getPlanProgress };
}

export type TaskProgressService = ReturnType<typeof createTaskProgressService>;
