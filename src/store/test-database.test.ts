import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, testEngine } from './test-database.ts';

describe(`createTestDatabase on ${testEngine}`, () => {
  it('opens a migrated database of the engine the run asks for', async () => {
    const database = await createTestDatabase();
    try {
      expect(database.engine).toBe(testEngine);
      const { rows } = await sql<{ one: number }>`select 1 as one`.execute(database.db);
      expect(rows).toEqual([{ one: 1 }]);
      const units = await database.db.selectFrom('unit').selectAll().execute();
      expect(units).toEqual([]);
    } finally {
      await database.dispose();
    }
  });

  it('gives each caller a database of its own', async () => {
    const first = await createTestDatabase();
    const second = await createTestDatabase();
    try {
      await sql`create table only_in_first (id integer)`.execute(first.db);
      await expect(sql`select * from only_in_first`.execute(second.db)).rejects.toThrow();
    } finally {
      await first.dispose();
      await second.dispose();
    }
  });

  it.skipIf(testEngine !== 'postgres')('drops the PostgreSQL database on dispose', async () => {
    const database = await createTestDatabase();
    const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(
      database.db,
    );
    const name = rows[0]!.name;
    await database.dispose();

    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    try {
      const left = await admin.query('select 1 from pg_database where datname = $1', [name]);
      expect(name).toMatch(/^lantu_test_/);
      expect(left.rowCount).toBe(0);
    } finally {
      await admin.end();
    }
  });
});
