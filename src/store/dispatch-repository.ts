/**
 * Every query of 旬调度: what a scope's dispatch list reads (its projects, their year's
 * investment, milestones, blockers before the meeting) and the meeting records with their
 * decisions. Each list is one query joined on the scope, so it grows with the scope's
 * projects, not with an id list the service would carry.
 */
import type { ExpressionBuilder, Kysely } from 'kysely';
import type {
  Database,
  DispatchItemTable,
  DispatchMeetingTable,
  ProjectBlockerTable,
  ProjectInvestmentTable,
  ProjectMilestoneTable,
} from './schema.ts';

/** Whose projects a list holds: every one, a department's (and below), or a town's. */
export type DispatchScope =
  | { readonly kind: 'district' }
  | { readonly kind: 'department'; readonly path: string }
  | { readonly kind: 'town'; readonly path: string };

type ScopedTables = Database & { pu: Database['unit']; town: Database['unit'] };

/** Projects within the scope: by the responsible unit's path, or by the town's. */
const projectInScope = (
  eb: ExpressionBuilder<ScopedTables, 'pu' | 'town'>,
  scope: DispatchScope,
) =>
  scope.kind === 'district'
    ? eb.lit(true)
    : scope.kind === 'department'
      ? eb('pu.path', 'like', `${scope.path}%`)
      : eb('town.path', 'like', `${scope.path}%`);

const scopedProjects = (db: Kysely<Database>, scope: DispatchScope) =>
  db
    .selectFrom('project')
    .innerJoin('unit as pu', 'pu.id', 'project.unit_id')
    .leftJoin('unit as town', 'town.id', 'project.town_unit_id')
    .where((eb) => projectInScope(eb, scope));

export interface DispatchProjectRecord {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly stage: string;
  readonly unit_code: string;
  readonly unit_name: string;
  readonly town_name: string | null;
  readonly plan_yuan: number | null;
}

/** The scope's projects with the year's annual plan (project_year), by code. */
export async function listScopeProjects(
  db: Kysely<Database>,
  scope: DispatchScope,
  year: number,
): Promise<DispatchProjectRecord[]> {
  return scopedProjects(db, scope)
    .leftJoin('project_year', (j) =>
      j.onRef('project_year.project_id', '=', 'project.id').on('project_year.year', '=', year),
    )
    .select([
      'project.id',
      'project.code',
      'project.name',
      'project.stage',
      'pu.code as unit_code',
      'pu.name as unit_name',
      'town.name as town_name',
      'project_year.plan_yuan',
    ])
    .orderBy('project.code')
    .execute();
}

/** The monthly investment lines of the scope's projects for a year. */
export async function listScopeInvestment(
  db: Kysely<Database>,
  scope: DispatchScope,
  year: number,
): Promise<ProjectInvestmentTable[]> {
  return scopedProjects(db, scope)
    .innerJoin('project_investment', 'project_investment.project_id', 'project.id')
    .selectAll('project_investment')
    .where('project_investment.year', '=', year)
    .execute();
}

/** The milestones of the scope's projects that have a date to judge. */
export async function listScopeMilestones(
  db: Kysely<Database>,
  scope: DispatchScope,
): Promise<ProjectMilestoneTable[]> {
  return scopedProjects(db, scope)
    .innerJoin('project_milestone', 'project_milestone.project_id', 'project.id')
    .selectAll('project_milestone')
    .where((eb) =>
      eb.or([
        eb('project_milestone.planned_date', 'is not', null),
        eb('project_milestone.baseline_date', 'is not', null),
      ]),
    )
    .execute();
}

export interface DispatchBlockerRecord extends ProjectBlockerTable {
  readonly project_code: string;
  readonly project_name: string;
  readonly unit_code: string;
  readonly unit_name: string;
}

/**
 * Active blockers past their due date or climbed above their unit, on the scope's projects or
 * to be solved by a unit within the scope (a department answers for what it must solve).
 */
export async function listScopeBlockers(
  db: Kysely<Database>,
  scope: DispatchScope,
  asOf: string,
): Promise<DispatchBlockerRecord[]> {
  return db
    .selectFrom('project_blocker')
    .innerJoin('project', 'project.id', 'project_blocker.project_id')
    .innerJoin('unit as pu', 'pu.id', 'project.unit_id')
    .leftJoin('unit as town', 'town.id', 'project.town_unit_id')
    .innerJoin('unit', 'unit.id', 'project_blocker.unit_id')
    .selectAll('project_blocker')
    .select([
      'project.code as project_code',
      'project.name as project_name',
      'unit.code as unit_code',
      'unit.name as unit_name',
    ])
    .where('project_blocker.state', 'in', ['open', 'in-progress', 'reopened'])
    .where((eb) =>
      eb.or([eb('project_blocker.due_date', '<', asOf), eb('project_blocker.level', '!=', 'unit')]),
    )
    .where((eb) =>
      scope.kind === 'district'
        ? eb.lit(true)
        : eb.or([projectInScope(eb, scope), eb('unit.path', 'like', `${scope.path}%`)]),
    )
    .orderBy('project_blocker.due_date')
    .orderBy('project.code')
    .execute();
}

/** A unit as the dispatch service scopes and names it. */
export interface DispatchUnit {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly kind: string;
  readonly path: string;
  readonly parent_id: string | null;
}

export async function findDispatchUnit(
  db: Kysely<Database>,
  code: string,
): Promise<DispatchUnit | undefined> {
  return db
    .selectFrom('unit')
    .select(['id', 'code', 'name', 'kind', 'path', 'parent_id'])
    .where('code', '=', code)
    .executeTakeFirst();
}

export async function findMeeting(
  db: Kysely<Database>,
  periodId: string,
  scopeUnitId: string,
): Promise<DispatchMeetingTable | undefined> {
  return db
    .selectFrom('dispatch_meeting')
    .selectAll()
    .where('period_id', '=', periodId)
    .where('scope_unit_id', '=', scopeUnitId)
    .executeTakeFirst();
}

export async function insertMeeting(db: Kysely<Database>, row: DispatchMeetingTable) {
  await db.insertInto('dispatch_meeting').values(row).execute();
}

/** Writes the meeting if the stored version is still `expectedVersion`. */
export async function updateMeetingIfVersion(
  db: Kysely<Database>,
  row: DispatchMeetingTable,
  expectedVersion: number,
): Promise<boolean> {
  const { id, ...rest } = row;
  const result = await db
    .updateTable('dispatch_meeting')
    .set(rest)
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertItems(db: Kysely<Database>, rows: readonly DispatchItemTable[]) {
  if (rows.length > 0)
    await db
      .insertInto('dispatch_item')
      .values([...rows])
      .execute();
}

/** A decision with its owner unit, its project and its blocker's state, and its meeting's dekad and scope. */
export interface DispatchItemRecord extends DispatchItemTable {
  readonly unit_code: string;
  readonly unit_name: string;
  readonly unit_path: string;
  readonly project_code: string | null;
  readonly project_name: string | null;
  readonly blocker_state: ProjectBlockerTable['state'] | null;
  readonly period_id: string;
  readonly scope_path: string;
}

const selectItems = (db: Kysely<Database>) =>
  db
    .selectFrom('dispatch_item')
    .innerJoin('dispatch_meeting', 'dispatch_meeting.id', 'dispatch_item.meeting_id')
    .innerJoin('unit as scope', 'scope.id', 'dispatch_meeting.scope_unit_id')
    .innerJoin('unit', 'unit.id', 'dispatch_item.unit_id')
    .leftJoin('project', 'project.id', 'dispatch_item.project_id')
    .leftJoin('project_blocker', 'project_blocker.id', 'dispatch_item.blocker_id')
    .selectAll('dispatch_item')
    .select([
      'unit.code as unit_code',
      'unit.name as unit_name',
      'unit.path as unit_path',
      'project.code as project_code',
      'project.name as project_name',
      'project_blocker.state as blocker_state',
      'dispatch_meeting.period_id',
      'scope.path as scope_path',
    ]);

export async function listItemsOfMeeting(
  db: Kysely<Database>,
  meetingId: string,
): Promise<DispatchItemRecord[]> {
  return selectItems(db)
    .where('dispatch_item.meeting_id', '=', meetingId)
    .orderBy('dispatch_item.seq')
    .execute();
}

/**
 * The decisions of a scope's earlier meetings (dekads before `periodId`) still open: a
 * follow-up not marked done, or a blocker decision whose blocker is not closed out.
 */
export async function listOpenItemsBefore(
  db: Kysely<Database>,
  scopeUnitId: string,
  periodId: string,
): Promise<DispatchItemRecord[]> {
  return selectItems(db)
    .where('dispatch_meeting.scope_unit_id', '=', scopeUnitId)
    .where('dispatch_meeting.period_id', '<', periodId)
    .where((eb) =>
      eb.or([
        eb.and([
          eb('dispatch_item.kind', '=', 'follow-up'),
          eb('dispatch_item.state', '=', 'open'),
        ]),
        eb.and([
          eb('dispatch_item.kind', '=', 'blocker'),
          eb('project_blocker.state', '!=', 'closed'),
        ]),
      ]),
    )
    .orderBy('dispatch_meeting.period_id')
    .orderBy('dispatch_item.seq')
    .execute();
}

export async function findItem(
  db: Kysely<Database>,
  id: string,
): Promise<DispatchItemRecord | undefined> {
  return selectItems(db).where('dispatch_item.id', '=', id).executeTakeFirst();
}

/** Writes the item if the stored version is still `expectedVersion`. */
export async function updateItemIfVersion(
  db: Kysely<Database>,
  row: DispatchItemTable,
  expectedVersion: number,
): Promise<boolean> {
  const { id, ...rest } = row;
  const result = await db
    .updateTable('dispatch_item')
    .set(rest)
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Open follow-up items with a deadline on or before a day: what the follow-up job tells owners of. */
export async function listOpenFollowUpsDueBy(
  db: Kysely<Database>,
  lastDay: string,
): Promise<DispatchItemRecord[]> {
  return selectItems(db)
    .where('dispatch_item.kind', '=', 'follow-up')
    .where('dispatch_item.state', '=', 'open')
    .where('dispatch_item.deadline', '<=', lastDay)
    .orderBy('dispatch_item.deadline')
    .execute();
}
