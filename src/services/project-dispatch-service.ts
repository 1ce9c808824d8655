/**
 * 旬调度: the dispatch list of a dekad for a scope (the district, a department or a town) —
 * projects behind plan, milestones slipping, blockers overdue or escalated, and the earlier
 * meetings' decisions still open — and the meeting record, whose decisions become follow-up
 * items (督办事项) or blockers on projects (through the blocker service, so that escalation and
 * 销号 apply). The planning office records the meeting; the owner unit marks its item done.
 */
import {
  blockerDispatch,
  decisionStatus,
  defaultDispatchGapPoints,
  dispatchAsOf,
  dispatchDekad,
  followUpNotice,
  isBehindPlan,
  milestoneSlip,
  recentFromOf,
  type DecisionKind,
  type DecisionStatus,
  type MilestoneSlipReason,
} from '../core/dispatch.ts';
import { changedMeanwhile, DomainError } from '../core/domain-error.ts';
import { milestoneLabels, type MilestoneNode } from '../core/milestone.ts';
import { authorize, can } from '../core/permission.ts';
import { computeInvestmentProgress } from '../core/project-investment.ts';
import { daysBetween, isIsoDate, periodLabel, periodOf } from '../core/period.ts';
import type { BlockerState, BlockerType, EscalationLevel } from '../core/blocker.ts';
import { recordChange } from '../store/audit-log.ts';
import {
  findDispatchUnit,
  findItem,
  findMeeting,
  insertItems,
  insertMeeting,
  listItemsOfMeeting,
  listOpenFollowUpsDueBy,
  listOpenItemsBefore,
  listScopeBlockers,
  listScopeInvestment,
  listScopeMilestones,
  listScopeProjects,
  updateItemIfVersion,
  updateMeetingIfVersion,
  type DispatchItemRecord,
  type DispatchScope,
  type DispatchUnit,
} from '../store/dispatch-repository.ts';
import { findTopRegion } from '../store/project-repository.ts';
import type {
  DispatchItemTable,
  DispatchMeetingTable,
  ProjectBlockerTable,
} from '../store/schema.ts';
import { renderDispatchWorkbook } from '../reports/dispatch-workbook.ts';
import { createProjectBlockerService } from './project-blocker-service.ts';
import type { Actor, ServiceDeps } from './ports.ts';

/**
 * A decision as the meeting states it: a follow-up item for the owner unit, or — with a
 * project and a blocker type — a blocker on that project for the unit that must solve it.
 */
export interface DecisionInput {
  readonly kind: DecisionKind;
  readonly text: string;
  /** The owner unit: who must act (for a blocker, who must solve it). */
  readonly unitCode: string;
  readonly deadline: string;
  readonly projectCode?: string;
  readonly blockerType?: BlockerType;
}

export interface MeetingInput {
  /** The scope's unit; the district when absent. */
  readonly scopeCode?: string;
  readonly heldOn: string;
  readonly chair: string;
  readonly attendees?: string;
  readonly summary?: string;
  /** 0 to record the dekad's meeting; the version read to edit it (its decisions are added). */
  readonly version: number;
  readonly decisions?: readonly DecisionInput[];
}

export interface DecisionView {
  readonly id: string;
  readonly seq: number;
  readonly kind: 'follow-up' | 'blocker';
  readonly text: string;
  readonly unit: { code: string; name: string };
  readonly deadline: string;
  readonly project: { code: string; name: string } | null;
  readonly blockerId: string | null;
  readonly blockerState: BlockerState | null;
  readonly state: 'open' | 'done';
  readonly status: DecisionStatus;
  readonly note: string;
  readonly doneOn: string | null;
  /** The dekad of the meeting that decided it. */
  readonly periodId: string;
  readonly version: number;
}

export interface MeetingView {
  readonly id: string;
  readonly periodId: string;
  readonly heldOn: string;
  readonly chair: string;
  readonly attendees: string;
  readonly summary: string;
  readonly recordedBy: string;
  readonly version: number;
  readonly decisions: DecisionView[];
}

export interface DispatchList {
  readonly periodId: string;
  readonly label: { zh: string; en: string };
  readonly scope: { code: string; name: string; kind: DispatchScope['kind'] };
  readonly asOf: string;
  readonly gapPoints: number;
  readonly behindPlan: {
    code: string;
    name: string;
    unit: { code: string; name: string };
    townName: string | null;
    annualPlanYuan: number | null;
    actualYuan: number;
    shareOfPlan: number | null;
    expectedShare: number;
    gapPoints: number;
  }[];
  readonly slippingMilestones: {
    projectCode: string;
    projectName: string;
    unit: { code: string; name: string };
    node: MilestoneNode;
    name: string;
    baselineDate: string | null;
    plannedDate: string | null;
    forecastDate: string | null;
    actualDate: string | null;
    reason: MilestoneSlipReason;
    slipDays: number;
  }[];
  readonly blockers: {
    id: string;
    projectCode: string;
    projectName: string;
    type: BlockerType;
    description: string;
    unit: { code: string; name: string };
    dueDate: string;
    state: BlockerState;
    level: EscalationLevel;
    overdue: boolean;
    escalated: boolean;
    overdueDays: number;
  }[];
  /** Decisions of the scope's earlier meetings still open, those past their deadline flagged `overdue`. */
  readonly carried: DecisionView[];
  /** This dekad's meeting, once recorded. */
  readonly meeting: MeetingView | null;
}

/** A follow-up item its owner is to be told of. */
export interface FollowUpDue {
  readonly id: string;
  readonly decision: string;
  readonly deadline: string;
  readonly periodId: string;
  readonly unit: { code: string; name: string; path: string };
  readonly status: 'due' | 'overdue';
}

export function createProjectDispatchService(deps: ServiceDeps) {
  const { db } = deps.database;
  const blockers = createProjectBlockerService(deps);
  const today = () => deps.clock.today();

  const notFound = (what: string, code: string) =>
    new DomainError('NOT_FOUND', `找不到${what}“${code}”`, `${what} ${code} not found`);

  /** The scope unit and what kind of list it gives: the top region, a town, or a department. */
  async function resolveScope(
    code?: string,
  ): Promise<{ unit: DispatchUnit; scope: DispatchScope }> {
    const unitCode = code ?? (await findTopRegion(db))?.code;
    const unit = unitCode === undefined ? undefined : await findDispatchUnit(db, unitCode);
    if (!unit) throw notFound('单位', code ?? '(district)');
    const scope: DispatchScope =
      unit.kind !== 'region'
        ? { kind: 'department', path: unit.path }
        : unit.parent_id === null
          ? { kind: 'district' }
          : { kind: 'town', path: unit.path };
    return { unit, scope };
  }

  const toDecision = (r: DispatchItemRecord, asOf: string): DecisionView => ({
    id: r.id,
    seq: r.seq,
    kind: r.kind,
    text: r.decision,
    unit: { code: r.unit_code, name: r.unit_name },
    deadline: r.deadline,
    project: r.project_code === null ? null : { code: r.project_code, name: r.project_name ?? '' },
    blockerId: r.blocker_id,
    blockerState: r.blocker_state,
    state: r.state,
    status: decisionStatus(r, r.blocker_state, asOf),
    note: r.note,
    doneOn: r.done_on,
    periodId: r.period_id,
    version: r.version,
  });

  async function meetingView(
    meeting: DispatchMeetingTable | undefined,
    asOf: string,
  ): Promise<MeetingView | null> {
    if (!meeting) return null;
    return {
      id: meeting.id,
      periodId: meeting.period_id,
      heldOn: meeting.held_on,
      chair: meeting.chair,
      attendees: meeting.attendees,
      summary: meeting.summary,
      recordedBy: meeting.recorded_by,
      version: meeting.version,
      decisions: (await listItemsOfMeeting(db, meeting.id)).map((r) => toDecision(r, asOf)),
    };
  }

  /** The dispatch list of a dekad for a scope (the district unless given). */
  async function getDispatchList(
    periodId: string,
    query: { scopeCode?: string; gapPoints?: number } = {},
  ): Promise<DispatchList> {
    const dekad = dispatchDekad(periodId);
    const asOf = dispatchAsOf(dekad, today());
    const year = Number(dekad.start.slice(0, 4));
    const gap = query.gapPoints ?? defaultDispatchGapPoints;
    const { unit, scope } = await resolveScope(query.scopeCode);
    const [projects, lines, milestones, blockerRows, meeting, carried] = await Promise.all([
      listScopeProjects(db, scope, year),
      listScopeInvestment(db, scope, year),
      listScopeMilestones(db, scope),
      listScopeBlockers(db, scope, asOf),
      findMeeting(db, periodId, unit.id),
      listOpenItemsBefore(db, unit.id, periodId),
    ]);
    const linesOf = new Map<string, typeof lines>();
    for (const l of lines) linesOf.set(l.project_id, [...(linesOf.get(l.project_id) ?? []), l]);
    const projectOf = new Map(projects.map((p) => [p.id, p]));

    const behindPlan = projects
      .flatMap((p) => {
        const progress = computeInvestmentProgress(
          (linesOf.get(p.id) ?? []).map((l) => ({
            periodId: l.period_id,
            planYuan: l.plan_yuan,
            actualYuan: l.actual_yuan,
            state: l.state,
          })),
          year,
          asOf,
          p.plan_yuan,
        );
        if (!isBehindPlan(progress, gap) || progress.gapPoints === null) return [];
        return [
          {
            code: p.code,
            name: p.name,
            unit: { code: p.unit_code, name: p.unit_name },
            townName: p.town_name,
            annualPlanYuan: progress.annualPlanYuan,
            actualYuan: progress.actualYuan,
            shareOfPlan: progress.shareOfPlan,
            expectedShare: progress.expectedShare,
            gapPoints: progress.gapPoints,
          },
        ];
      })
      .sort((a, b) => a.gapPoints - b.gapPoints || a.code.localeCompare(b.code));

    const recentFrom = recentFromOf(dekad);
    const slippingMilestones = milestones
      .flatMap((m) => {
        const project = projectOf.get(m.project_id);
        const node = m.node as MilestoneNode;
        const slip = milestoneSlip(
          {
            baselineDate: m.baseline_date,
            plannedDate: m.planned_date,
            forecastDate: m.forecast_date,
            actualDate: m.actual_date,
          },
          asOf,
          recentFrom,
        );
        if (!project || !slip || !(node in milestoneLabels)) return [];
        return [
          {
            projectCode: project.code,
            projectName: project.name,
            unit: { code: project.unit_code, name: project.unit_name },
            node,
            name: milestoneLabels[node].zh,
            baselineDate: m.baseline_date,
            plannedDate: m.planned_date,
            forecastDate: m.forecast_date,
            actualDate: m.actual_date,
            ...slip,
          },
        ];
      })
      .sort((a, b) => b.slipDays - a.slipDays || a.projectCode.localeCompare(b.projectCode));

    const blockerList = blockerRows.flatMap((b) => {
      const why = blockerDispatch({ state: b.state, level: b.level, dueDate: b.due_date }, asOf);
      if (!why) return [];
      return [
        {
          id: b.id,
          projectCode: b.project_code,
          projectName: b.project_name,
          type: b.type,
          description: b.description,
          unit: { code: b.unit_code, name: b.unit_name },
          dueDate: b.due_date,
          state: b.state,
          level: b.level,
          ...why,
          overdueDays: Math.max(0, daysBetween(b.due_date, asOf)),
        },
      ];
    });

    return {
      periodId,
      label: { zh: periodLabel(dekad, 'zh'), en: periodLabel(dekad, 'en') },
      scope: { code: unit.code, name: unit.name, kind: scope.kind },
      asOf,
      gapPoints: gap,
      behindPlan,
      slippingMilestones,
      blockers: blockerList,
      carried: carried.map((r) => toDecision(r, asOf)),
      meeting: await meetingView(meeting, asOf),
    };
  }

  /**
   * Records the dekad's meeting for a scope (version 0), or edits its record (the version read)
   * and adds decisions. Every decision is checked before anything is written; a blocker
   * decision is raised on its project by the blocker service's own checks, in the same
   * transaction as the record, so a meeting is written whole or not at all.
   */
  async function recordMeeting(
    periodId: string,
    input: MeetingInput,
    actor: Actor,
  ): Promise<MeetingView> {
    authorize(actor, 'plan.adopt');
    const dekad = dispatchDekad(periodId);
    const { unit } = await resolveScope(input.scopeCode);
    authorize(actor, 'plan.adopt', [unit.path]);
    const problems: { field: string; value: unknown; reason: string }[] = [];
    if (!isIsoDate(input.heldOn))
      problems.push({ field: 'heldOn', value: input.heldOn, reason: '日期无效' });
    if (input.chair.trim() === '')
      problems.push({ field: 'chair', value: input.chair, reason: '请填写主持人' });
    const decisions = input.decisions ?? [];
    const owners = new Map<string, DispatchUnit>();
    for (const [i, d] of decisions.entries()) {
      const at = `decisions[${i}]`;
      if (d.text.trim() === '')
        problems.push({ field: `${at}.text`, value: d.text, reason: '请写明议定事项' });
      if (!isIsoDate(d.deadline))
        problems.push({ field: `${at}.deadline`, value: d.deadline, reason: '日期无效' });
      if (d.kind === 'blocker' && (d.projectCode === undefined || d.blockerType === undefined))
        problems.push({
          field: `${at}.projectCode`,
          value: d.projectCode ?? null,
          reason: '卡点须写明项目和卡点类型',
        });
      const owner = owners.get(d.unitCode) ?? (await findDispatchUnit(db, d.unitCode));
      if (owner) owners.set(d.unitCode, owner);
      else problems.push({ field: `${at}.unitCode`, value: d.unitCode, reason: '单位不存在' });
    }
    if (problems.length > 0)
      throw new DomainError(
        'VALIDATION_FAILED',
        '调度会纪要有误，未保存',
        'the meeting record has errors; nothing was saved',
        { details: { problems } },
      );
    // The blocker service checks the project, the actor's right to raise on it and the unit.
    const raised = new Map<number, ProjectBlockerTable>();
    for (const [i, d] of decisions.entries())
      if (d.kind === 'blocker' && d.projectCode !== undefined && d.blockerType !== undefined)
        raised.set(
          i,
          await blockers.prepareBlocker(
            d.projectCode,
            {
              type: d.blockerType,
              description: d.text,
              unitCode: d.unitCode,
              dueDate: d.deadline,
            },
            actor,
          ),
        );

    const now = deps.clock.now();
    const meetingId = await db.transaction().execute(async (trx) => {
      const existing = await findMeeting(trx, dekad.id, unit.id);
      const conflict = () =>
        new DomainError(
          'CONFLICT',
          existing
            ? '该旬调度会纪要已被他人录入或修改，请刷新后再试'
            : '该旬尚无调度会纪要，请刷新',
          existing
            ? 'the meeting record was entered or changed meanwhile; reload'
            : 'this dekad has no meeting record yet; reload',
          { details: { current: existing ?? null } },
        );
      const header = {
        held_on: input.heldOn,
        chair: input.chair.trim(),
        attendees: (input.attendees ?? '').trim(),
        summary: (input.summary ?? '').trim(),
        updated_at: now,
      };
      let meeting: DispatchMeetingTable;
      if (input.version === 0) {
        if (existing) throw conflict();
        meeting = {
          id: deps.ids.next(),
          period_id: dekad.id,
          scope_unit_id: unit.id,
          ...header,
          version: 1,
          recorded_by: actor.id,
          created_at: now,
        };
        await insertMeeting(trx, meeting);
      } else {
        if (!existing || existing.version !== input.version) throw conflict();
        meeting = { ...existing, ...header, version: existing.version + 1 };
        if (!(await updateMeetingIfVersion(trx, meeting, input.version))) throw conflict();
      }
      await recordChange(trx, deps.clock, actor, {
        action: existing ? 'dispatch.meeting.update' : 'dispatch.meeting.record',
        entity: 'dispatch_meeting',
        entityId: meeting.id,
        oldValue: existing ?? null,
        newValue: meeting,
      });
      const firstSeq = (await listItemsOfMeeting(trx, meeting.id)).length + 1;
      const items: DispatchItemTable[] = [];
      for (const [i, d] of decisions.entries()) {
        const blocker = raised.get(i);
        if (blocker) await blockers.writeBlocker(trx, blocker, actor);
        items.push({
          id: deps.ids.next(),
          meeting_id: meeting.id,
          seq: firstSeq + i,
          kind: d.kind,
          decision: d.text.trim(),
          unit_id: owners.get(d.unitCode)?.id ?? '',
          deadline: d.deadline,
          project_id: blocker?.project_id ?? null,
          blocker_id: blocker?.id ?? null,
          state: 'open',
          note: '',
          done_on: null,
          version: 1,
          updated_at: now,
        });
      }
      await insertItems(trx, items);
      for (const item of items)
        await recordChange(trx, deps.clock, actor, {
          action: 'dispatch.decision',
          entity: 'dispatch_item',
          entityId: item.id,
          oldValue: null,
          newValue: item,
        });
      return meeting.id;
    });
    const stored = await findMeeting(db, dekad.id, unit.id);
    if (!stored || stored.id !== meetingId) throw new Error('the meeting just recorded is gone');
    return (await meetingView(stored, dispatchAsOf(dekad, today()))) as MeetingView;
  }

  /**
   * Marks a follow-up item done (with a note on what was done) or open again (with why): the
   * owner unit's editors, or the planning office of the meeting's scope. A blocker decision is
   * followed through its blocker (待销号, 销号) instead.
   */
  async function updateItem(
    id: string,
    input: { state: 'open' | 'done'; note: string; version: number },
    actor: Actor,
  ): Promise<DecisionView> {
    const item = await findItem(db, id);
    if (!item) throw notFound('督办事项', id);
    if (!can(actor, 'plan.adopt', item.scope_path))
      authorize(actor, 'project.write', [item.unit_path]);
    if (item.kind === 'blocker')
      throw new DomainError(
        'INVALID_TRANSITION',
        '该议定事项是项目卡点，请在卡点中办理和销号',
        'this decision is a blocker; work on it and close it out as a blocker',
      );
    if (item.state === input.state)
      throw new DomainError(
        'INVALID_TRANSITION',
        input.state === 'done' ? '该事项已办结' : '该事项尚未办结',
        input.state === 'done' ? 'the item is done already' : 'the item is still open',
      );
    const note = input.note.trim();
    if (note === '')
      throw new DomainError(
        'VALIDATION_FAILED',
        input.state === 'done' ? '办结须说明办理情况' : '重新打开须说明理由',
        input.state === 'done' ? 'say what was done' : 'say why it is reopened',
      );
    const {
      unit_code,
      unit_name,
      unit_path,
      project_code,
      project_name,
      blocker_state,
      period_id,
      scope_path,
      ...stored
    } = item;
    void [unit_code, unit_name, unit_path, project_code, project_name, blocker_state];
    void [period_id, scope_path];
    const after: DispatchItemTable = {
      ...stored,
      state: input.state,
      note,
      done_on: input.state === 'done' ? today() : null,
      version: stored.version + 1,
      updated_at: deps.clock.now(),
    };
    await db.transaction().execute(async (trx) => {
      if (
        stored.version !== input.version ||
        !(await updateItemIfVersion(trx, after, input.version))
      )
        throw changedMeanwhile({ zh: '该督办事项', en: 'the item was' }, toDecision(item, today()));
      await recordChange(trx, deps.clock, actor, {
        action: input.state === 'done' ? 'dispatch.item.done' : 'dispatch.item.reopen',
        entity: 'dispatch_item',
        entityId: id,
        oldValue: stored,
        newValue: after,
        reason: note,
      });
    });
    const now = await findItem(db, id);
    if (!now) throw new Error('the item just changed is gone');
    return toDecision(now, today());
  }

  /** The dispatch list as a workbook, one sheet per part, titled for the scope and dekad. */
  async function exportDispatchList(
    periodId: string,
    query: { scopeCode?: string; gapPoints?: number } = {},
  ): Promise<Buffer> {
    return renderDispatchWorkbook(await getDispatchList(periodId, query));
  }

  /**
   * Open follow-up items whose owners are to be told today: due within the dekad that runs,
   * or past their deadline (core/dispatch.ts followUpNotice).
   */
  async function listFollowUpsDue(day = today()): Promise<FollowUpDue[]> {
    const rows = await listOpenFollowUpsDueBy(db, periodOf('dekad', day).end);
    return rows.flatMap((r) => {
      const status = followUpNotice(r, day);
      if (!status) return [];
      return [
        {
          id: r.id,
          decision: r.decision,
          deadline: r.deadline,
          periodId: r.period_id,
          unit: { code: r.unit_code, name: r.unit_name, path: r.unit_path },
          status,
        },
      ];
    });
  }

  return { getDispatchList, recordMeeting, updateItem, exportDispatchList, listFollowUpsDue };
}
