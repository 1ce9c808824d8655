/**
 * Migration 0005-counted-data: the roll-up counts approved values only, with submitted
 * values in a bucket of their own (issue 8: only what counts, counts), and an indicator may
 * name the department that reports it on behalf of its region. Existing roll-ups, which
 * summed every state, are rebuilt from the observations.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { Engine } from '../engine.ts';

/**
 * The roll-up recomputed as the tables stood at 0005 (text keys; 0030 moved them to integer
 * keys, so the store's rebuild no longer fits this schema); migration tests seed older
 * databases with it.
 */
export async function rebuildRollupAt0005(db: Kysely<unknown>) {
  await sql`DELETE FROM rollup`.execute(db);
  await sql`INSERT INTO rollup (indicator_id, unit_id, period_id, year,
      descendants_sum, descendants_count, submitted_sum, submitted_count)
    SELECT o.indicator_id, a.id, o.period_id, o.year,
      sum(case when o.state = 'approved' then o.value else 0 end),
      sum(case when o.state = 'approved' then 1 else 0 end),
      sum(case when o.state = 'submitted' then o.value else 0 end),
      sum(case when o.state = 'submitted' then 1 else 0 end)
    FROM observation o
    JOIN unit u ON u.id = o.unit_id
    JOIN unit a ON u.path LIKE a.path || '%' AND a.id <> u.id
    WHERE o.state IN ('approved', 'submitted')
    GROUP BY o.indicator_id, a.id, o.period_id, o.year`.execute(db);
}

export const migration0005 = (_engine: Engine): Migration => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('rollup')
      .addColumn('submitted_sum', 'double precision', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .alterTable('rollup')
      .addColumn('submitted_count', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .alterTable('indicator')
      .addColumn('owner_unit_id', 'text', (c) => c.references('unit.id'))
      .execute();
    await rebuildRollupAt0005(db);
  },
});
