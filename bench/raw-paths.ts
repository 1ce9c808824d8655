/**
 * The raw engines' best bulk paths, the yardsticks the service layer is measured against:
 * better-sqlite3 prepared multi-row INSERTs in one transaction, and PostgreSQL's
 * COPY FROM STDIN spoken over the `pg` client's own connection (no pg-copy-streams).
 */
import type { Writable } from 'node:stream';
import type SqliteDatabase from 'better-sqlite3';
import type pg from 'pg';
import type { ObservationRow } from '../src/store/observation-store.ts';

/** The observation table's columns in the order every raw path writes them. */
export const observationColumns = [
  'id',
  'indicator_id',
  'unit_id',
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
] as const satisfies readonly (keyof ObservationRow)[];

/** Rows per multi-row statement: 13 × 500 parameters stays far below SQLite's 32,766. */
export const SQLITE_ROWS_PER_STATEMENT = 500;

const UPSERT_TAIL = ` ON CONFLICT (indicator_id, unit_id, period_id) DO UPDATE SET value = excluded.value,
  source = excluded.source, source_ref = excluded.source_ref, state = excluded.state,
  version = observation.version + 1, updated_at = excluded.updated_at, updated_by = excluded.updated_by`;

/**
 * Writes rows with prepared multi-row INSERTs (or upserts) of 500 rows in one transaction.
 * The caller passes rows already resolved to ids: this is the engine's rate, nothing more.
 */
export function insertRowsSqlite(
  handle: SqliteDatabase.Database,
  rows: Iterable<ObservationRow>,
  options: { upsert?: boolean } = {},
): number {
  const statements = new Map<number, SqliteDatabase.Statement<unknown[]>>();
  const statementFor = (n: number) => {
    let statement = statements.get(n);
    if (!statement) {
      const tuple = `(${observationColumns.map(() => '?').join(',')})`;
      statement = handle.prepare<unknown[]>(
        `INSERT INTO observation (${observationColumns.join(',')}) VALUES ${Array.from({ length: n }, () => tuple).join(',')}${options.upsert ? UPSERT_TAIL : ''}`,
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
        r.id,
        r.indicator_id,
        r.unit_id,
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
  rows: Iterable<ObservationRow>,
): number {
  const update = handle.prepare(
    `UPDATE observation SET value = ?, source = ?, source_ref = ?, state = ?, version = version + 1,
     updated_at = ?, updated_by = ? WHERE indicator_id = ? AND unit_id = ? AND period_id = ?`,
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
        r.indicator_id,
        r.unit_id,
        r.period_id,
      ).changes;
    }
  })();
  return written;
}

// ---------------------------------------------------------------------------------------
// PostgreSQL COPY FROM STDIN with the plain `pg` client

/** The parts of pg's internal Connection that the COPY sub-protocol needs. */
interface CopyConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  sendCopyFail(message: string): void;
  readonly stream: Writable;
}

/** COPY's text format: tab-separated, \N for null, backslash escapes for the four specials. */
type CopyValue = string | number | boolean | null | undefined;

function encodeCopyValue(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N';
  const text = typeof value === 'string' ? value : String(value);
  return /[\\\t\n\r]/.test(text)
    ? text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
    : text;
}

/**
 * A pg "submittable" (the interface pg's own Query and pg-cursor implement): sends the COPY
 * statement, answers CopyInResponse with CopyData messages of about 64 KB, honouring the
 * socket's back-pressure, then CopyDone; resolves with the row count of "COPY n".
 */
class CopyFromStdin {
  private rowCount = 0;
  private error: Error | null = null;
  readonly done: Promise<number>;
  private settle!: { resolve: (n: number) => void; reject: (e: Error) => void };

  constructor(
    private readonly text: string,
    private readonly lines: Iterable<string>,
  ) {
    this.done = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
  }

  submit(connection: CopyConnection) {
    connection.query(this.text);
  }

  handleCopyInResponse(connection: CopyConnection) {
    void this.pump(connection);
  }

  private async pump(connection: CopyConnection) {
    try {
      let buffer = '';
      for (const line of this.lines) {
        buffer += line;
        if (buffer.length >= 65_536) {
          connection.sendCopyFromChunk(Buffer.from(buffer, 'utf8'));
          buffer = '';
          // The connection's _send returns the socket's write() result; wait when it is full.
          if (connection.stream.writableNeedDrain)
            await new Promise((resolve) => connection.stream.once('drain', resolve));
        }
      }
      if (buffer) connection.sendCopyFromChunk(Buffer.from(buffer, 'utf8'));
      connection.endCopyFrom();
    } catch (error) {
      connection.sendCopyFail(error instanceof Error ? error.message : String(error));
    }
  }

  handleCommandComplete(message: { text: string }) {
    const match = /^COPY (\d+)/.exec(message.text);
    this.rowCount = match ? Number(match[1]) : 0;
  }

  handleError(error: Error) {
    this.error = error;
    this.settle.reject(error);
  }

  handleReadyForQuery() {
    if (!this.error) this.settle.resolve(this.rowCount);
  }

  // Messages COPY FROM never produces; pg calls them only for row-returning statements.
  handleRowDescription() {}
  handleDataRow() {}
  handleEmptyQuery() {}
  handlePortalSuspended() {}
  handleCopyData() {}
}

/** Streams `rows` into `table` with COPY FROM STDIN (text format); resolves with the rows copied. */
export async function copyRowsPostgres(
  client: pg.PoolClient | pg.Client,
  table: string,
  columns: readonly string[],
  rows: Iterable<readonly CopyValue[]>,
): Promise<number> {
  function* lines() {
    for (const row of rows) yield `${row.map(encodeCopyValue).join('\t')}\n`;
  }
  const copy = new CopyFromStdin(`COPY ${table} (${columns.join(',')}) FROM STDIN`, lines());
  // pg accepts any object with submit(); its typings only know Query configs.
  void (client.query as unknown as (q: CopyFromStdin) => unknown)(copy);
  return copy.done;
}

/** An observation row as COPY's column list expects it. */
export const observationTuple = (r: ObservationRow): CopyValue[] => [
  r.id,
  r.indicator_id,
  r.unit_id,
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
];
