/**
 * Kysely's SQLite driver prepares every statement again on every query; a request that reads
 * a session, a registry and writes a batch spends much of its time compiling the same SQL.
 * One cache a handle keeps its statements, the most recently used first: Kysely gets the
 * handle through it, and the write path's own reads on the raw handle ask it too. Safe because
 * a statement runs to completion (`all`, `run`) before it returns: nothing else can use it
 * meanwhile on a synchronous handle. Lantu does not stream (`iterate`) rows.
 */
import type BetterSqlite from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** Distinct statements kept; a batch's IN lists of varying length make more than a few. */
const capacity = 1000;

const caches = new WeakMap<BetterSqlite.Database, Map<string, BetterSqlite.Statement>>();

/** The handle's statement for this text, prepared on first use and kept. */
export function keptStatement(handle: BetterSqlite.Database, sql: string): BetterSqlite.Statement {
  let kept = caches.get(handle);
  if (!kept) caches.set(handle, (kept = new Map<string, BetterSqlite.Statement>()));
  let statement = kept.get(sql);
  if (statement) {
    // Most recently used last in the map's order: the oldest is evicted first.
    kept.delete(sql);
    kept.set(sql, statement);
    return statement;
  }
  statement = handle.prepare(sql);
  kept.set(sql, statement);
  if (kept.size > capacity) kept.delete(kept.keys().next().value!);
  return statement;
}

export function withStatementCache(handle: BetterSqlite.Database): SqliteDatabase {
  return {
    close: () => handle.close(),
    prepare: (sql: string): SqliteStatement => keptStatement(handle, sql),
  };
}
