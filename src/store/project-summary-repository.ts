/**
 * The district summary's queries: projects per stage, the year's plan and approved actual
 * grouped by kind, level and town, and the active blockers' ages — grouped in SQL, so that
 * the answer grows with the groups shown, not with the registry.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

export async function countProjectsByStage(
  db: Kysely<Database>,
): Promise<{ stage: string; count: number }[]> {
  const rows = await db
    .selectFrom('project')
    .select(['stage', (eb) => eb.fn.countAll<number | string>().as('n')])
    .groupBy('stage')
    .execute();
  return rows.map((r) => ({ stage: r.stage, count: Number(r.n) }));
}

export type SummaryGroup = 'kind' | 'level' | 'town';

/** Plan (project_year) and approved actual (project_investment) of a year, per group. */
export async function sumInvestmentBy(
  db: Kysely<Database>,
  year: number,
  throughPeriodId: string,
  group: SummaryGroup,
): Promise<
  {
    key: string | null;
    name: string | null;
    planYuan: number;
    actualYuan: number;
    projects: number;
  }[]
> {
  const column =
    group === 'kind'
      ? 'project.kind'
      : group === 'level'
        ? 'project.level'
        : 'project.town_unit_id';
  const plans = await db
    .selectFrom('project')
    .leftJoin('project_year', (j) =>
      j.onRef('project_year.project_id', '=', 'project.id').on('project_year.year', '=', year),
    )
    .select([
      sql<string | null>`${sql.ref(column)}`.as('key'),
      (eb) => eb.fn.sum<number | string | null>('project_year.plan_yuan').as('plan'),
      (eb) => eb.fn.countAll<number | string>().as('n'),
    ])
    .groupBy(column)
    .execute();
  const actuals = await db
    .selectFrom('project_investment')
    .innerJoin('project', 'project.id', 'project_investment.project_id')
    .select([
      sql<string | null>`${sql.ref(column)}`.as('key'),
      (eb) => eb.fn.sum<number | string | null>('project_investment.actual_yuan').as('actual'),
    ])
    .where('project_investment.year', '=', year)
    .where('project_investment.state', '=', 'approved')
    .where('project_investment.period_id', '<=', throughPeriodId)
    .groupBy(column)
    .execute();
  const actualOf = new Map(actuals.map((a) => [a.key, Number(a.actual ?? 0)]));
  const names =
    group === 'town'
      ? new Map(
          (
            await db
              .selectFrom('unit')
              .select(['id', 'name'])
              .where(
                'id',
                'in',
                plans
                  .map((p) => p.key)
                  .filter((k): k is string => k !== null)
                  .concat(['']),
              )
              .execute()
          ).map((u) => [u.id, u.name]),
        )
      : new Map<string, string>();
  return plans.map((p) => ({
    key: p.key,
    name: p.key === null ? null : (names.get(p.key) ?? p.key),
    planYuan: Number(p.plan ?? 0),
    actualYuan: actualOf.get(p.key) ?? 0,
    projects: Number(p.n),
  }));
}

/** Active blockers per age bucket (days since raised) and how many are past due. */
export async function summarizeActiveBlockers(
  db: Kysely<Database>,
  bucketStarts: readonly string[],
  today: string,
): Promise<{ active: number; overdue: number; raisedOnOrAfter: number[] }> {
  const active = db
    .selectFrom('project_blocker')
    .where('state', 'in', ['open', 'in-progress', 'reopened']);
  const count = async (q: typeof active) =>
    Number(
      (await q.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow())
        .n,
    );
  return {
    active: await count(active),
    overdue: await count(active.where('due_date', '<', today)),
    raisedOnOrAfter: await Promise.all(
      bucketStarts.map((start) => count(active.where('raised_on', '>=', start))),
    ),
  };
}

/** Per solving unit: active and overdue blockers, the oldest active one, and closures by their due date. */
export async function summarizeBlockersByUnit(
  db: Kysely<Database>,
  today: string,
): Promise<
  {
    code: string;
    name: string;
    active: number;
    overdue: number;
    oldestActiveRaisedOn: string | null;
    closed: number;
    closedOnTime: number;
  }[]
> {
  const active = sql`project_blocker.state IN ('open', 'in-progress', 'reopened')`;
  const rows = await db
    .selectFrom('project_blocker')
    .innerJoin('unit', 'unit.id', 'project_blocker.unit_id')
    .select([
      'unit.code as code',
      'unit.name as name',
      sql<number | string>`SUM(CASE WHEN ${active} THEN 1 ELSE 0 END)`.as('active'),
      sql<
        number | string
      >`SUM(CASE WHEN ${active} AND project_blocker.due_date < ${today} THEN 1 ELSE 0 END)`.as(
        'overdue',
      ),
      sql<string | null>`MIN(CASE WHEN ${active} THEN project_blocker.raised_on ELSE NULL END)`.as(
        'oldest',
      ),
      sql<
        number | string
      >`SUM(CASE WHEN project_blocker.closed_on IS NOT NULL THEN 1 ELSE 0 END)`.as('closed'),
      sql<
        number | string
      >`SUM(CASE WHEN project_blocker.closed_on IS NOT NULL AND project_blocker.closed_on <= project_blocker.due_date THEN 1 ELSE 0 END)`.as(
        'on_time',
      ),
    ])
    .groupBy(['unit.code', 'unit.name'])
    .orderBy('unit.code')
    .execute();
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    active: Number(r.active),
    overdue: Number(r.overdue),
    oldestActiveRaisedOn: r.oldest,
    closed: Number(r.closed),
    closedOnTime: Number(r.on_time),
  }));
}

/** The latest year any project has a plan for, if any. */
export async function latestPlanYear(db: Kysely<Database>): Promise<number | null> {
  const row = await db
    .selectFrom('project_year')
    .select((eb) => eb.fn.max('year').as('year'))
    .executeTakeFirst();
  return row?.year === null || row?.year === undefined ? null : Number(row.year);
}
