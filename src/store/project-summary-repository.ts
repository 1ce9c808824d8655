/**
 * The district summary's queries, grouped in SQL so that what comes back grows with the
 * groups shown (kind × level × town × stage, solving unit × state), not with the registry:
 * the projects with the year's plan and approved actual, and the blockers with the dates their
 * ages and on-time 销号 need. Both read covering indexes (migration 0026).
 */
import { sql, type Kysely } from 'kysely';
import type { BlockerState } from '../core/blocker.ts';
import type { ProjectKind, ProjectLevel, ProjectStage } from '../core/project.ts';
import type { Database } from './schema.ts';

/** The projects of one kind, level, town and stage, with the year's plan and approved actual. */
export interface ProjectGroupTotals {
  readonly kind: ProjectKind;
  readonly level: ProjectLevel;
  readonly townUnitId: string | null;
  readonly stage: ProjectStage;
  readonly projects: number;
  readonly planYuan: number;
  readonly actualYuan: number;
}

/**
 * Projects grouped by kind, level, town and stage: how many, the sum of their plans for the
 * year (project_year) and of their approved months of the year up to `throughPeriodId`.
 * The months are summed per project first, so the join meets each project once.
 */
export async function sumProjectGroups(
  db: Kysely<Database>,
  year: number,
  throughPeriodId: string,
): Promise<ProjectGroupTotals[]> {
  const approved = db
    .selectFrom('project_investment')
    .select([
      'project_investment.project_id',
      (eb) => eb.fn.sum<number | string | null>('project_investment.actual_yuan').as('actual'),
    ])
    .where('project_investment.year', '=', year)
    .where('project_investment.state', '=', 'approved')
    .where('project_investment.period_id', '<=', throughPeriodId)
    .groupBy('project_investment.project_id')
    .as('approved');
  const rows = await db
    .selectFrom('project')
    .leftJoin('project_year', (j) =>
      j.onRef('project_year.project_id', '=', 'project.id').on('project_year.year', '=', year),
    )
    .leftJoin(approved, 'approved.project_id', 'project.id')
    .select([
      'project.kind',
      'project.level',
      'project.town_unit_id',
      'project.stage',
      (eb) => eb.fn.countAll<number | string>().as('n'),
      (eb) => eb.fn.sum<number | string | null>('project_year.plan_yuan').as('plan'),
      (eb) => eb.fn.sum<number | string | null>('approved.actual').as('actual'),
    ])
    .groupBy(['project.kind', 'project.level', 'project.town_unit_id', 'project.stage'])
    .execute();
  return rows.map((r) => ({
    kind: r.kind,
    level: r.level,
    townUnitId: r.town_unit_id,
    stage: r.stage,
    projects: Number(r.n),
    planYuan: Number(r.plan ?? 0),
    actualYuan: Number(r.actual ?? 0),
  }));
}

/** Names of units by id (the towns a summary groups by). */
export async function findUnitNames(
  db: Kysely<Database>,
  ids: readonly string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('unit')
    .select(['id', 'name'])
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((u) => [u.id, u.name]));
}

/** The blockers of one solving unit in one state, with what their ages and closures need. */
export interface BlockerGroupTotals {
  readonly unit: { readonly code: string; readonly name: string };
  readonly state: BlockerState;
  readonly blockers: number;
  /** Due before today. */
  readonly overdue: number;
  /** Raised on or after each of the given days, in their order. */
  readonly raisedOnOrAfter: readonly number[];
  readonly oldestRaisedOn: string | null;
  /** With a 销号 date, and of those closed by their due date. */
  readonly closed: number;
  readonly closedOnTime: number;
}

/** Blockers grouped by solving unit and state (one pass over the covering index), in unit code order. */
export async function sumBlockerGroups(
  db: Kysely<Database>,
  today: string,
  raisedSince: readonly string[],
): Promise<BlockerGroupTotals[]> {
  const count = (condition: ReturnType<typeof sql>) =>
    sql<number | string>`SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END)`;
  let grouped = db
    .selectFrom('project_blocker')
    .select([
      'project_blocker.unit_id',
      'project_blocker.state',
      (eb) => eb.fn.countAll<number | string>().as('n'),
      count(sql`project_blocker.due_date < ${today}`).as('overdue'),
      (eb) => eb.fn.min('project_blocker.raised_on').as('oldest'),
      count(sql`project_blocker.closed_on IS NOT NULL`).as('closed'),
      count(sql`project_blocker.closed_on <= project_blocker.due_date`).as('on_time'),
    ])
    .groupBy(['project_blocker.unit_id', 'project_blocker.state']);
  raisedSince.forEach((day, i) => {
    grouped = grouped.select(count(sql`project_blocker.raised_on >= ${day}`).as(`since_${i}`));
  });
  const rows = await db
    .selectFrom(grouped.as('g'))
    .innerJoin('unit', 'unit.id', 'g.unit_id')
    .selectAll('g')
    .select(['unit.code', 'unit.name'])
    .orderBy('unit.code')
    .orderBy('g.state')
    .execute();
  return rows.map((r) => {
    const row = r as typeof r & Record<string, number | string>;
    return {
      unit: { code: r.code, name: r.name },
      state: r.state,
      blockers: Number(r.n),
      overdue: Number(r.overdue),
      raisedOnOrAfter: raisedSince.map((_, i) => Number(row[`since_${i}`] ?? 0)),
      oldestRaisedOn: r.oldest,
      closed: Number(r.closed),
      closedOnTime: Number(r.on_time),
    };
  });
}

/** The latest year any project has a plan for, if any. */
export async function latestPlanYear(db: Kysely<Database>): Promise<number | null> {
  const row = await db
    .selectFrom('project_year')
    .select((eb) => eb.fn.max('year').as('year'))
    .executeTakeFirst();
  return row?.year === null || row?.year === undefined ? null : Number(row.year);
}
