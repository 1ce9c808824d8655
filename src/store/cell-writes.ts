/**
 * Writing narrow cells (migration 0031). A write's rows share a few stamps — who, when, from
 * what source — kept once each in `observation_change`; each row names its stamp by
 * `change_num`. On SQLite what a group of rows shares (state, change, version) is written as a
 * constant of the statement and only what differs from row to row is bound: binding, not the
 * B-tree, is most of the engine's cost per row, so five bound values a row instead of eight
 * (docs/decisions/0010-narrow-cells.md).
 */
import type SqliteDatabase from 'better-sqlite3';
import type { ChangeStamp } from './observation-store.ts';

/** The distinct stamps of a write, and by row the index of its stamp among them. */
function distinctStamps(rows: readonly ChangeStamp[]): {
  readonly stamps: readonly ChangeStamp[];
  readonly stampOf: Uint32Array;
} {
  const stamps: ChangeStamp[] = [];
  const stampOf = new Uint32Array(rows.length);
  const seen = new Map<string, number>();
  let last: ChangeStamp | undefined;
  let lastIndex = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    // A batch shares one stamp but for a few rows: compare with the last before keying a string.
    if (
      last === undefined ||
      r.updated_at !== last.updated_at ||
      r.updated_by !== last.updated_by ||
      r.source !== last.source ||
      r.source_ref !== last.source_ref
    ) {
      const key = `${r.updated_at}\u0000${r.updated_by}\u0000${r.source}\u0000${r.source_ref}`;
      let index = seen.get(key);
      if (index === undefined) {
        index = stamps.length;
        seen.set(key, index);
        stamps.push({
          updated_at: r.updated_at,
          updated_by: r.updated_by,
          source: r.source,
          source_ref: r.source_ref,
        });
      }
      last = r;
      lastIndex = index;
    }
    stampOf[i] = lastIndex;
  }
  return { stamps, stampOf };
}

/** Gives each row the change number of its stamp, recording each distinct stamp once. */
export function assignChanges(
  rows: readonly (ChangeStamp & { change_num?: number })[],
  record: (stamp: ChangeStamp) => number,
): void {
  const { stamps, stampOf } = distinctStamps(rows);
  const nums = stamps.map(record);
  for (let i = 0; i < rows.length; i++) rows[i]!.change_num = nums[stampOf[i]!]!;
}

/** {@link assignChanges} with a recorder that answers asynchronously (PostgreSQL). */
export async function assignChangesAsync(
  rows: readonly (ChangeStamp & { change_num?: number })[],
  record: (stamp: ChangeStamp) => Promise<number>,
): Promise<void> {
  const { stamps, stampOf } = distinctStamps(rows);
  const nums: number[] = [];
  for (const stamp of stamps) nums.push(await record(stamp));
  for (let i = 0; i < rows.length; i++) rows[i]!.change_num = nums[stampOf[i]!]!;
}

/** SQLite: records a stamp as a new change row and returns its number. */
export function prepareSqliteRecordChange(
  handle: SqliteDatabase.Database,
): (stamp: ChangeStamp) => number {
  const insert = handle.prepare<[string, string, string, string]>(
    `INSERT INTO observation_change (updated_at, updated_by, source, source_ref) VALUES (?, ?, ?, ?)`,
  );
  return (s) =>
    Number(insert.run(s.updated_at, s.updated_by, s.source, s.source_ref).lastInsertRowid);
}

/** A cell as the narrow writes bind it; state and change come from its group. */
export interface BoundCell {
  readonly indicator_num: number;
  readonly unit_num: number;
  readonly period_id: string;
  readonly value: number;
  readonly comment: string;
  readonly state: string;
  readonly change_num?: number;
}

// 5 bound values × 500 rows, and SQLite's VALUES-as-subquery stays within its compound limit.
const ROWS_PER_STATEMENT = 500;

/** What every narrow write's SELECT takes from its VALUES rows, then the group's constants. */
const selectBound = `SELECT column1, column2, column3, column4, column5, ?, ?`;

/**
 * A new cell's columns; a cell written again keeps its key, takes the new value, comment, state
 * and change, moves one version on and leaves review (its reason and submission) behind.
 */
const insertInto = `INSERT INTO observation_cell
  (indicator_num, unit_num, period_id, value, comment, state, change_num, version)`;
const onConflictReplace = `ON CONFLICT (indicator_num, unit_num, period_id) DO UPDATE SET
  value = excluded.value, comment = excluded.comment, state = excluded.state,
  change_num = excluded.change_num, version = observation_cell.version + 1,
  review_reason = '', submitted_at = NULL, submitted_on = NULL, submitted_by = NULL`;

/**
 * Prepares the two narrow writes on SQLite: `insert` for rows known to be new (version 1), and
 * `replace` for rows that may overwrite a stored cell, clearing its review columns. Each writes
 * its rows in groups of equal state and change, in the order given within each group.
 */
export function prepareSqliteCellWrites(handle: SqliteDatabase.Database): {
  insert(rows: readonly BoundCell[]): void;
  replace(rows: readonly BoundCell[]): void;
} {
  const statements = new Map<string, SqliteDatabase.Statement<unknown[]>>();
  const statementFor = (replace: boolean, n: number) => {
    const name = `${replace ? 'r' : 'i'}${n}`;
    let statement = statements.get(name);
    if (!statement) {
      const values = Array.from({ length: n }, () => '(?,?,?,?,?)').join(',');
      statement = handle.prepare<unknown[]>(
        `${insertInto} ${selectBound}, 1 FROM (VALUES ${values})${replace ? ` WHERE true ${onConflictReplace}` : ''}`,
      );
      statements.set(name, statement);
    }
    return statement;
  };
  const write = (replace: boolean) => (rows: readonly BoundCell[]) => {
    for (const group of groupsOf(rows)) {
      const { state, change_num } = group[0]!;
      const params: unknown[] = [];
      for (let start = 0; start < group.length; start += ROWS_PER_STATEMENT) {
        const end = Math.min(start + ROWS_PER_STATEMENT, group.length);
        params.length = 0;
        params.push(state, change_num);
        for (let i = start; i < end; i++) {
          const r = group[i]!;
          params.push(r.indicator_num, r.unit_num, r.period_id, r.value, r.comment);
        }
        statementFor(replace, end - start).run(...params);
      }
    }
  };
  return { insert: write(false), replace: write(true) };
}

/** Rows split by (state, change), each group in the rows' order; one group when all agree. */
function groupsOf(rows: readonly BoundCell[]): (readonly BoundCell[])[] {
  if (rows.length === 0) return [];
  const first = rows[0]!;
  if (rows.every((r) => r.state === first.state && r.change_num === first.change_num))
    return [rows];
  const groups = new Map<string, BoundCell[]>();
  for (const r of rows) {
    const key = `${r.state}\u0000${r.change_num}`;
    const group = groups.get(key);
    if (group) group.push(r);
    else groups.set(key, [r]);
  }
  return [...groups.values()];
}
