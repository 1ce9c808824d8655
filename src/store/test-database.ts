/**
 * A fresh, migrated database for one test file: in-memory SQLite by default, a
 * new PostgreSQL database when TEST_DATABASE_URL points at a server (scripts/test.mjs
 * sets it when it can start one). Tests never mock the database.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { Migrator } from 'kysely';
import { migrateToLatest, openDatabase, type LantuDatabase } from './database.ts';
import { createMigrationProvider } from './migrations.ts';

export const testEngine = process.env.TEST_DATABASE_URL ? 'postgres' : 'sqlite';

export interface TestDatabase extends LantuDatabase {
  /** Where a second connection opens the same database (a worker's): set when asked to be shareable. */
  readonly location?: string;
  /** Drops the database (PostgreSQL) and closes it. */
  dispose(): Promise<void>;
}

/** Migrates to the latest schema, or only up to the named migration (to test a later one on it). */
export async function migrate(database: LantuDatabase, upTo?: string) {
  if (upTo === undefined) return migrateToLatest(database);
  const migrator = new Migrator({
    db: database.db,
    provider: createMigrationProvider(database.engine),
  });
  const { error } = await migrator.migrateTo(upTo);
  if (error) throw new Error(`migration to ${upTo} failed`, { cause: error });
  return [];
}

export async function createTestDatabase(
  options: { migrateTo?: string; shareable?: boolean } = {},
): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl && options.shareable) {
    // A file in the temp folder: another connection (a worker thread) can open it too.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantu-test-'));
    const location = path.join(dir, 'test.sqlite');
    const database = openDatabase(location);
    await migrate(database, options.migrateTo);
    return {
      ...database,
      location,
      async dispose() {
        await database.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  if (!serverUrl) {
    const database = openDatabase(':memory:');
    await migrate(database, options.migrateTo);
    return { ...database, dispose: () => database.close() };
  }
  const name = `lantu_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = openDatabase(url.toString());
  await migrate(database, options.migrateTo);
  return {
    ...database,
    location: url.toString(),
    async dispose() {
      await database.close();
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      // pg-pool's end() resolves before its sockets close; a FORCE drop that terminates a
      // backend still closing makes the client emit an unhandled 57P01 error into the test run.
      for (let attempt = 0; attempt < 100; attempt += 1) {
        const open = await cleanup.query('SELECT 1 FROM pg_stat_activity WHERE datname = $1', [
          name,
        ]);
        if (open.rowCount === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}
