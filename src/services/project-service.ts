/**
 * Key projects (重点项目): the registry — list with filters, one project, create and
 * edit. Every write checks the actor's grant and scope itself (an owner's reporters
 * edit the projects of their unit), so the CLI and the demo loader are as safe as a route.
 */
import type { Kysely } from 'kysely';
import { changedMeanwhile, DomainError } from '../core/domain-error.ts';
import { authorize } from '../core/permission.ts';
import {
  canAdvanceStage,
  checkProjectFields,
  projectStageLabels,
  type ProjectFields,
  type ProjectKind,
  type ProjectLevel,
  type ProjectStage,
} from '../core/project.ts';
import { recordChange } from '../store/audit-log.ts';
import {
  findLinkTargets,
  findProjectCode,
  findProjectByCode,
  findUnitsByCode,
  insertProject,
  listProjectLinks,
  listProjectRecords,
  replaceProjectLinks,
  updateProjectIfVersion,
  type ProjectFilter,
  type ProjectRecord,
} from '../store/project-repository.ts';
import type { Database, ProjectLinkTable, ProjectTable } from '../store/schema.ts';
import { createProjectBlockerService } from './project-blocker-service.ts';
import { createProjectDispatchService } from './project-dispatch-service.ts';
import { createProjectExchange } from './project-exchange.ts';
import { createProjectInvestmentService } from './project-investment-service.ts';
import { createProjectMilestoneService } from './project-milestone-service.ts';
import { createProjectStageCountService } from './project-stage-count-service.ts';
import { createProjectSummaryService } from './project-summary-service.ts';
import type { Actor, ServiceDeps } from './ports.ts';

/** A link of a project to a plan task, optionally to one of its targets. */
export interface ProjectLinkInput {
  readonly nodeId: string;
  readonly targetId?: string | null;
}

/** A project as the registry receives it: its fields, its units by code, its links. */
export interface ProjectInput {
  readonly code: string;
  readonly name: string;
  readonly content?: string;
  readonly kind: ProjectKind;
  readonly level: ProjectLevel;
  readonly stage: ProjectStage;
  readonly ownerName?: string;
  /** 责任单位: the unit whose users edit the project. */
  readonly unitCode: string;
  /** 所在镇街. */
  readonly townCode?: string | null;
  readonly leader?: string;
  readonly totalInvestmentYuan?: number | null;
  readonly startDate?: string | null;
  readonly finishDate?: string | null;
  readonly longitude?: number | null;
  readonly latitude?: number | null;
  readonly progressNote?: string;
  readonly links?: readonly ProjectLinkInput[];
}

/** An edit: any field but the code, and the version the editor saw. */
export type ProjectPatch = Partial<Omit<ProjectInput, 'code'>> & { readonly version: number };

export interface ProjectLinkView {
  readonly nodeId: string;
  readonly targetId: string | null;
  readonly planId: string;
  readonly nodeLabel: string;
  readonly nodeTitle: string;
  readonly targetMetric: string | null;
}

export interface ProjectView {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly content: string;
  readonly kind: ProjectKind;
  readonly level: ProjectLevel;
  readonly stage: ProjectStage;
  readonly ownerName: string;
  readonly unit: { code: string; name: string };
  readonly town: { code: string; name: string } | null;
  readonly leader: string;
  readonly longitude: number | null;
  readonly latitude: number | null;
  readonly totalInvestmentYuan: number | null;
  readonly startDate: string | null;
  readonly finishDate: string | null;
  readonly progressNote: string;
  readonly version: number;
  readonly updatedAt: string;
}

export interface ProjectDetail extends ProjectView {
  readonly links: ProjectLinkView[];
}

/** The list's filters as a request gives them: units by code. */
export interface ProjectListQuery {
  readonly stage?: ProjectStage;
  readonly kind?: ProjectKind;
  readonly level?: ProjectLevel;
  readonly unitCode?: string;
  readonly townCode?: string;
  readonly text?: string;
}

const toView = (r: ProjectRecord): ProjectView => ({
  id: r.id,
  code: r.code,
  name: r.name,
  content: r.content,
  kind: r.kind,
  level: r.level,
  stage: r.stage,
  ownerName: r.owner_name,
  unit: { code: r.unit_code, name: r.unit_name },
  town: r.town_code === null ? null : { code: r.town_code, name: r.town_name ?? '' },
  leader: r.leader,
  longitude: r.longitude,
  latitude: r.latitude,
  totalInvestmentYuan: r.total_investment_yuan,
  startDate: r.start_date,
  finishDate: r.finish_date,
  progressNote: r.progress_note,
  version: r.version,
  updatedAt: r.updated_at,
});

const fieldsOf = (row: ProjectTable): ProjectFields => ({
  code: row.code,
  name: row.name,
  content: row.content,
  kind: row.kind,
  level: row.level,
  stage: row.stage,
  ownerName: row.owner_name,
  leader: row.leader,
  totalInvestmentYuan: row.total_investment_yuan,
  startDate: row.start_date,
  finishDate: row.finish_date,
  longitude: row.longitude,
  latitude: row.latitude,
});

const notFound = (code: string) =>
  new DomainError('NOT_FOUND', `找不到项目“${code}”`, `Project ${code} not found`);

export function createProjectService(deps: ServiceDeps) {
  const { db } = deps.database;

  async function listProjects(query: ProjectListQuery = {}): Promise<ProjectView[]> {
    const units = await findUnitsByCode(
      db,
      [query.unitCode, query.townCode].filter((c): c is string => c !== undefined),
    );
    const unit = query.unitCode === undefined ? undefined : units.get(query.unitCode);
    const town = query.townCode === undefined ? undefined : units.get(query.townCode);
    // An unknown unit narrows to nothing rather than widening to everything.
    if ((query.unitCode !== undefined && !unit) || (query.townCode !== undefined && !town))
      return [];
    const filter: ProjectFilter = {
      ...(query.stage ? { stage: query.stage } : {}),
      ...(query.kind ? { kind: query.kind } : {}),
      ...(query.level ? { level: query.level } : {}),
      ...(unit ? { unitPath: unit.path } : {}),
      ...(town ? { townUnitId: town.id } : {}),
      ...(query.text ? { text: query.text } : {}),
    };
    return (await listProjectRecords(db, filter)).map(toView);
  }

  async function getProject(code: string): Promise<ProjectDetail> {
    const found = await findProjectByCode(db, code);
    if (!found) throw notFound(code);
    const links = await listProjectLinks(db, found.id);
    return {
      ...toView(found),
      links: links.map((l) => ({
        nodeId: l.node_id,
        targetId: l.target_id,
        planId: l.plan_id,
        nodeLabel: l.node_label,
        nodeTitle: l.node_title,
        targetMetric: l.target_metric,
      })),
    };
  }

  /** The unit rows an input names, or VALIDATION_FAILED naming the codes not found. */
  async function resolveUnits(trx: Kysely<Database>, unitCode: string, townCode: string | null) {
    const units = await findUnitsByCode(trx, townCode === null ? [unitCode] : [unitCode, townCode]);
    const unit = units.get(unitCode);
    const town = townCode === null ? null : units.get(townCode);
    const problems = [
      ...(unit ? [] : [{ field: 'unitCode', value: unitCode, reason: '单位不存在' }]),
      ...(town === undefined ? [{ field: 'townCode', value: townCode, reason: '单位不存在' }] : []),
      ...(town && town.kind !== 'region'
        ? [{ field: 'townCode', value: townCode, reason: '所在镇街应为区域单位' }]
        : []),
    ];
    if (!unit || problems.length > 0)
      throw new DomainError(
        'VALIDATION_FAILED',
        '项目的单位有误',
        'the project names unknown units',
        {
          details: { problems },
        },
      );
    return { unit, town: town ?? null };
  }

  async function checkLinks(
    trx: Kysely<Database>,
    projectId: string,
    links: readonly ProjectLinkInput[],
  ): Promise<ProjectLinkTable[]> {
    const found = await findLinkTargets(trx, [...new Set(links.map((l) => l.nodeId))]);
    const problems = links.flatMap((l) => {
      if (found.nodes.get(l.nodeId) !== 'task')
        return [{ field: 'links', value: l.nodeId, reason: '计划任务不存在' }];
      if (l.targetId && found.targets.get(l.targetId) !== l.nodeId)
        return [{ field: 'links', value: l.targetId, reason: '目标不属于该任务' }];
      return [];
    });
    if (problems.length > 0)
      throw new DomainError(
        'VALIDATION_FAILED',
        '项目关联的计划任务或目标有误',
        'the project links to unknown plan tasks or targets',
        { details: { problems } },
      );
    const byKey = new Map<string, ProjectLinkTable>();
    for (const l of links) {
      const key = l.targetId ? `${l.nodeId}/${l.targetId}` : l.nodeId;
      byKey.set(key, {
        project_id: projectId,
        node_id: l.nodeId,
        target_id: l.targetId ?? null,
        link_key: key,
      });
    }
    return [...byKey.values()];
  }

  const rejectIssues = (row: ProjectTable) => {
    const issues = checkProjectFields(fieldsOf(row));
    if (issues.length > 0)
      throw new DomainError('VALIDATION_FAILED', '项目信息有误', 'the project has invalid fields', {
        details: { problems: issues },
      });
  };

  async function createProject(input: ProjectInput, actor: Actor): Promise<ProjectDetail> {
    authorize(actor, 'project.write');
    const id = await db.transaction().execute(async (trx) => {
      const { unit, town } = await resolveUnits(trx, input.unitCode, input.townCode ?? null);
      authorize(actor, 'project.write', [unit.path]);
      if (await findProjectByCode(trx, input.code))
        throw new DomainError(
          'CONFLICT',
          `项目编码“${input.code}”已存在`,
          `Project code ${input.code} already exists`,
        );
      const now = deps.clock.now();
      const row: ProjectTable = {
        id: deps.ids.next(),
        code: input.code.trim(),
        name: input.name.trim(),
        content: input.content ?? '',
        kind: input.kind,
        level: input.level,
        stage: input.stage,
        owner_name: input.ownerName ?? '',
        unit_id: unit.id,
        town_unit_id: town?.id ?? null,
        leader: input.leader ?? '',
        longitude: input.longitude ?? null,
        latitude: input.latitude ?? null,
        total_investment_yuan: input.totalInvestmentYuan ?? null,
        start_date: input.startDate ?? null,
        finish_date: input.finishDate ?? null,
        progress_note: input.progressNote ?? '',
        version: 1,
        created_at: now,
        updated_at: now,
      };
      rejectIssues(row);
      await insertProject(trx, row);
      const links = await checkLinks(trx, row.id, input.links ?? []);
      await replaceProjectLinks(trx, row.id, links);
      await recordChange(trx, deps.clock, actor, {
        action: 'project.create',
        entity: 'project',
        entityId: row.id,
        oldValue: null,
        newValue: { ...row, links },
      });
      return row.id;
    });
    const code = await findProjectCode(db, id);
    if (code === undefined) throw new Error('the project just created is gone');
    return getProject(code);
  }

  /**
   * Edits a project: the actor needs the grant on its responsible unit (and on the new one,
   * when the project moves); the stage moves only forward; a stale version answers CONFLICT
   * with what is stored now.
   */
  async function updateProject(
    code: string,
    patch: ProjectPatch,
    actor: Actor,
    reason = '',
  ): Promise<ProjectDetail> {
    authorize(actor, 'project.write');
    await db.transaction().execute(async (trx) => {
      const before = await findProjectByCode(trx, code);
      if (!before) throw notFound(code);
      authorize(actor, 'project.write', [before.unit_path]);
      const { unit, town } = await resolveUnits(
        trx,
        patch.unitCode ?? before.unit_code,
        patch.townCode === undefined ? before.town_code : patch.townCode,
      );
      authorize(actor, 'project.write', [unit.path]);
      const stored: ProjectTable = {
        id: before.id,
        code: before.code,
        name: before.name,
        content: before.content,
        kind: before.kind,
        level: before.level,
        stage: before.stage,
        owner_name: before.owner_name,
        unit_id: before.unit_id,
        town_unit_id: before.town_unit_id,
        leader: before.leader,
        longitude: before.longitude,
        latitude: before.latitude,
        total_investment_yuan: before.total_investment_yuan,
        start_date: before.start_date,
        finish_date: before.finish_date,
        progress_note: before.progress_note,
        version: before.version,
        created_at: before.created_at,
        updated_at: before.updated_at,
      };
      if (before.version !== patch.version)
        throw changedMeanwhile({ zh: '该项目', en: 'the project was' }, toView(before));
      const after: ProjectTable = {
        ...stored,
        name: patch.name?.trim() ?? stored.name,
        content: patch.content ?? stored.content,
        kind: patch.kind ?? stored.kind,
        level: patch.level ?? stored.level,
        stage: patch.stage ?? stored.stage,
        owner_name: patch.ownerName ?? stored.owner_name,
        unit_id: unit.id,
        town_unit_id: town?.id ?? null,
        leader: patch.leader ?? stored.leader,
        longitude: patch.longitude === undefined ? stored.longitude : patch.longitude,
        latitude: patch.latitude === undefined ? stored.latitude : patch.latitude,
        total_investment_yuan:
          patch.totalInvestmentYuan === undefined
            ? stored.total_investment_yuan
            : patch.totalInvestmentYuan,
        start_date: patch.startDate === undefined ? stored.start_date : patch.startDate,
        finish_date: patch.finishDate === undefined ? stored.finish_date : patch.finishDate,
        progress_note: patch.progressNote ?? stored.progress_note,
        version: stored.version + 1,
        updated_at: deps.clock.now(),
      };
      if (after.stage !== stored.stage && !canAdvanceStage(after.kind, stored.stage, after.stage))
        throw new DomainError(
          'INVALID_TRANSITION',
          `项目阶段不能从“${projectStageLabels[stored.stage].zh}”改为“${projectStageLabels[after.stage].zh}”`,
          `a project cannot move from ${projectStageLabels[stored.stage].en} to ${projectStageLabels[after.stage].en}`,
          { details: { from: stored.stage, to: after.stage } },
        );
      rejectIssues(after);
      if (!(await updateProjectIfVersion(trx, after, stored.version))) {
        const current = await findProjectByCode(trx, code);
        throw changedMeanwhile(
          { zh: '该项目', en: 'the project was' },
          current ? toView(current) : null,
        );
      }
      const links =
        patch.links === undefined ? undefined : await checkLinks(trx, after.id, patch.links);
      if (links) await replaceProjectLinks(trx, after.id, links);
      await recordChange(trx, deps.clock, actor, {
        action: 'project.update',
        entity: 'project',
        entityId: after.id,
        oldValue: stored,
        newValue: links ? { ...after, links } : after,
        reason,
      });
    });
    return getProject(code);
  }

  const exchange = createProjectExchange(deps);
  const investment = createProjectInvestmentService(deps);
  // Preparing and writing a blocker inside another transaction is for the dispatch service only.
  const { prepareBlocker, writeBlocker, ...blockers } = createProjectBlockerService(deps);
  void [prepareBlocker, writeBlocker];
  const milestones = createProjectMilestoneService(deps);
  const summary = createProjectSummaryService(deps);
  const stageCounts = createProjectStageCountService(deps);
  const dispatch = createProjectDispatchService(deps);
  return {
    listProjects,
    getProject,
    createProject,
    updateProject,
    ...exchange,
    ...investment,
    ...blockers,
    ...milestones,
    ...summary,
    ...stageCounts,
    ...dispatch,
  };
}

export type ProjectService = ReturnType<typeof createProjectService>;
