/**
 * Opens Lantu's database: an SQLite file by default, PostgreSQL when the URL says
 * so. Only composition roots call this; everything else receives the handle.
 */
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { createMigrationProvider } from './migrations.ts';
import { withStatementCache } from './sqlite-statement-cache.ts';
import type { Database } from './schema.ts';

import type { LantuDatabase } from './engine.ts';

export type { Engine, LantuDatabase } from './engine.ts';

// PostgreSQL returns int8 (count, bigserial) as strings; Lantu's counts fit in a double.
pg.types.setTypeParser(20, (value) => Number(value));

const isPostgresUrl = (url: string) => /^postgres(ql)?:\/\//.test(url);

/** Opens (and creates, for SQLite) the database that `location` names: a postgres:// URL, a file path, or ':memory:'. */
export function openDatabase(location: string): LantuDatabase {
  if (isPostgresUrl(location)) {
    const pool = new pg.Pool({ connectionString: location, max: 10 });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      engine: 'postgres',
      raw: { kind: 'postgres', pool },
      description: `PostgreSQL ${redactUrl(location)}`,
      close: () => db.destroy(),
    };
  }
  if (location !== ':memory:')
    fs.mkdirSync(path.dirname(path.resolve(location)), { recursive: true });
  const handle = new SqliteDatabase(location);
  // WAL lets the cockpit read while a batch writes; NORMAL sync is durable across process crashes in WAL mode.
  handle.pragma('journal_mode = WAL');
  handle.pragma('synchronous = NORMAL');
  handle.pragma('foreign_keys = ON');
  // 64 MiB of page cache rather than SQLite's 2 MiB: at millions of observations a write's
  // index pages and a rule's reads stay in memory instead of going back to the file each time.
  handle.pragma('cache_size = -65536');
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(handle) }),
  });
  return {
    db,
    engine: 'sqlite',
    raw: { kind: 'sqlite', handle },
    description: `SQLite ${location}`,
    close: () => db.destroy(),
  };
}

/** Brings the schema up to date; returns the names of the migrations applied now. */
export async function migrateToLatest(database: LantuDatabase): Promise<string[]> {
  const migrator = new Migrator({
    db: database.db,
    provider: createMigrationProvider(database.engine),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw new Error('Database migration failed', { cause: error });
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** True when the database holds no unit yet: a fresh install that wants the demo. */
export async function isDatabaseEmpty(database: LantuDatabase): Promise<boolean> {
  const row = await database.db
    .selectFrom('unit')
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n) === 0;
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
