/**
 * The raw engines' best bulk paths, the yardsticks the service layer is measured against:
 * better-sqlite3 prepared multi-row INSERTs in one transaction, and PostgreSQL's
 * COPY FROM STDIN (src/store/pg-copy.ts).
 */
import type SqliteDatabase from 'better-sqlite3';
import type pg from 'pg';
import type { WrittenSeries } from '../src/core/batch-audit.ts';
import type { ObservationInput } from '../src/core/observation.ts';
import { isPeriodId } from '../src/core/period.ts';
import type { ObservationRow } from '../src/store/observation-store.ts';
import { copyRowsPostgres, type CopyValue } from '../src/store/pg-copy.ts';

/**
 * An observation row as the service receives it resolved: the view's columns and the comment
 * (the bench's inputs carry one, as a reporter's explanation would). Stored, its stamp (who,
 * when, source) goes once into `observation_change` and the cell names it (migration 0031), so
 * the raw paths write what the service writes: one change row, then the narrow cells.
 */
export type StoredRow = ObservationRow & { comment: string };

/** The stored cell's columns (observation_cell, migration 0031) in the order every raw path writes them. */
export const observationColumns = [
  'indicator_num',
  'unit_num',
  'period_id',
  'value',
  'comment',
  'state',
  'change_num',
  'version',
] as const;

/** Rows per multi-row statement, as the service's own writes (store/cell-writes.ts). */
export const SQLITE_ROWS_PER_STATEMENT = 500;

/** The one stamp a bench batch carries (resolveStoredRows gives all rows the same). */
function stampOf(rows: readonly StoredRow[]) {
  const first = rows[0];
  if (!first) return null;
  for (const r of rows)
    if (
      r.updated_at !== first.updated_at ||
      r.updated_by !== first.updated_by ||
      r.source !== first.source ||
      r.source_ref !== first.source_ref ||
      r.state !== first.state
    )
      throw new Error('the raw paths write batches of one stamp and one state');
  return first;
}

const RECORD_CHANGE = `INSERT INTO observation_change (updated_at, updated_by, source, source_ref) VALUES`;

/** SQLite: the batch's change row, returning its number. */
function recordChangeSqlite(handle: SqliteDatabase.Database, r: StoredRow): number {
  return Number(
    handle
      .prepare(`${RECORD_CHANGE} (?, ?, ?, ?)`)
      .run(r.updated_at, r.updated_by, r.source, r.source_ref).lastInsertRowid,
  );
}

const UPSERT_TAIL = ` WHERE true ON CONFLICT (indicator_num, unit_num, period_id) DO UPDATE SET
  value = excluded.value, comment = excluded.comment, state = excluded.state,
  change_num = excluded.change_num, version = observation_cell.version + 1,
  review_reason = '', submitted_at = NULL, submitted_on = NULL, submitted_by = NULL`;

/**
 * Writes rows with prepared 500-row INSERTs (or upserts) in one transaction, after the batch's
 * change row. What the rows share — state, change, version — is a constant of the statement
 * and the five values that differ are bound a row: the fastest way into this table.
 */
export function insertRowsSqlite(
  handle: SqliteDatabase.Database,
  rows: readonly StoredRow[],
  options: { upsert?: boolean } = {},
): number {
  const stamp = stampOf(rows);
  if (!stamp) return 0;
  const statements = new Map<number, SqliteDatabase.Statement<unknown[]>>();
  const statementFor = (n: number) => {
    let statement = statements.get(n);
    if (!statement) {
      statement = handle.prepare<unknown[]>(
        `INSERT INTO observation_cell (${observationColumns.join(',')})
         SELECT column1, column2, column3, column4, column5, ?, ?, 1
         FROM (VALUES ${Array.from({ length: n }, () => '(?,?,?,?,?)').join(',')})${options.upsert ? UPSERT_TAIL : ''}`,
      );
      statements.set(n, statement);
    }
    return statement;
  };
  let written = 0;
  handle.transaction(() => {
    const change = recordChangeSqlite(handle, stamp);
    const params: unknown[] = [];
    for (let start = 0; start < rows.length; start += SQLITE_ROWS_PER_STATEMENT) {
      const end = Math.min(start + SQLITE_ROWS_PER_STATEMENT, rows.length);
      params.length = 0;
      params.push(stamp.state, change);
      for (let i = start; i < end; i++) {
        const r = rows[i]!;
        params.push(r.indicator_num, r.unit_num, r.period_id, r.value, r.comment);
      }
      statementFor(end - start).run(...params);
      written += end - start;
    }
  })();
  return written;
}

/** Updates rows by key with one prepared single-row UPDATE each, in one transaction. */
export function updateRowsSqlite(
  handle: SqliteDatabase.Database,
  rows: readonly StoredRow[],
): number {
  const stamp = stampOf(rows);
  if (!stamp) return 0;
  const update = handle.prepare(
    `UPDATE observation_cell SET value = ?, comment = ?, state = ?, change_num = ?,
     version = version + 1, review_reason = '', submitted_at = NULL, submitted_on = NULL,
     submitted_by = NULL WHERE indicator_num = ? AND unit_num = ? AND period_id = ?`,
  );
  let written = 0;
  handle.transaction(() => {
    const change = recordChangeSqlite(handle, stamp);
    for (const r of rows)
      written += update.run(
        r.value,
        r.comment,
        stamp.state,
        change,
        r.indicator_num,
        r.unit_num,
        r.period_id,
      ).changes;
  })();
  return written;
}

/**
 * Reads what is stored under the rows' keys — value, comment, state, version — the way the
 * service's check does (one range of the key per indicator and unit set, rows as arrays):
 * the least any write must read that refuses approved values and audits what it overwrites.
 */
export function readStoredSqlite(
  handle: SqliteDatabase.Database,
  rows: readonly StoredRow[],
): number {
  const indicators = [...new Set(rows.map((r) => r.indicator_num))];
  const units = [...new Set(rows.map((r) => r.unit_num))];
  let from = rows[0]?.period_id ?? '';
  let to = from;
  for (const r of rows) {
    if (r.period_id < from) from = r.period_id;
    if (r.period_id > to) to = r.period_id;
  }
  const marks = (n: number) => Array.from({ length: n }, () => '?').join(',');
  let read = 0;
  handle.transaction(() => {
    for (let start = 0; start < units.length; start += 500) {
      const chunk = units.slice(start, start + 500);
      read += handle
        .prepare<unknown[], unknown[]>(
          `SELECT indicator_num, unit_num, period_id, value, comment, state, version
           FROM observation_cell WHERE indicator_num IN (${marks(indicators.length)})
           AND unit_num IN (${marks(chunk.length)}) AND period_id >= ? AND period_id <= ?`,
        )
        .raw(true)
        .all(...indicators, ...chunk, from, to).length;
    }
  })();
  return read;
}

// ---------------------------------------------------------------------------------------
// PostgreSQL: COPY FROM STDIN (src/store/pg-copy.ts) under the batch's change row

/** PostgreSQL: the batch's change row, returning its number. */
export async function recordChangePostgres(
  client: pg.PoolClient | pg.Client,
  rows: readonly StoredRow[],
): Promise<number> {
  const stamp = stampOf(rows);
  if (!stamp) return 0;
  const { rows: made } = await client.query<{ change_num: number }>(
    `${RECORD_CHANGE} ($1, $2, $3, $4) RETURNING change_num`,
    [stamp.updated_at, stamp.updated_by, stamp.source, stamp.source_ref],
  );
  return made[0]!.change_num;
}

/** The columns COPY sends: a new cell's version is the column's default, 1. */
export const copyColumns = observationColumns.filter((c) => c !== 'version');

/** An observation row as COPY's column list expects it, under the batch's change. */
export const observationTuple =
  (change: number) =>
  (r: StoredRow): CopyValue[] => [
    r.indicator_num,
    r.unit_num,
    r.period_id,
    r.value,
    r.comment,
    r.state,
    change,
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

// ---------------------------------------------------------------------------------------
// The least a checked insert adds to the raw path

/** The registry's integer keys by public code, as a service holds them. */
export interface CodeKeys {
  readonly indicators: ReadonlyMap<string, number>;
  readonly units: ReadonlyMap<string, number>;
}

/**
 * What no service insert of these inputs can leave out, besides the raw write itself: read each
 * row's public codes into the integer keys (§6: public codes at the edges), see that its value
 * is a finite number, its period an id and its key not named twice, and list what is written,
 * by series, as the audit entry's text (core/batch-audit.ts; nothing is written without a trace).
 * No entry rule, scope, lock or roll-up: a floor, not a service. Returns the rows it accepted and
 * the audit text, which the caller stores as the service would (`storeAuditText…`).
 */
export function resolveAndListForAudit(
  inputs: readonly ObservationInput[],
  keys: CodeKeys,
): { readonly accepted: number; readonly auditText: string } {
  const periodIds = new Map<string, number>();
  const seen = new Map<number, Set<number>>();
  const series = new Map<number, WrittenSeries>();
  const listed: WrittenSeries[] = [];
  let accepted = 0;
  for (const input of inputs) {
    const indicator = keys.indicators.get(input.indicatorCode);
    const unit = keys.units.get(input.unitCode);
    let period = periodIds.get(input.periodId);
    if (period === undefined && isPeriodId(input.periodId))
      periodIds.set(input.periodId, (period = periodIds.size));
    if (indicator === undefined || unit === undefined || period === undefined) continue;
    if (typeof input.value !== 'number' || !Number.isFinite(input.value)) continue;
    // Integer keys below 2^20 units and periods: one number a cell, no string built.
    const seriesKey = indicator * 1_048_576 + unit;
    let periods = seen.get(seriesKey);
    if (!periods) seen.set(seriesKey, (periods = new Set<number>()));
    if (periods.has(period)) continue;
    periods.add(period);
    let written = series.get(seriesKey);
    if (!written) {
      written = {
        indicator: input.indicatorCode,
        unit: input.unitCode,
        periods: [],
        values: [],
        comments: [],
      };
      series.set(seriesKey, written);
      listed.push(written);
    }
    written.periods.push(input.periodId);
    written.values.push(input.value);
    written.comments.push(input.comment ?? '');
    accepted++;
  }
  return { accepted, auditText: JSON.stringify(listed) };
}

const AUDIT_INSERT = `INSERT INTO audit_log (at, actor, action, entity, entity_id, old_value, new_value, reason, request_id)`;
const auditRow = (text: string) => [
  new Date().toISOString(),
  'bench',
  'observation.batch',
  'observation',
  'bench',
  null,
  text,
  'bench',
  '',
];

/** SQLite: the audit entry's row, as the service's one entry a batch. */
export function storeAuditTextSqlite(handle: SqliteDatabase.Database, text: string): void {
  handle.prepare(`${AUDIT_INSERT} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(...auditRow(text));
}

/** PostgreSQL: the same. */
export async function storeAuditTextPostgres(
  client: pg.PoolClient | pg.Client,
  text: string,
): Promise<void> {
  await client.query(`${AUDIT_INSERT} VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, auditRow(text));
}
