/**
 * Blockers on key projects: raised by the project's unit, solved by the unit named (待销号
 * with evidence), closed out (销号) by whoever raised it or a reviewer, or reopened; and the
 * escalation job that climbs overdue blockers a level and records a notice in the audit log.
 */
import type { Kysely } from 'kysely';
import {
  blockerAgeDays,
  blockerStateLabels,
  canTransitionBlocker,
  escalationLevelLabels,
  escalationLevelOn,
  type BlockerState,
  type BlockerType,
  type EscalationLevel,
} from '../core/blocker.ts';
import { changedMeanwhile, DomainError } from '../core/domain-error.ts';
import { authorize, can } from '../core/permission.ts';
import { recordChange } from '../store/audit-log.ts';
import {
  findBlocker,
  findProjectByCode,
  findUnitsByCode,
  insertBlocker,
  listBlockersOfProject,
  listOverdueBlockers,
  setBlockerLevel,
  updateBlockerIfVersion,
  type BlockerRecord,
} from '../store/project-repository.ts';
import type { Database, ProjectBlockerTable } from '../store/schema.ts';
import { systemActor, type Actor, type ServiceDeps } from './ports.ts';

export interface BlockerView {
  readonly id: string;
  readonly projectCode: string;
  readonly type: BlockerType;
  readonly description: string;
  readonly unit: { code: string; name: string };
  readonly dueDate: string;
  readonly state: BlockerState;
  readonly level: EscalationLevel;
  readonly evidence: string;
  readonly raisedBy: string;
  readonly raisedOn: string;
  readonly closedOn: string | null;
  readonly ageDays: number;
  readonly isOverdue: boolean;
  readonly version: number;
}

/** One blocker's climb, with who must hear of it. */
export interface Escalation {
  readonly id: string;
  readonly projectCode: string;
  readonly from: EscalationLevel;
  readonly to: EscalationLevel;
  readonly notice: string;
  readonly dueDate: string;
  /** The unit that must solve it. */
  readonly unit: { code: string; name: string; path: string };
  /** The project's responsible unit, whose reviewers follow it up. */
  readonly projectUnitPath: string;
}

/** Days overdue per escalation step, unless configured. */
export const defaultEscalationStepDays = 10;

export function createProjectBlockerService(
  deps: ServiceDeps,
  stepDays = defaultEscalationStepDays,
) {
  const { db } = deps.database;
  const today = () => deps.clock.today();

  const toView = (b: BlockerRecord): BlockerView => ({
    id: b.id,
    projectCode: b.project_code,
    type: b.type,
    description: b.description,
    unit: { code: b.unit_code, name: b.unit_name },
    dueDate: b.due_date,
    state: b.state,
    level: b.level,
    evidence: b.evidence,
    raisedBy: b.raised_by,
    raisedOn: b.raised_on,
    closedOn: b.closed_on,
    ageDays: blockerAgeDays(b.raised_on, b.closed_on, today()),
    isOverdue: b.closed_on === null && b.state !== 'resolved' && b.due_date < today(),
    version: b.version,
  });

  async function listBlockers(projectCode: string): Promise<BlockerView[]> {
    const project = await findProjectByCode(db, projectCode);
    if (!project)
      throw new DomainError(
        'NOT_FOUND',
        `找不到项目“${projectCode}”`,
        `Project ${projectCode} not found`,
      );
    return (await listBlockersOfProject(db, project.id)).map(toView);
  }

  /**
   * Checks a blocker the actor raises on a project — the actor edits the project (its unit's
   * users), the solving unit exists, it is described — and builds its row; writes nothing.
   */
  async function prepareBlocker(
    projectCode: string,
    input: { type: BlockerType; description: string; unitCode: string; dueDate: string },
    actor: Actor,
  ): Promise<ProjectBlockerTable> {
    authorize(actor, 'project.write');
    const project = await findProjectByCode(db, projectCode);
    if (!project)
      throw new DomainError(
        'NOT_FOUND',
        `找不到项目“${projectCode}”`,
        `Project ${projectCode} not found`,
      );
    authorize(actor, 'project.write', [project.unit_path]);
    const unit = (await findUnitsByCode(db, [input.unitCode])).get(input.unitCode);
    if (!unit)
      throw new DomainError(
        'VALIDATION_FAILED',
        `找不到单位“${input.unitCode}”`,
        `Unit ${input.unitCode} not found`,
        {
          details: { problems: [{ field: 'unitCode', value: input.unitCode }] },
        },
      );
    if (input.description.trim() === '')
      throw new DomainError('VALIDATION_FAILED', '请描述卡点问题', 'describe the blocker');
    return {
      id: deps.ids.next(),
      project_id: project.id,
      type: input.type,
      description: input.description.trim(),
      unit_id: unit.id,
      due_date: input.dueDate,
      state: 'open',
      level: 'unit',
      evidence: '',
      raised_by: actor.id,
      raised_on: today(),
      closed_on: null,
      version: 1,
      updated_at: deps.clock.now(),
    };
  }

  /** Writes a prepared blocker with its audit entry, in the caller's transaction (a meeting's decisions are one). */
  async function writeBlocker(
    trx: Kysely<Database>,
    row: ProjectBlockerTable,
    actor: Actor,
  ): Promise<void> {
    await insertBlocker(trx, row);
    await recordChange(trx, deps.clock, actor, {
      action: 'blocker.raise',
      entity: 'project_blocker',
      entityId: row.id,
      oldValue: null,
      newValue: row,
    });
  }

  /** Raises a blocker on a project: the actor edits the project (its unit's users). */
  async function raiseBlocker(
    projectCode: string,
    input: { type: BlockerType; description: string; unitCode: string; dueDate: string },
    actor: Actor,
  ): Promise<BlockerView> {
    const row = await prepareBlocker(projectCode, input, actor);
    await db.transaction().execute((trx) => writeBlocker(trx, row, actor));
    const stored = await findBlocker(db, row.id);
    if (!stored) throw new Error('the blocker just raised is gone');
    return toView(stored);
  }

  /**
   * Moves a blocker: the solving unit (or the project's) works on it and resolves it with
   * evidence; whoever raised it or a reviewer of the project closes it out (销号) or reopens it.
   */
  async function moveBlocker(
    id: string,
    input: { to: BlockerState; version: number; evidence?: string; reason?: string },
    actor: Actor,
  ): Promise<BlockerView> {
    const isCloseOut = input.to === 'closed' || input.to === 'reopened';
    // Closing out and reopening is for whoever raised it or a reviewer; the rest for editors.
    if (!isCloseOut) authorize(actor, 'project.write');
    const before = await findBlocker(db, id);
    if (!before) throw new DomainError('NOT_FOUND', `找不到卡点“${id}”`, `Blocker ${id} not found`);
    if (isCloseOut) {
      // 销号 by whoever raised it, else by a reviewer of the project's unit.
      if (actor.id !== before.raised_by)
        authorize(actor, 'observation.review', [before.project_unit_path]);
    } else if (
      !can(actor, 'project.write', before.unit_path) &&
      !can(actor, 'project.write', before.project_unit_path)
    )
      authorize(actor, 'project.write', [before.unit_path]);
    if (!canTransitionBlocker(before.state, input.to))
      throw new DomainError(
        'INVALID_TRANSITION',
        `卡点不能从“${blockerStateLabels[before.state].zh}”改为“${blockerStateLabels[input.to].zh}”`,
        `a blocker cannot move from ${blockerStateLabels[before.state].en} to ${blockerStateLabels[input.to].en}`,
      );
    const evidence = input.evidence?.trim() ?? '';
    if (input.to === 'resolved' && evidence === '')
      throw new DomainError(
        'VALIDATION_FAILED',
        '申请销号须附解决情况或佐证材料',
        'a resolved blocker needs evidence',
      );
    if (input.to === 'reopened' && !input.reason)
      throw new DomainError('VALIDATION_FAILED', '重新打开须说明理由', 'reopening needs a reason');
    const { project_code, project_unit_path, unit_code, unit_name, unit_path, ...stored } = before;
    void [project_code, project_unit_path, unit_code, unit_name, unit_path];
    const after: ProjectBlockerTable = {
      ...stored,
      state: input.to,
      evidence: input.to === 'resolved' ? evidence : stored.evidence,
      closed_on:
        input.to === 'closed' ? today() : input.to === 'reopened' ? null : stored.closed_on,
      version: stored.version + 1,
      updated_at: deps.clock.now(),
    };
    await db.transaction().execute(async (trx) => {
      if (
        stored.version !== input.version ||
        !(await updateBlockerIfVersion(trx, after, input.version))
      )
        throw changedMeanwhile({ zh: '该卡点', en: 'the blocker was' }, toView(before));
      await recordChange(trx, deps.clock, actor, {
        action: `blocker.${input.to}`,
        entity: 'project_blocker',
        entityId: id,
        oldValue: stored,
        newValue: after,
        reason: input.reason ?? '',
      });
    });
    const now = await findBlocker(db, id);
    if (!now) throw new Error('the blocker just moved is gone');
    return toView(now);
  }

  /**
   * The escalation job: every active blocker past its due date climbs to the level its days
   * overdue call for; each climb is an audit entry with the notice in words. Run daily
   * (src/jobs/blocker-escalation-schedule.ts, which sends the notices), or by hand; running it twice a day changes nothing the
   * second time.
   */
  async function escalateOverdue(actor: Actor = systemActor): Promise<Escalation[]> {
    const overdue = await listOverdueBlockers(db, today());
    const climbed: Escalation[] = [];
    await db.transaction().execute(async (trx) => {
      for (const b of overdue) {
        const to = escalationLevelOn(
          { state: b.state, level: b.level, dueDate: b.due_date },
          today(),
          stepDays,
        );
        if (to === b.level) continue;
        const notice = `项目${b.project_code}的卡点已超期（应于${b.due_date}解决），升级至${escalationLevelLabels[to].zh}`;
        await setBlockerLevel(trx, {
          id: b.id,
          level: to,
          version: b.version + 1,
          updatedAt: deps.clock.now(),
        });
        await recordChange(trx, deps.clock, actor, {
          action: 'blocker.escalate',
          entity: 'project_blocker',
          entityId: b.id,
          oldValue: { level: b.level },
          newValue: { level: to, notice },
          reason: notice,
        });
        climbed.push({
          id: b.id,
          projectCode: b.project_code,
          from: b.level,
          to,
          notice,
          dueDate: b.due_date,
          unit: { code: b.unit_code, name: b.unit_name, path: b.unit_path },
          projectUnitPath: b.project_unit_path,
        });
      }
    });
    return climbed;
  }

  return { listBlockers, raiseBlocker, prepareBlocker, writeBlocker, moveBlocker, escalateOverdue };
}
