/**
 * The database handle every repository receives, and the engines under it. Its own file, so
 * that migrations and stores name it without importing the code that opens the database.
 */
import type SqliteDatabase from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import type { Database } from './schema.ts';

/** The database engines Lantu runs on: what migrations and the bulk path branch on. */
export type Engine = 'sqlite' | 'postgres';

export interface LantuDatabase {
  readonly db: Kysely<Database>;
  readonly engine: Engine;
  /** The driver under Kysely, for the few bulk paths where the builder is the bottleneck. */
  readonly raw:
    { kind: 'sqlite'; handle: SqliteDatabase.Database } | { kind: 'postgres'; pool: pg.Pool };
  readonly description: string;
  close(): Promise<void>;
}
