/**
 * The bulk path under the observation and collection stores: lookups by key and multi-row
 * `INSERT … ON CONFLICT (indicator_num, unit_num, period_id) DO UPDATE` writes into the
 * integer-keyed cells (migration 0030), through better-sqlite3 prepared statements or
 * PostgreSQL unnest() arrays, and the roll-up deltas written the same way; on PostgreSQL
 * also COPY of new rows, and COPY into a staging table with one guarded UPDATE of stored
 * ones (pg-copy.ts). Kysely's builder alone caps batch writes at about a third of the
 * engine's rate
 * (docs/decisions/0003-bulk-observation-writes.md, 0008-integer-keys.md).
 */
import { sql, type Kysely } from 'kysely';
import type SqliteDatabase from 'better-sqlite3';
import type pg from 'pg';
import { createCellMap, type CellMap } from './cell-map.ts';
import type { LantuDatabase } from './engine.ts';
import { copyRowsPostgres, type CopyValue } from './pg-copy.ts';
import type { Database, RollupCellTable } from './schema.ts';

/** The three columns that identify a stored observation: integer indicator and unit, period. */
export interface ObservationRef {
  readonly indicatorNum: number;
  readonly unitNum: number;
  readonly periodId: string;
}

/** The integer keys of units and indicators by their ids (the registry as writes keep it built). */
export interface KeyNumbers {
  indicator(id: string): number;
  unit(id: string): number;
}

/**
 * What to add to the roll-up of one ancestor unit: the change in its descendants' approved
 * sum and count, and in their submitted sum and count (core/rollup.ts).
 */
export interface RollupDelta {
  readonly indicatorId: string;
  readonly unitId: string;
  readonly periodId: string;
  readonly year: number;
  readonly sum: number;
  readonly count: number;
  readonly submittedSum: number;
  readonly submittedCount: number;
}

/** The PostgreSQL element type an unnest() array of a column is cast to. */
export type ColumnType = 'text' | 'int' | 'float8';

/**
 * One multi-row upsert keyed on (indicator_id, unit_id, period_id): the table, its columns in
 * insertion order with their PostgreSQL types, and the SET list applied on a conflict.
 */
export interface UpsertShape<Row> {
  readonly table: 'observation_cell' | 'rollup_cell';
  readonly columns: { readonly [C in keyof Row & string]?: ColumnType };
  /** The SET list applied on a conflict; null for a plain INSERT of rows known to be new. */
  readonly set: string | null;
  /**
   * PostgreSQL only: the condition under which a conflict may overwrite the stored row. A row it
   * refuses counts as not written; on SQLite the caller's check in the same synchronous
   * transaction already rules such rows out.
   */
  readonly guardOnPostgres?: string;
}

// 17 columns × 500 rows stays far below SQLite's 32,766 bound variables.
const SQLITE_CHUNK = 500;
const POSTGRES_CHUNK = 50_000;

const ON_CONFLICT = 'ON CONFLICT (indicator_num, unit_num, period_id) DO UPDATE SET';

const columnNames = <Row>(shape: UpsertShape<Row>) =>
  Object.keys(shape.columns) as (keyof Row & string)[];

/**
 * Runs synchronous better-sqlite3 work while holding Kysely's connection, which serialises it
 * with every other query on the handle.
 */
export const runExclusive = <T>(database: LantuDatabase, work: () => T): Promise<T> =>
  database.db.connection().execute(() => Promise.resolve(work()));

/** Prepares a lookup of the given observation columns by key, one prepared statement per key. */
export function prepareSqliteFind<Found>(
  handle: SqliteDatabase.Database,
  columns: readonly (keyof Found & string)[],
): (keys: readonly ObservationRef[]) => CellMap<Found> {
  const selectOne = handle.prepare<[number, number, string], Found>(
    `SELECT ${columns.join(', ')} FROM observation_cell WHERE indicator_num = ? AND unit_num = ? AND period_id = ?`,
  );
  return (keys) => {
    const found = createCellMap<Found>();
    for (const k of keys) {
      const row = selectOne.get(k.indicatorNum, k.unitNum, k.periodId);
      if (row) found.set(k.indicatorNum, k.unitNum, k.periodId, row);
    }
    return found;
  };
}

/** Looks up the given observation columns by key through unnest(), optionally locking the rows found. */
export async function findPostgres<Found>(
  db: Kysely<Database>,
  columns: readonly (keyof Found & string)[],
  keys: readonly ObservationRef[],
  options: { readonly forUpdate: boolean },
): Promise<CellMap<Found>> {
  const found = createCellMap<Found>();
  const selected = sql.raw(columns.map((c) => `o.${c}`).join(', '));
  for (let start = 0; start < keys.length; start += POSTGRES_CHUNK) {
    const chunk = keys.slice(start, start + POSTGRES_CHUNK);
    const result = await sql<
      Record<string, unknown> & { indicator_num: number; unit_num: number; period_id: string }
    >`
      SELECT ${selected}, o.indicator_num, o.unit_num, o.period_id
      FROM observation_cell o
      JOIN unnest(${chunk.map((k) => k.indicatorNum)}::int[], ${chunk.map((k) => k.unitNum)}::int[], ${chunk.map((k) => k.periodId)}::text[]) AS k(i, u, p)
        ON o.indicator_num = k.i AND o.unit_num = k.u AND o.period_id = k.p
      ${options.forUpdate ? sql`FOR UPDATE OF o` : sql``}`.execute(db);
    for (const r of result.rows) {
      const entry: Record<string, unknown> = {};
      for (const c of columns) entry[c] = r[c];
      found.set(r.indicator_num, r.unit_num, r.period_id, entry as Found);
    }
  }
  return found;
}

/** Prepares an upsert of rows of the shape: multi-row statements cached per row count, 500 rows each. */
export function prepareSqliteUpsert<Row>(
  handle: SqliteDatabase.Database,
  shape: UpsertShape<Row>,
): (rows: readonly Row[]) => void {
  const names = columnNames(shape);
  const tuple = `(${names.map(() => '?').join(',')})`;
  const statements = new Map<number, SqliteDatabase.Statement<unknown[]>>();
  const upsertFor = (n: number) => {
    let statement = statements.get(n);
    if (!statement) {
      statement = handle.prepare<unknown[]>(
        `INSERT INTO ${shape.table} (${names.join(',')}) VALUES ${Array.from({ length: n }, () => tuple).join(',')}
         ${shape.set === null ? '' : `${ON_CONFLICT} ${shape.set}`}`,
      );
      statements.set(n, statement);
    }
    return statement;
  };
  return (rows) => {
    const params: unknown[] = [];
    for (let start = 0; start < rows.length; start += SQLITE_CHUNK) {
      const chunk = rows.slice(start, start + SQLITE_CHUNK);
      params.length = 0;
      for (const r of chunk) for (const c of names) params.push(r[c]);
      upsertFor(chunk.length).run(...params);
    }
  };
}

/** Upserts rows of the shape through unnest() arrays, 50,000 rows a statement; returns how many it wrote. */
async function upsertPostgres<Row>(
  db: Kysely<Database>,
  shape: UpsertShape<Row>,
  rows: readonly Row[],
): Promise<number> {
  const names = columnNames(shape);
  const guard = shape.guardOnPostgres ? sql.raw(` WHERE ${shape.guardOnPostgres}`) : sql``;
  let written = 0;
  for (let start = 0; start < rows.length; start += POSTGRES_CHUNK) {
    const chunk = rows.slice(start, start + POSTGRES_CHUNK);
    const arrays = names.map(
      (c) => sql`${chunk.map((r) => r[c])}::${sql.raw(shape.columns[c] ?? 'text')}[]`,
    );
    const result = await sql`INSERT INTO ${sql.raw(shape.table)} (${sql.raw(names.join(','))})
      SELECT * FROM unnest(${sql.join(arrays)})
      ${shape.set === null ? sql`` : sql`${sql.raw(ON_CONFLICT)} ${sql.raw(shape.set)}${guard}`}`.execute(
      db,
    );
    written += Number(result.numAffectedRows ?? 0n);
  }
  return written;
}

const KEY_COLUMNS = ['indicator_num', 'unit_num', 'period_id'] as const;

// One row's values at a time, as COPY sends them: no second array of every row.
function* tuplesOf<Row>(names: readonly (keyof Row & string)[], rows: readonly Row[]) {
  for (const r of rows) yield names.map((c) => r[c] as CopyValue);
}

/**
 * PostgreSQL: COPYs rows known to be new into the shape's table (its columns only; its SET
 * list is not used); returns how many it wrote. A row stored meanwhile under the same key
 * fails the statement with a unique violation (23505).
 */
export async function copyNewPostgres<Row>(
  client: pg.PoolClient,
  shape: UpsertShape<Row>,
  rows: readonly Row[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const names = columnNames(shape);
  return copyRowsPostgres(client, shape.table, names, tuplesOf(names, rows));
}

/**
 * PostgreSQL: updates stored rows from rows of the shape — COPY into a temporary table of the
 * shape's columns, then one UPDATE … FROM it with the shape's SET list and guard (the staged
 * row is `excluded`, as in an upsert); returns how many rows it updated. A key no longer
 * stored, or one the guard refuses, is not updated.
 */
export async function copyUpdatePostgres<Row>(
  client: pg.PoolClient,
  shape: UpsertShape<Row>,
  rows: readonly Row[],
): Promise<number> {
  if (rows.length === 0) return 0;
  if (shape.set === null) throw new Error(`no SET list to update ${shape.table} with`);
  const names = columnNames(shape);
  const stage = `${shape.table}_stage`;
  // The table's own column types, no constraints: what COPY parses is what the table holds.
  await client.query(
    `CREATE TEMP TABLE ${stage} ON COMMIT DROP AS SELECT ${names.join(', ')} FROM ${shape.table} WITH NO DATA`,
  );
  await copyRowsPostgres(client, stage, names, tuplesOf(names, rows));
  const joined = KEY_COLUMNS.map((c) => `${shape.table}.${c} = excluded.${c}`).join(' AND ');
  const guard = shape.guardOnPostgres ? ` AND ${shape.guardOnPostgres}` : '';
  const result = await client.query(
    `UPDATE ${shape.table} SET ${shape.set} FROM ${stage} AS excluded WHERE ${joined}${guard}`,
  );
  // Dropped now, not at commit: a transaction may write several batches (an upload's parts).
  await client.query(`DROP TABLE ${stage}`);
  return result.rowCount ?? 0;
}

const rollupShape: UpsertShape<RollupCellTable> = {
  table: 'rollup_cell',
  columns: {
    indicator_num: 'int',
    unit_num: 'int',
    period_id: 'text',
    year: 'int',
    descendants_sum: 'float8',
    descendants_count: 'int',
    submitted_sum: 'float8',
    submitted_count: 'int',
  },
  set: `descendants_sum = rollup_cell.descendants_sum + excluded.descendants_sum,
    descendants_count = rollup_cell.descendants_count + excluded.descendants_count,
    submitted_sum = rollup_cell.submitted_sum + excluded.submitted_sum,
    submitted_count = rollup_cell.submitted_count + excluded.submitted_count`,
};

/** Roll-up deltas as rows of `rollup_cell`, each column holding what to add. */
export const toRollupRows = (
  deltas: Iterable<RollupDelta>,
  numbers: KeyNumbers,
): RollupCellTable[] =>
  Array.from(deltas, (d) => ({
    indicator_num: numbers.indicator(d.indicatorId),
    unit_num: numbers.unit(d.unitId),
    period_id: d.periodId,
    year: d.year,
    descendants_sum: d.sum,
    descendants_count: d.count,
    submitted_sum: d.submittedSum,
    submitted_count: d.submittedCount,
  }));

/** Prepares the addition of roll-up deltas to `rollup_cell` on SQLite. */
export function prepareSqliteApplyRollupDeltas(
  handle: SqliteDatabase.Database,
): (deltas: Iterable<RollupDelta>, numbers: KeyNumbers) => void {
  const upsert = prepareSqliteUpsert(handle, rollupShape);
  return (deltas, numbers) => upsert(toRollupRows(deltas, numbers));
}

/** Adds roll-up deltas to `rollup_cell` on PostgreSQL. */
export async function applyRollupDeltasPostgres(
  db: Kysely<Database>,
  deltas: Iterable<RollupDelta>,
  numbers: KeyNumbers,
): Promise<void> {
  await upsertPostgres(db, rollupShape, toRollupRows(deltas, numbers));
}
