/**
 * The raw engines' best bulk paths, the yardsticks the service layer is measured against:
 * better-sqlite3 prepared multi-row INSERTs in one transaction, and PostgreSQL's
 * COPY FROM STDIN (src/store/pg-copy.ts).
 */
import type SqliteDatabase from 'better-sqlite3';
import type pg from 'pg';
import type { ObservationRow } from '../src/store/observation-store.ts';
import { copyRowsPostgres, type CopyValue } from '../src/store/pg-copy.ts';

/**
 * An observation row as the service stores it: the view's columns and the comment (the bench's
 * inputs carry one, as a reporter's explanation would), so the raw paths write what it writes.
 */
export type StoredRow = ObservationRow & { comment: string };

/** The stored observation's columns (observation_cell, migration 0030) in the order every raw path writes them. */
export const observationColumns = [
  'indicator_num',
  'unit_num',
  'period_id',
  'period_type',
  'year',
  'value',
  'source',
  'source_ref',
  'state',
  'version',
  'updated_at',
  'updated_by',
  'comment',
] as const satisfies readonly (keyof StoredRow)[];

/** Rows per multi-row statement: 13 × 500 parameters stays far below SQLite's 32,766. */
export const SQLITE_ROWS_PER_STATEMENT = 500;

const UPSERT_TAIL = ` ON CONFLICT (indicator_num, unit_num, period_id) DO UPDATE SET value = excluded.value,
  source = excluded.source, source_ref = excluded.source_ref, state = excluded.state,
  version = observation_cell.version + 1, updated_at = excluded.updated_at, updated_by = excluded.updated_by,
  comment = excluded.comment`;

/**
 * Writes rows with prepared multi-row INSERTs (or upserts) of 500 rows in one transaction.
 * The caller passes rows already resolved to ids: this is the engine's rate, nothing more.
 */
export function insertRowsSqlite(
  handle: SqliteDatabase.Database,
  rows: Iterable<StoredRow>,
  options: { upsert?: boolean } = {},
): number {
  const statements = new Map<number, SqliteDatabase.Statement<unknown[]>>();
  const statementFor = (n: number) => {
    let statement = statements.get(n);
    if (!statement) {
      const tuple = `(${observationColumns.map(() => '?').join(',')})`;
      statement = handle.prepare<unknown[]>(
        `INSERT INTO observation_cell (${observationColumns.join(',')}) VALUES ${Array.from({ length: n }, () => tuple).join(',')}${options.upsert ? UPSERT_TAIL : ''}`,
      );
      statements.set(n, statement);
    }
    return statement;
  };
  let written = 0;
  handle.transaction(() => {
    const params: unknown[] = [];
    let inChunk = 0;
    const flush = () => {
      if (inChunk === 0) return;
      statementFor(inChunk).run(...params);
      written += inChunk;
      params.length = 0;
      inChunk = 0;
    };
    for (const r of rows) {
      params.push(
        r.indicator_num,
        r.unit_num,
        r.period_id,
        r.period_type,
        r.year,
        r.value,
        r.source,
        r.source_ref,
        r.state,
        r.version,
        r.updated_at,
        r.updated_by,
        r.comment,
      );
      if (++inChunk === SQLITE_ROWS_PER_STATEMENT) flush();
    }
    flush();
  })();
  return written;
}

/** Updates rows by key with one prepared single-row UPDATE each, in one transaction. */
export function updateRowsSqlite(
  handle: SqliteDatabase.Database,
  rows: Iterable<StoredRow>,
): number {
  const update = handle.prepare(
    `UPDATE observation_cell SET value = ?, source = ?, source_ref = ?, state = ?, version = version + 1,
     updated_at = ?, updated_by = ?, comment = ? WHERE indicator_num = ? AND unit_num = ? AND period_id = ?`,
  );
  let written = 0;
  handle.transaction(() => {
    for (const r of rows) {
      written += update.run(
        r.value,
        r.source,
        r.source_ref,
        r.state,
        r.updated_at,
        r.updated_by,
        r.comment,
        r.indicator_num,
        r.unit_num,
        r.period_id,
      ).changes;
    }
  })();
  return written;
}

/** An observation row as COPY's column list expects it. */
export const observationTuple = (r: StoredRow): CopyValue[] => [
  r.indicator_num,
  r.unit_num,
  r.period_id,
  r.period_type,
  r.year,
  r.value,
  r.source,
  r.source_ref,
  r.state,
  r.version,
  r.updated_at,
  r.updated_by,
  r.comment,
];

// ---------------------------------------------------------------------------------------
// The minimal keyed table: the engine's limit for observations keyed (indicator, unit, period)

/** A table with nothing but the key and the value, the shape no schema of this data can beat. */
export const MINIMAL_KEYED_TABLE = 'bench_minimal_observation';
const minimalColumns = ['indicator', 'unit', 'period', 'value'] as const;

/** A row of the minimal keyed table: integer indicator and unit, the period's id, the value. */
export type MinimalKeyedRow = readonly [
  indicator: number,
  unit: number,
  period: string,
  value: number,
];

/** Integer numbers for text ids, 1, 2, … in order of first sight; one per database. */
export interface KeyNumbering {
  readonly indicators: Map<string, number>;
  readonly units: Map<string, number>;
}

export const createKeyNumbering = (): KeyNumbering => ({ indicators: new Map(), units: new Map() });

/**
 * Numbers the rows' indicator and unit ids as an integer-keyed database would hold them;
 * done before timing, as resolving codes is for the raw path. Batches written to the same
 * table share one numbering, so the same (indicator, unit, period) gets the same key.
 */
export function toMinimalKeyedRows(
  rows: readonly StoredRow[],
  numbering: KeyNumbering = createKeyNumbering(),
): MinimalKeyedRow[] {
  const number = (map: Map<string, number>, id: string) => {
    let n = map.get(id);
    if (n === undefined) map.set(id, (n = map.size + 1));
    return n;
  };
  return rows.map((r) => [
    number(numbering.indicators, r.indicator_id),
    number(numbering.units, r.unit_id),
    r.period_id,
    r.value,
  ]);
}

const minimalTableSql = (engine: 'sqlite' | 'postgres') =>
  `CREATE TABLE ${MINIMAL_KEYED_TABLE} (indicator integer NOT NULL, unit integer NOT NULL,
   period text NOT NULL, value ${engine === 'sqlite' ? 'real' : 'float8'} NOT NULL,
   PRIMARY KEY (indicator, unit, period))${engine === 'sqlite' ? ' WITHOUT ROWID' : ''}`;

/** (Re)creates the minimal keyed table, empty. */
export function createMinimalKeyedTableSqlite(handle: SqliteDatabase.Database): void {
  handle.exec(`DROP TABLE IF EXISTS ${MINIMAL_KEYED_TABLE}`);
  handle.exec(minimalTableSql('sqlite'));
}

/**
 * Writes rows into the minimal keyed table the way `insertRowsSqlite` writes observations:
 * prepared 500-row INSERTs (or upserts of the value) in one transaction.
 */
export function insertMinimalKeyedSqlite(
  handle: SqliteDatabase.Database,
  rows: readonly MinimalKeyedRow[],
  options: { upsert?: boolean } = {},
): number {
  const statements = new Map<number, SqliteDatabase.Statement<unknown[]>>();
  const statementFor = (n: number) => {
    let statement = statements.get(n);
    if (!statement) {
      statement = handle.prepare<unknown[]>(
        `INSERT INTO ${MINIMAL_KEYED_TABLE} (${minimalColumns.join(',')}) VALUES ${Array.from({ length: n }, () => '(?,?,?,?)').join(',')}${options.upsert ? ' ON CONFLICT (indicator, unit, period) DO UPDATE SET value = excluded.value' : ''}`,
      );
      statements.set(n, statement);
    }
    return statement;
  };
  let written = 0;
  handle.transaction(() => {
    for (let start = 0; start < rows.length; start += SQLITE_ROWS_PER_STATEMENT) {
      const chunk = rows.slice(start, start + SQLITE_ROWS_PER_STATEMENT);
      statementFor(chunk.length).run(...chunk.flat());
      written += chunk.length;
    }
  })();
  return written;
}

/** (Re)creates the minimal keyed table, empty, on PostgreSQL (a plain table with that key). */
export async function createMinimalKeyedTablePostgres(
  client: pg.PoolClient | pg.Client,
): Promise<void> {
  await client.query(`DROP TABLE IF EXISTS ${MINIMAL_KEYED_TABLE}`);
  await client.query(minimalTableSql('postgres'));
}

/** COPY FROM STDIN into the minimal keyed table in one transaction, as the raw path does. */
export async function copyMinimalKeyedPostgres(
  client: pg.PoolClient | pg.Client,
  rows: readonly MinimalKeyedRow[],
): Promise<number> {
  await client.query('BEGIN');
  const copied = await copyRowsPostgres(client, MINIMAL_KEYED_TABLE, minimalColumns, rows);
  await client.query('COMMIT');
  if (copied !== rows.length) throw new Error(`COPY wrote ${copied} of ${rows.length}`);
  return copied;
}
