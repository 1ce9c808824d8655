/**
 * Every query of the key-project registry: projects with their units, links to the plan,
 * and the monthly investment lines. The service decides; this file only reads and writes.
 */
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type {
  Database,
  ProjectBlockerTable,
  ProjectInvestmentTable,
  ProjectMilestoneTable,
  ProjectLinkTable,
  ProjectTable,
  ProjectYearTable,
} from './schema.ts';

/** A project row with the codes, names and paths of its units. */
export interface ProjectRecord extends ProjectTable {
  readonly unit_code: string;
  readonly unit_name: string;
  readonly unit_path: string;
  readonly town_code: string | null;
  readonly town_name: string | null;
}

/** Filters of the project list; each narrows it, none lists everything. */
export interface ProjectFilter {
  readonly stage?: ProjectTable['stage'];
  readonly kind?: ProjectTable['kind'];
  readonly level?: ProjectTable['level'];
  /** Unit path: projects whose responsible unit lies at or below it. */
  readonly unitPath?: string;
  /** Town unit id. */
  readonly townUnitId?: string;
  /** Part of the code or name. */
  readonly text?: string;
}

const selectProjects = (db: Kysely<Database>) =>
  db
    .selectFrom('project')
    .innerJoin('unit', 'unit.id', 'project.unit_id')
    .leftJoin('unit as town', 'town.id', 'project.town_unit_id')
    .selectAll('project')
    .select([
      'unit.code as unit_code',
      'unit.name as unit_name',
      'unit.path as unit_path',
      'town.code as town_code',
      'town.name as town_name',
    ]);

export async function findProjectByCode(
  db: Kysely<Database>,
  code: string,
): Promise<ProjectRecord | undefined> {
  return selectProjects(db).where('project.code', '=', code).executeTakeFirst();
}

/**
 * The filter as one condition on `project`. A unit's subtree is given as its units' ids: as a
 * list the planners see how few rows it keeps and read project_unit, where a subquery let
 * SQLite walk the whole registry in code order instead (issue 12 §8).
 */
const matching =
  (filter: ProjectFilter, unitIds: readonly string[] | undefined) =>
  (eb: ExpressionBuilder<Database, 'project'>): Expression<SqlBool> => {
    const conditions: Expression<SqlBool>[] = [];
    if (filter.stage) conditions.push(eb('project.stage', '=', filter.stage));
    if (filter.kind) conditions.push(eb('project.kind', '=', filter.kind));
    if (filter.level) conditions.push(eb('project.level', '=', filter.level));
    if (unitIds) conditions.push(eb('project.unit_id', 'in', [...unitIds]));
    if (filter.townUnitId) conditions.push(eb('project.town_unit_id', '=', filter.townUnitId));
    if (filter.text) {
      const pattern = `%${filter.text}%`;
      conditions.push(
        eb.or([eb('project.code', 'like', pattern), eb('project.name', 'like', pattern)]),
      );
    }
    return eb.and(conditions);
  };

/** The ids of the units at or below a path; undefined without one. */
async function unitIdsUnder(
  db: Kysely<Database>,
  unitPath: string | undefined,
): Promise<string[] | undefined> {
  if (unitPath === undefined) return undefined;
  const rows = await db
    .selectFrom('unit')
    .select('id')
    .where('path', 'like', `${unitPath}%`)
    .execute();
  return rows.map((r) => r.id);
}

/** The filter's projects by code, or one page of them. */
export async function listProjectRecords(
  db: Kysely<Database>,
  filter: ProjectFilter = {},
  page?: { readonly limit: number; readonly offset: number },
): Promise<ProjectRecord[]> {
  const unitIds = await unitIdsUnder(db, filter.unitPath);
  if (unitIds?.length === 0) return [];
  const query = selectProjects(db).where(matching(filter, unitIds)).orderBy('project.code');
  return page ? query.limit(page.limit).offset(page.offset).execute() : query.execute();
}

/** How many projects the filter keeps (the total of a paged list). */
export async function countProjectRecords(
  db: Kysely<Database>,
  filter: ProjectFilter = {},
): Promise<number> {
  const unitIds = await unitIdsUnder(db, filter.unitPath);
  if (unitIds?.length === 0) return 0;
  const row = await db
    .selectFrom('project')
    .where(matching(filter, unitIds))
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertProject(db: Kysely<Database>, row: ProjectTable): Promise<void> {
  await db.insertInto('project').values(row).execute();
}

/** Writes the row if the stored version is still `expectedVersion`; false when someone was first. */
export async function updateProjectIfVersion(
  db: Kysely<Database>,
  row: ProjectTable,
  expectedVersion: number,
): Promise<boolean> {
  const { id, ...rest } = row;
  const result = await db
    .updateTable('project')
    .set(rest)
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface ProjectLinkRecord extends ProjectLinkTable {
  readonly node_label: string;
  readonly node_title: string;
  readonly plan_id: string;
  readonly target_metric: string | null;
}

export async function listProjectLinks(
  db: Kysely<Database>,
  projectId: string,
): Promise<ProjectLinkRecord[]> {
  return db
    .selectFrom('project_link')
    .innerJoin('plan_node', 'plan_node.id', 'project_link.node_id')
    .leftJoin('target', 'target.id', 'project_link.target_id')
    .selectAll('project_link')
    .select([
      'plan_node.label as node_label',
      'plan_node.title as node_title',
      'plan_node.plan_id as plan_id',
      'target.metric as target_metric',
    ])
    .where('project_link.project_id', '=', projectId)
    .orderBy('project_link.link_key')
    .execute();
}

export async function replaceProjectLinks(
  db: Kysely<Database>,
  projectId: string,
  links: readonly ProjectLinkTable[],
): Promise<void> {
  await db.deleteFrom('project_link').where('project_id', '=', projectId).execute();
  if (links.length > 0)
    await db
      .insertInto('project_link')
      .values([...links])
      .execute();
}

/** Plan nodes and their targets by id, to check the links a project asks for. */
export async function findLinkTargets(
  db: Kysely<Database>,
  nodeIds: readonly string[],
): Promise<{ nodes: Map<string, string>; targets: Map<string, string> }> {
  if (nodeIds.length === 0) return { nodes: new Map(), targets: new Map() };
  const [nodes, targets] = await Promise.all([
    db.selectFrom('plan_node').select(['id', 'kind']).where('id', 'in', nodeIds).execute(),
    db.selectFrom('target').select(['id', 'node_id']).where('node_id', 'in', nodeIds).execute(),
  ]);
  return {
    nodes: new Map(nodes.map((n) => [n.id, n.kind])),
    targets: new Map(targets.map((t) => [t.id, t.node_id])),
  };
}

export async function findUnitsByCode(
  db: Kysely<Database>,
  codes: readonly string[],
): Promise<Map<string, { id: string; path: string; kind: string; name: string }>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .selectFrom('unit')
    .select(['id', 'code', 'path', 'kind', 'name'])
    .where('code', 'in', codes)
    .execute();
  return new Map(rows.map((r) => [r.code, r]));
}

export async function listInvestmentLines(
  db: Kysely<Database>,
  projectId: string,
  year: number,
): Promise<ProjectInvestmentTable[]> {
  return db
    .selectFrom('project_investment')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('year', '=', year)
    .orderBy('period_id')
    .execute();
}

/** Every project's row for a year, by project id. */
export async function listProjectYears(
  db: Kysely<Database>,
  year: number,
): Promise<Map<string, ProjectYearTable>> {
  const rows = await db.selectFrom('project_year').selectAll().where('year', '=', year).execute();
  return new Map(rows.map((r) => [r.project_id, r]));
}

export async function upsertProjectYear(
  db: Kysely<Database>,
  row: ProjectYearTable,
): Promise<void> {
  await db
    .insertInto('project_year')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['project_id', 'year']).doUpdateSet({
        plan_yuan: row.plan_yuan,
        listed_actual_yuan: row.listed_actual_yuan,
        listed_through_month: row.listed_through_month,
        updated_at: row.updated_at,
      }),
    )
    .execute();
}

/** Units by name (for the office's list, which names units rather than coding them). */
export async function listUnitNames(
  db: Kysely<Database>,
): Promise<{ id: string; code: string; name: string; kind: string; path: string }[]> {
  return db.selectFrom('unit').select(['id', 'code', 'name', 'kind', 'path']).execute();
}

/** A project's row for a year, or undefined. */
export async function findProjectYear(
  db: Kysely<Database>,
  projectId: string,
  year: number,
): Promise<ProjectYearTable | undefined> {
  return db
    .selectFrom('project_year')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('year', '=', year)
    .executeTakeFirst();
}

/** A project's code by its id (what a create returns after its transaction). */
export async function findProjectCode(
  db: Kysely<Database>,
  id: string,
): Promise<string | undefined> {
  const row = await db.selectFrom('project').select('code').where('id', '=', id).executeTakeFirst();
  return row?.code;
}

/** A project's month, or undefined. */
export async function findInvestmentLine(
  db: Kysely<Database>,
  projectId: string,
  periodId: string,
): Promise<ProjectInvestmentTable | undefined> {
  return db
    .selectFrom('project_investment')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('period_id', '=', periodId)
    .executeTakeFirst();
}

/** Inserts or replaces a project's month (the service has checked version and state). */
export async function saveInvestmentLine(
  db: Kysely<Database>,
  row: ProjectInvestmentTable,
): Promise<void> {
  await db
    .insertInto('project_investment')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['project_id', 'period_id']).doUpdateSet({
        plan_yuan: row.plan_yuan,
        actual_yuan: row.actual_yuan,
        state: row.state,
        version: row.version,
        updated_at: row.updated_at,
        updated_by: row.updated_by,
      }),
    )
    .execute();
}

/**
 * A month's project lines as the indicator's value waits for them: lines with a plan or an
 * actual, how many of those are approved, and the approved actuals' sum — one grouped read,
 * not every project's row, since it runs after each review.
 */
export async function summarizeInvestmentMonth(
  db: Kysely<Database>,
  year: number,
  periodId: string,
): Promise<{ lines: number; approved: number; approvedActualYuan: number }> {
  const row = await db
    .selectFrom('project_investment')
    .select([
      (eb) => eb.fn.countAll<number | string>().as('lines'),
      sql<number | string>`SUM(CASE WHEN state = 'approved' THEN 1 ELSE 0 END)`.as('approved'),
      sql<number | string | null>`SUM(CASE WHEN state = 'approved' THEN actual_yuan ELSE 0 END)`.as(
        'actual',
      ),
    ])
    .where('year', '=', year)
    .where('period_id', '=', periodId)
    .where((eb) => eb.or([eb('actual_yuan', 'is not', null), eb('plan_yuan', 'is not', null)]))
    .executeTakeFirstOrThrow();
  return {
    lines: Number(row.lines),
    approved: Number(row.approved ?? 0),
    approvedActualYuan: Number(row.actual ?? 0),
  };
}

/** The region at the top of the unit tree (the district). */
export async function findTopRegion(
  db: Kysely<Database>,
): Promise<{ id: string; code: string } | undefined> {
  return db
    .selectFrom('unit')
    .select(['id', 'code'])
    .where('kind', '=', 'region')
    .where('parent_id', 'is', null)
    .orderBy('sort_order')
    .executeTakeFirst();
}

/** A blocker with its project's code and unit path and the solving unit's code and path. */
export interface BlockerRecord extends ProjectBlockerTable {
  readonly project_code: string;
  readonly project_unit_path: string;
  readonly unit_code: string;
  readonly unit_name: string;
  readonly unit_path: string;
}

const selectBlockers = (db: Kysely<Database>) =>
  db
    .selectFrom('project_blocker')
    .innerJoin('project', 'project.id', 'project_blocker.project_id')
    .innerJoin('unit as pu', 'pu.id', 'project.unit_id')
    .innerJoin('unit', 'unit.id', 'project_blocker.unit_id')
    .selectAll('project_blocker')
    .select([
      'project.code as project_code',
      'pu.path as project_unit_path',
      'unit.code as unit_code',
      'unit.name as unit_name',
      'unit.path as unit_path',
    ]);

export async function findBlocker(
  db: Kysely<Database>,
  id: string,
): Promise<BlockerRecord | undefined> {
  return selectBlockers(db).where('project_blocker.id', '=', id).executeTakeFirst();
}

export async function listBlockersOfProject(
  db: Kysely<Database>,
  projectId: string,
): Promise<BlockerRecord[]> {
  return selectBlockers(db)
    .where('project_blocker.project_id', '=', projectId)
    .orderBy('project_blocker.raised_on')
    .orderBy('project_blocker.id')
    .execute();
}

/** The deadlines of the blockers raised between two dates, with the path of the unit that must solve each. */
export async function listBlockerDeadlines(
  db: Kysely<Database>,
  raisedFrom: string,
  raisedTo: string,
): Promise<{ unit_path: string; due_date: string; closed_on: string | null }[]> {
  return db
    .selectFrom('project_blocker')
    .innerJoin('unit', 'unit.id', 'project_blocker.unit_id')
    .select(['unit.path as unit_path', 'project_blocker.due_date', 'project_blocker.closed_on'])
    .where('project_blocker.raised_on', '>=', raisedFrom)
    .where('project_blocker.raised_on', '<=', raisedTo)
    .execute();
}

/** Active blockers past their due date: what the escalation job climbs. */
export async function listOverdueBlockers(
  db: Kysely<Database>,
  today: string,
): Promise<BlockerRecord[]> {
  return selectBlockers(db)
    .where('project_blocker.state', 'in', ['open', 'in-progress', 'reopened'])
    .where('project_blocker.due_date', '<', today)
    .execute();
}

/** Moves a blocker to an escalation level (the job has read it; its version goes up). */
export async function setBlockerLevel(
  db: Kysely<Database>,
  change: {
    readonly id: string;
    readonly level: ProjectBlockerTable['level'];
    readonly version: number;
    readonly updatedAt: string;
  },
): Promise<void> {
  await db
    .updateTable('project_blocker')
    .set({ level: change.level, version: change.version, updated_at: change.updatedAt })
    .where('id', '=', change.id)
    .execute();
}

export async function insertBlocker(db: Kysely<Database>, row: ProjectBlockerTable): Promise<void> {
  await db.insertInto('project_blocker').values(row).execute();
}

/** Writes the row if the stored version is still `expectedVersion`. */
export async function updateBlockerIfVersion(
  db: Kysely<Database>,
  row: ProjectBlockerTable,
  expectedVersion: number,
): Promise<boolean> {
  const { id, ...rest } = row;
  const result = await db
    .updateTable('project_blocker')
    .set(rest)
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The milestones of some projects (one query for a Gantt page). */
export async function listMilestones(
  db: Kysely<Database>,
  projectIds: readonly string[],
): Promise<ProjectMilestoneTable[]> {
  if (projectIds.length === 0) return [];
  return db
    .selectFrom('project_milestone')
    .selectAll()
    .where('project_id', 'in', projectIds)
    .execute();
}

export async function saveMilestone(
  db: Kysely<Database>,
  row: ProjectMilestoneTable,
): Promise<void> {
  await db
    .insertInto('project_milestone')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['project_id', 'node']).doUpdateSet({
        planned_date: row.planned_date,
        forecast_date: row.forecast_date,
        actual_date: row.actual_date,
        baseline_date: row.baseline_date,
        updated_at: row.updated_at,
      }),
    )
    .execute();
}

/**
 * What the stage counts read of the projects — every one, or those whose town lies under
 * `townPath`: kind, stage, registry dates and the actual dates of the counted nodes.
 */
export async function listStageCountInputs(
  db: Kysely<Database>,
  nodes: readonly string[],
  townPath?: string,
): Promise<
  {
    id: string;
    kind: ProjectTable['kind'];
    stage: ProjectTable['stage'];
    start_date: string | null;
    finish_date: string | null;
    node: string | null;
    actual_date: string | null;
  }[]
> {
  let query = db
    .selectFrom('project')
    .leftJoin('project_milestone', (join) =>
      join
        .onRef('project_milestone.project_id', '=', 'project.id')
        .on('project_milestone.node', 'in', [...nodes])
        .on('project_milestone.actual_date', 'is not', null),
    )
    .select([
      'project.id',
      'project.kind',
      'project.stage',
      'project.start_date',
      'project.finish_date',
      'project_milestone.node',
      'project_milestone.actual_date',
    ]);
  if (townPath !== undefined)
    query = query
      .innerJoin('unit as town', 'town.id', 'project.town_unit_id')
      .where('town.path', 'like', `${townPath}%`);
  return query.execute();
}
