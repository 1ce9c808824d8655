/**
 * Observations as stored (migration 0030): `observation_cell`, keyed (indicator_num,
 * unit_num, period_id). The write path and the state changes (submit, approve, return,
 * reopen, delete drafts) read and write the cells by their integer keys; readers use the
 * view `observation`, which names the same rows by their public ids.
 */
import type SqliteHandle from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import type { ObservationState } from '../core/observation.ts';
import { runExclusive } from './bulk-path.ts';
import { createCellMap, type CellMap } from './cell-map.ts';
import type { LantuDatabase } from './engine.ts';
import { periodTypeOfIdSql, yearIdRange, yearOfIdSql } from './period-sql.ts';
import { keptStatement } from './sqlite-statement-cache.ts';
import type { Database } from './schema.ts';

/** What is stored in a cell, as a write checks it. */
export interface StoredCell {
  readonly indicator_num: number;
  readonly unit_num: number;
  readonly period_id: string;
  readonly value: number;
  readonly comment: string;
  readonly state: ObservationState;
  readonly version: number;
}

/**
 * SQLite: a mark that moves whenever anything is written to the database — by this connection
 * (its `total_changes()`) or by any other (`data_version`). A read taken after a mark is still
 * what is stored while the mark has not moved, so the write that follows a batch's check may
 * reuse the check's read instead of reading the same cells again inside its transaction.
 * Read the mark before the read it vouches for: a write slipping in between moves it, and the
 * reader only reads again. The same statement, run on the raw handle, gives the same mark.
 */
export const changeMarkQuery =
  "SELECT total_changes() || ':' || (SELECT data_version FROM pragma_data_version()) AS mark";

/** The change mark of the database, or null on PostgreSQL, where writes lock what they read. */
export async function readChangeMark(
  db: Kysely<Database>,
  engine: 'sqlite' | 'postgres',
): Promise<string | null> {
  if (engine !== 'sqlite') return null;
  const { rows } = await sql<{ mark: string }>`${sql.raw(changeMarkQuery)}`.execute(db);
  return rows[0]?.mark ?? null;
}

// Bound variables per statement stay far below both engines' limits.
const CHUNK = 500;

/**
 * The years and period types of a read as a condition on narrow cells (migration 0031), which
 * store only the period's id: one range of the key from the first year to the last, then the
 * ids' year and type as read from them. As SQL text with `?` marks and its parameters (for the
 * raw handle) or as a Kysely expression.
 */
function periodCondition(years: readonly number[], periodTypes: readonly string[]) {
  const [from] = yearIdRange(Math.min(...years));
  const [, to] = yearIdRange(Math.max(...years));
  const year = yearOfIdSql('period_id');
  const type = periodTypeOfIdSql('period_id');
  const marks = (n: number) => Array.from({ length: n }, () => '?').join(',');
  return {
    text: `period_id >= ? AND period_id < ? AND ${year} IN (${marks(years.length)}) AND ${type} IN (${marks(periodTypes.length)})`,
    params: [from, to, ...years, ...periodTypes],
    expression: sql<boolean>`period_id >= ${from} AND period_id < ${to}
      AND ${sql.raw(year)} IN (${sql.join(years)}) AND ${sql.raw(type)} IN (${sql.join(periodTypes)})`,
  };
}

/**
 * The cells of the given units and indicators in the given years and period types: what a
 * batch is checked against (its own keys, earlier periods of the year, last year's).
 */
async function readStoredCells(
  db: Kysely<Database>,
  where: {
    readonly unitNums: readonly number[];
    readonly indicatorNums: readonly number[];
    readonly years: readonly number[];
    readonly periodTypes: readonly string[];
  },
): Promise<StoredCell[]> {
  const found: StoredCell[] = [];
  if (where.years.length === 0 || where.periodTypes.length === 0) return found;
  const inPeriods = periodCondition(where.years, where.periodTypes).expression;
  for (let start = 0; start < where.unitNums.length; start += CHUNK)
    for (let from = 0; from < where.indicatorNums.length; from += CHUNK) {
      const rows = await db
        .selectFrom('observation_cell')
        .select(['indicator_num', 'unit_num', 'period_id', 'value', 'comment', 'state', 'version'])
        .where('indicator_num', 'in', where.indicatorNums.slice(from, from + CHUNK))
        .where('unit_num', 'in', where.unitNums.slice(start, start + CHUNK))
        .where(inPeriods)
        .execute();
      for (const r of rows) found.push(r);
    }
  return found;
}

/** What a check needs of a stored cell. */
export interface StoredCellValues {
  readonly value: number;
  readonly comment: string;
  readonly state: ObservationState;
  readonly version: number;
}

/**
 * {@link readStoredCells} into a map by key, with the change mark taken just before (null
 * on PostgreSQL). On SQLite both are read on the raw handle, rows as arrays: for the 200,000
 * cells of a large batch's update, a third less than rows as objects through Kysely.
 */
export async function readStoredCellsByKey(
  database: LantuDatabase,
  where: Parameters<typeof readStoredCells>[1],
): Promise<{ entries: CellMap<StoredCellValues>; mark: string | null }> {
  const entries = createCellMap<StoredCellValues>();
  const { raw, db } = database;
  if (raw.kind !== 'sqlite') {
    for (const c of await readStoredCells(db, where))
      entries.set(c.indicator_num, c.unit_num, c.period_id, c);
    return { entries, mark: null };
  }
  const handle = raw.handle;
  // Kept statements (sqlite-statement-cache.ts): a batch's read is a few statements whose IN
  // lists vary with the batch, and compiling them took a fifth of a 1,000-row write.
  const read = () => {
    const mark =
      (keptStatement(handle, changeMarkQuery) as SqliteHandle.Statement<[], { mark: string }>).get()
        ?.mark ?? null;
    const marks = (n: number) => Array.from({ length: n }, () => '?').join(',');
    if (where.years.length === 0 || where.periodTypes.length === 0) return { entries, mark };
    const periods = periodCondition(where.years, where.periodTypes);
    for (let start = 0; start < where.unitNums.length; start += CHUNK)
      for (let from = 0; from < where.indicatorNums.length; from += CHUNK) {
        const units = where.unitNums.slice(start, start + CHUNK);
        const indicators = where.indicatorNums.slice(from, from + CHUNK);
        // Raw mode is the statement's own: its text is this read's alone.
        const rows = (
          keptStatement(
            handle,
            `SELECT indicator_num, unit_num, period_id, value, comment, state, version
             FROM observation_cell WHERE indicator_num IN (${marks(indicators.length)})
             AND unit_num IN (${marks(units.length)}) AND ${periods.text}`,
          ) as SqliteHandle.Statement<
            unknown[],
            [number, number, string, number, string, ObservationState, number]
          >
        )
          .raw(true)
          .all(...indicators, ...units, ...periods.params);
        // The rows come in key order (the table is its primary key), so a series' cells are
        // neighbours: look the series up when it changes, not once a row.
        let series: (StoredCellValues | undefined)[] | undefined;
        let seriesIndicator = -1;
        let seriesUnit = -1;
        for (const [i, u, p, value, comment, state, version] of rows) {
          if (i !== seriesIndicator || u !== seriesUnit || !series) {
            series = entries.seriesToFill(i, u);
            seriesIndicator = i;
            seriesUnit = u;
          }
          series[entries.periodNumber(p)] = { value, comment, state, version };
        }
      }
    return { entries, mark };
  };
  // Inside a transaction (an upload checked in parts) the transaction holds the connection
  // already; otherwise hold it, so no other query's half-done transaction is read.
  return db.isTransaction ? read() : runExclusive(database, read);
}

/** One unit's cells of one period (only the indicators named, when given). */
export interface CellSet {
  readonly unitNum: number;
  readonly periodId: string;
  readonly indicatorNums?: readonly number[];
}

const inSet = (db: Kysely<Database>, set: CellSet) => {
  const query = db
    .selectFrom('observation_cell')
    .where('unit_num', '=', set.unitNum)
    .where('period_id', '=', set.periodId);
  // Every indicator when none are named: cells are found by key (migration 0031 dropped the
  // (unit, period) index), one probe per indicator of the registry's few hundred.
  return query.where(
    'indicator_num',
    'in',
    set.indicatorNums
      ? set.indicatorNums.length > 0
        ? [...set.indicatorNums]
        : [-1]
      : everyIndicatorNum(db),
  );
};

/** The cells of a set in one of the given states, as a state change reads them first. */
export const findCellsInState = (
  db: Kysely<Database>,
  set: CellSet,
  states: readonly ObservationState[],
) =>
  inSet(db, set)
    .select(['indicator_num', 'value', 'state', 'version', 'comment'])
    .where('state', 'in', [...states])
    .execute();

/** Moves the named cells of a set to a state, one version on, with the columns the change sets. */
export async function moveCellsToState(
  db: Kysely<Database>,
  set: CellSet & { readonly indicatorNums: readonly number[] },
  change: {
    readonly state: ObservationState;
    readonly reviewReason?: string;
    readonly updatedAt?: string;
    readonly submitted?: { readonly at: string; readonly on: string; readonly by: string };
  },
): Promise<void> {
  if (change.updatedAt !== undefined) await restamp(db, set, change.updatedAt);
  for (let start = 0; start < set.indicatorNums.length; start += CHUNK)
    await db
      .updateTable('observation_cell')
      .set((eb) => ({
        state: change.state,
        version: eb('version', '+', 1),
        ...(change.reviewReason === undefined ? {} : { review_reason: change.reviewReason }),
        ...(change.submitted === undefined
          ? {}
          : {
              submitted_at: change.submitted.at,
              submitted_on: change.submitted.on,
              submitted_by: change.submitted.by,
            }),
      }))
      .where('unit_num', '=', set.unitNum)
      .where('period_id', '=', set.periodId)
      .where('indicator_num', 'in', set.indicatorNums.slice(start, start + CHUNK))
      .execute();
}

/**
 * Moves the named cells of a set to new change rows stamped `at`, each copying who wrote the
 * cell and from what source: a review action dates the value anew without claiming to have
 * written it, as the wide row's `updated_at` did before migration 0031.
 */
async function restamp(
  db: Kysely<Database>,
  set: CellSet & { readonly indicatorNums: readonly number[] },
  at: string,
): Promise<void> {
  for (let start = 0; start < set.indicatorNums.length; start += CHUNK) {
    const named = (query: ReturnType<typeof inSet>) =>
      query.where('indicator_num', 'in', set.indicatorNums.slice(start, start + CHUNK));
    const changes = await named(inSet(db, set)).select('change_num').distinct().execute();
    for (const { change_num: old } of changes) {
      const { change_num } = await db
        .insertInto('observation_change')
        .columns(['updated_at', 'updated_by', 'source', 'source_ref'])
        .expression((eb) =>
          eb
            .selectFrom('observation_change')
            .select([eb.val(at).as('updated_at'), 'updated_by', 'source', 'source_ref'])
            .where('change_num', '=', old),
        )
        .returning('change_num')
        .executeTakeFirstOrThrow();
      await db
        .updateTable('observation_cell')
        .set({ change_num })
        .where('unit_num', '=', set.unitNum)
        .where('period_id', '=', set.periodId)
        .where('indicator_num', 'in', set.indicatorNums.slice(start, start + CHUNK))
        .where('change_num', '=', old)
        .execute();
    }
  }
}

/** The indicators a unit holds any value of in a period. */
export const indicatorNumsPresent = async (db: Kysely<Database>, set: CellSet) =>
  (await inSet(db, set).select('indicator_num').execute()).map((r) => r.indicator_num);

/**
 * Every indicator's number, for reads of the view by unit: naming them lets the engine probe
 * the key (indicator, unit, period) once per indicator instead of scanning every cell, now
 * that no (unit, period) index exists (migration 0031).
 */
export const everyIndicatorNum = (db: Kysely<Database>) =>
  db.selectFrom('indicator').select('indicator.num');

/** A unit's own values of one cadence in the given years, as its reporting form shows them. */
export const readOwnValues = (
  db: Kysely<Database>,
  unitId: string,
  periodType: string,
  years: readonly number[],
) =>
  db
    .selectFrom('observation')
    .select([
      'indicator_id',
      'period_id',
      'value',
      'state',
      'version',
      'comment',
      'review_reason',
      'source',
      'submitted_at',
      'updated_at',
      'updated_by',
    ])
    .where('indicator_num', 'in', everyIndicatorNum(db))
    .where('unit_id', '=', unitId)
    .where('period_type', '=', periodType)
    .where('year', 'in', [...years])
    .where('period_id', '>=', String(Math.min(...years)))
    .where('period_id', '<', String(Math.max(...years) + 1))
    .execute();
