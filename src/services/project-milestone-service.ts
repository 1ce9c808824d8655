/**
 * Milestones and Gantt data: a project's node plan edited by its unit (planned, forecast and
 * actual dates), the baseline approved by the project office — re-baselining is an audited
 * act with a reason — and the Gantt rows of a department's or a town's projects.
 */
import { DomainError } from '../core/domain-error.ts';
import {
  computeMilestoneLight,
  defaultGanttPageSize,
  maxGanttPageSize,
  milestoneLabels,
  standardMilestones,
  type MilestoneLight,
  type MilestoneNode,
} from '../core/milestone.ts';
import { authorize } from '../core/permission.ts';
import type { ProjectStage } from '../core/project.ts';
import { recordChange } from '../store/audit-log.ts';
import {
  countProjectRecords,
  findProjectByCode,
  findUnitsByCode,
  listMilestones,
  listProjectRecords,
  saveMilestone,
  type ProjectFilter,
  type ProjectRecord,
} from '../store/project-repository.ts';
import type { ProjectMilestoneTable } from '../store/schema.ts';
import { renderGanttWorkbook } from '../reports/gantt-workbook.ts';
import type { Actor, ServiceDeps } from './ports.ts';

export interface MilestoneView {
  readonly node: MilestoneNode;
  readonly name: string;
  readonly plannedDate: string | null;
  readonly forecastDate: string | null;
  readonly actualDate: string | null;
  readonly baselineDate: string | null;
  readonly slipDays: number | null;
  readonly light: MilestoneLight;
}

export interface GanttRow {
  readonly code: string;
  readonly name: string;
  readonly stage: ProjectStage;
  readonly unit: { code: string; name: string };
  readonly startDate: string | null;
  readonly finishDate: string | null;
  readonly milestones: MilestoneView[];
  /** The worst light of its milestones. */
  readonly light: MilestoneLight;
}

const lightOrder: readonly MilestoneLight[] = ['none', 'done', 'green', 'yellow', 'red'];

export interface GanttQuery {
  readonly unitCode?: string;
  readonly townCode?: string;
  readonly limit?: number;
  readonly offset?: number;
}

export interface GanttPage {
  readonly today: string;
  /** Projects the filter keeps, in all pages. */
  readonly total: number;
  readonly offset: number;
  readonly limit: number;
  readonly rows: GanttRow[];
}

export function createProjectMilestoneService(deps: ServiceDeps) {
  const { db } = deps.database;

  const toViews = (rows: readonly ProjectMilestoneTable[]): MilestoneView[] => {
    const byNode = new Map(rows.map((r) => [r.node, r]));
    return standardMilestones
      .filter((node) => byNode.has(node))
      .map((node) => {
        const r = byNode.get(node) as ProjectMilestoneTable;
        const dates = {
          plannedDate: r.planned_date,
          forecastDate: r.forecast_date,
          actualDate: r.actual_date,
          baselineDate: r.baseline_date,
        };
        return {
          node,
          name: milestoneLabels[node].zh,
          ...dates,
          ...computeMilestoneLight(dates, deps.clock.today()),
        };
      });
  };

  async function requireProject(code: string) {
    const project = await findProjectByCode(db, code);
    if (!project)
      throw new DomainError('NOT_FOUND', `找不到项目“${code}”`, `Project ${code} not found`);
    return project;
  }

  async function getMilestones(code: string): Promise<MilestoneView[]> {
    const project = await requireProject(code);
    return toViews(await listMilestones(db, [project.id]));
  }

  /** Edits planned, forecast and actual dates; the baseline does not move. */
  async function setMilestones(
    code: string,
    milestones: readonly {
      node: MilestoneNode;
      plannedDate?: string | null;
      forecastDate?: string | null;
      actualDate?: string | null;
    }[],
    actor: Actor,
  ): Promise<MilestoneView[]> {
    authorize(actor, 'project.write');
    const project = await requireProject(code);
    authorize(actor, 'project.write', [project.unit_path]);
    const today = deps.clock.today();
    const late = milestones.filter((m) => m.actualDate && m.actualDate > today);
    if (late.length > 0)
      throw new DomainError(
        'VALIDATION_FAILED',
        '实际完成日期不能晚于今天',
        'an actual date cannot be in the future',
        {
          details: {
            problems: late.map((m) => ({ field: 'actualDate', value: m.actualDate, node: m.node })),
          },
        },
      );
    await db.transaction().execute(async (trx) => {
      const existing = new Map((await listMilestones(trx, [project.id])).map((r) => [r.node, r]));
      for (const m of milestones) {
        const before = existing.get(m.node);
        const row: ProjectMilestoneTable = {
          project_id: project.id,
          node: m.node,
          planned_date:
            m.plannedDate === undefined ? (before?.planned_date ?? null) : m.plannedDate,
          forecast_date:
            m.forecastDate === undefined ? (before?.forecast_date ?? null) : m.forecastDate,
          actual_date: m.actualDate === undefined ? (before?.actual_date ?? null) : m.actualDate,
          baseline_date: before?.baseline_date ?? null,
          updated_at: deps.clock.now(),
        };
        await saveMilestone(trx, row);
        await recordChange(trx, deps.clock, actor, {
          action: 'milestone.update',
          entity: 'project_milestone',
          entityId: `${project.id}/${m.node}`,
          oldValue: before ?? null,
          newValue: row,
        });
      }
    });
    return getMilestones(code);
  }

  /**
   * Approves the baseline: every milestone's planned date becomes its baseline. The first
   * approval needs no reason; a re-baselining does, and both are in the audit log.
   */
  async function approveBaseline(
    code: string,
    reason: string,
    actor: Actor,
  ): Promise<MilestoneView[]> {
    authorize(actor, 'plan.adopt');
    const project = await requireProject(code);
    authorize(actor, 'plan.adopt', [project.unit_path]);
    await db.transaction().execute(async (trx) => {
      const rows = await listMilestones(trx, [project.id]);
      const isRebaseline = rows.some((r) => r.baseline_date !== null);
      if (isRebaseline && reason.trim() === '')
        throw new DomainError(
          'VALIDATION_FAILED',
          '调整基线须说明理由',
          're-baselining needs a reason',
        );
      for (const r of rows)
        await saveMilestone(trx, {
          ...r,
          baseline_date: r.planned_date,
          updated_at: deps.clock.now(),
        });
      await recordChange(trx, deps.clock, actor, {
        action: isRebaseline ? 'milestone.rebaseline' : 'milestone.baseline',
        entity: 'project',
        entityId: project.id,
        oldValue: rows.map((r) => [r.node, r.baseline_date]),
        newValue: rows.map((r) => [r.node, r.planned_date]),
        reason,
      });
    });
    return getMilestones(code);
  }

  /** The filter a Gantt query names, or null when it names a unit or town that does not exist. */
  async function ganttFilter(query: GanttQuery): Promise<ProjectFilter | null> {
    const units = await findUnitsByCode(
      db,
      [query.unitCode, query.townCode].filter((c): c is string => c !== undefined),
    );
    const unit = query.unitCode === undefined ? undefined : units.get(query.unitCode);
    const town = query.townCode === undefined ? undefined : units.get(query.townCode);
    if ((query.unitCode !== undefined && !unit) || (query.townCode !== undefined && !town))
      return null;
    return { ...(unit ? { unitPath: unit.path } : {}), ...(town ? { townUnitId: town.id } : {}) };
  }

  /** Rows of the projects given, their milestones read in one query. */
  async function toGanttRows(projects: readonly ProjectRecord[]): Promise<GanttRow[]> {
    const milestones = await listMilestones(
      db,
      projects.map((p) => p.id),
    );
    const byProject = new Map<string, ProjectMilestoneTable[]>();
    for (const m of milestones) {
      const list = byProject.get(m.project_id);
      if (list) list.push(m);
      else byProject.set(m.project_id, [m]);
    }
    return projects.map((p) => {
      const views = toViews(byProject.get(p.id) ?? []);
      const light = views.reduce<MilestoneLight>(
        (worst, v) => (lightOrder.indexOf(v.light) > lightOrder.indexOf(worst) ? v.light : worst),
        'none',
      );
      return {
        code: p.code,
        name: p.name,
        stage: p.stage,
        unit: { code: p.unit_code, name: p.unit_name },
        startDate: p.start_date,
        finishDate: p.finish_date,
        milestones: views,
        light,
      };
    });
  }

  /**
   * One page of the Gantt rows of the projects of a unit (and below) or of a town, by code,
   * with how many there are in all: three queries, each bounded by the page, not the registry.
   */
  async function getGantt(query: GanttQuery): Promise<GanttPage> {
    const limit = Math.max(1, Math.min(query.limit ?? defaultGanttPageSize, maxGanttPageSize));
    const offset = Math.max(0, query.offset ?? 0);
    const filter = await ganttFilter(query);
    if (!filter) return { today: deps.clock.today(), total: 0, offset, limit, rows: [] };
    const [total, projects] = await Promise.all([
      countProjectRecords(db, filter),
      listProjectRecords(db, filter, { limit, offset }),
    ]);
    return { today: deps.clock.today(), total, offset, limit, rows: await toGanttRows(projects) };
  }

  /** Every row as a workbook (month columns, today's month ruled, a node sheet), titled for the unit or town. */
  async function exportGantt(query: { unitCode?: string; townCode?: string }): Promise<Buffer> {
    const filter = await ganttFilter(query);
    const rows = filter ? await toGanttRows(await listProjectRecords(db, filter)) : [];
    const code = query.townCode ?? query.unitCode;
    const unit = code ? (await findUnitsByCode(db, [code])).get(code) : undefined;
    return renderGanttWorkbook({
      title: `${unit?.name ?? '全区'}重点项目甘特图`,
      today: deps.clock.today(),
      rows,
    });
  }

  return { getMilestones, setMilestones, approveBaseline, getGantt, exportGantt };
}
