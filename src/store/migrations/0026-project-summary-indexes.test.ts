/**
 * Migration 0026 adds the district summary's two covering indexes to a database that already
 * holds projects (one migrated up to 0024): the rows stay as they were, the indexes exist with
 * their columns in order, and on SQLite the summary's reads are answered from them alone.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../database.ts';
import { createTestDatabase, testEngine, type TestDatabase } from '../test-database.ts';

const now = '2025-05-01T00:00:00.000Z';

describe(`migration 0026 on a database with projects (${testEngine})`, () => {
  let database: TestDatabase;
  let before: unknown[];

  const snapshot = async () => [
    await database.db.selectFrom('project_investment').selectAll().orderBy('period_id').execute(),
    await database.db.selectFrom('project_blocker').selectAll().orderBy('id').execute(),
  ];

  beforeAll(async () => {
    database = await createTestDatabase({ migrateTo: '0024_comments' });
    const { db } = database;
    await db
      .insertInto('unit')
      .values({
        id: 'u1',
        code: 'D',
        name: '区',
        name_en: '',
        kind: 'region',
        level: 'district',
        parent_id: null,
        path: '/u1/',
        keywords: '[]',
        sort_order: 0,
      })
      .execute();
    await db
      .insertInto('project')
      .values({
        id: 'p1',
        code: 'P1',
        name: '项目',
        content: '',
        kind: 'industry',
        level: 'district',
        stage: 'construction',
        owner_name: '',
        unit_id: 'u1',
        town_unit_id: null,
        leader: '',
        longitude: null,
        latitude: null,
        total_investment_yuan: null,
        start_date: null,
        finish_date: null,
        progress_note: '',
        version: 1,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await db
      .insertInto('project_investment')
      .values(
        (['approved', 'submitted'] as const).map((state, i) => ({
          project_id: 'p1',
          period_id: `20250${i + 1}`,
          year: 2025,
          plan_yuan: 100,
          actual_yuan: 90 + i,
          state,
          version: 1,
          updated_at: now,
          updated_by: 't',
        })),
      )
      .execute();
    await db
      .insertInto('project_blocker')
      .values({
        id: 'b1',
        project_id: 'p1',
        type: 'land',
        description: '用地',
        unit_id: 'u1',
        due_date: '2025-04-01',
        state: 'closed',
        level: 'unit',
        evidence: '已办结',
        raised_by: 't',
        raised_on: '2025-03-01',
        closed_on: '2025-03-20',
        version: 3,
        updated_at: now,
      })
      .execute();
    before = await snapshot();
    await migrateToLatest(database);
  });
  afterAll(() => database.dispose());

  it('keeps every row as it was', async () => {
    expect(await snapshot()).toEqual(before);
  });

  it('creates the two indexes with their columns in order', async () => {
    const columnsOf = async (index: string): Promise<string[]> => {
      if (testEngine === 'postgres') {
        const { rows } = await sql<{ definition: string }>`
          SELECT indexdef AS definition FROM pg_indexes WHERE indexname = ${index}`.execute(
          database.db,
        );
        const inside = /\(([^)]*)\)/.exec(rows[0]?.definition ?? '')?.[1] ?? '';
        return inside.split(',').map((c) => c.trim());
      }
      const { rows } = await sql<{ name: string }>`
        SELECT name FROM pragma_index_info(${index}) ORDER BY seqno`.execute(database.db);
      return rows.map((r) => r.name);
    };
    expect(await columnsOf('project_investment_counted')).toEqual([
      'year',
      'state',
      'project_id',
      'period_id',
      'actual_yuan',
    ]);
    expect(await columnsOf('project_blocker_unit_state')).toEqual([
      'unit_id',
      'state',
      'due_date',
      'raised_on',
      'closed_on',
    ]);
  });

  it.skipIf(testEngine !== 'sqlite')(
    'lets SQLite answer the approved months and the blockers from the indexes alone',
    async () => {
      const planOf = async (query: ReturnType<typeof sql>) =>
        (await sql<{ detail: string }>`EXPLAIN QUERY PLAN ${query}`.execute(database.db)).rows.map(
          (r) => r.detail,
        );
      expect(
        (
          await planOf(
            sql`SELECT project_id, sum(actual_yuan) FROM project_investment
                WHERE year = 2025 AND state = 'approved' AND period_id <= '202512' GROUP BY project_id`,
          )
        ).join(' '),
      ).toContain('COVERING INDEX project_investment_counted');
      expect(
        (
          await planOf(
            sql`SELECT unit_id, state, count(*), min(raised_on), sum(closed_on <= due_date)
                FROM project_blocker GROUP BY unit_id, state`,
          )
        ).join(' '),
      ).toContain('COVERING INDEX project_blocker_unit_state');
    },
  );
});
