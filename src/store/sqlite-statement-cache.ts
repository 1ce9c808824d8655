/**
 * Kysely's SQLite driver prepares every statement again on every query; a request that reads
 * a session, a registry and writes a batch spends much of its time compiling the same SQL.
 * This hands Kysely the handle with its statements kept, the most recently used first. Safe
 * because the driver runs a statement to completion (`all`, `run`) before it returns: nothing
 * else can use it meanwhile on a synchronous handle. Lantu does not stream (`iterate`) rows.
 */
import type BetterSqlite from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** Distinct statements kept; a batch's IN lists of varying length make more than a few. */
const capacity = 1000;

export function withStatementCache(handle: BetterSqlite.Database): SqliteDatabase {
  const kept = new Map<string, SqliteStatement>();
  return {
    close: () => handle.close(),
    prepare(sql: string): SqliteStatement {
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
    },
  };
}
