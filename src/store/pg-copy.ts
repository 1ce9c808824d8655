/**
 * PostgreSQL's COPY FROM STDIN spoken over the `pg` client's own connection (no
 * pg-copy-streams): the engine's fastest way in for many rows, used by the collection
 * store's writes and by the bench's raw path. Text format, one submittable query.
 */
import type { Writable } from 'node:stream';
import type pg from 'pg';

/** The parts of pg's internal Connection that the COPY sub-protocol needs. */
interface CopyConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  sendCopyFail(message: string): void;
  readonly stream: Writable;
}

/** A value COPY's text format can carry; null and undefined are SQL NULL. */
export type CopyValue = string | number | boolean | null | undefined;

/** COPY's text format: tab-separated, \N for null, backslash escapes for the four specials. */
function encodeCopyValue(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N';
  // A number's text holds none of the four specials.
  if (typeof value === 'number') return String(value);
  const text = typeof value === 'string' ? value : String(value);
  return /[\\\t\n\r]/.test(text)
    ? text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
    : text;
}

// CopyData messages of about 64 KB: large enough to keep the socket busy, small enough to
// honour its back-pressure.
const CHUNK_CHARS = 65_536;

/**
 * A pg "submittable" (the interface pg's own Query and pg-cursor implement): sends the COPY
 * statement, answers CopyInResponse with CopyData messages, waiting whenever the socket is
 * full, then CopyDone; resolves with the row count of "COPY n". When producing the lines
 * throws, it sends CopyFail, so the statement fails and the server keeps nothing of it.
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
        if (buffer.length >= CHUNK_CHARS) {
          // The server refused the data already: what follows would be dropped anyway.
          if (this.error) return;
          connection.sendCopyFromChunk(Buffer.from(buffer, 'utf8'));
          buffer = '';
          // The connection's _send returns the socket's write() result; wait when it is full.
          if (connection.stream.writableNeedDrain)
            await new Promise((resolve) => connection.stream.once('drain', resolve));
        }
      }
      if (this.error) return;
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

/**
 * Streams `rows` into `table` with COPY FROM STDIN (text format); resolves with the rows
 * copied, rejects with the server's error (a bad value, a unique violation) or with the
 * error producing the rows threw. Inside a transaction a failure aborts it, as any failed
 * statement does; outside one the statement keeps nothing.
 */
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
