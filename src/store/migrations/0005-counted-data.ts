/**
 * Migration 0005-counted-data: the roll-up counts approved values only, with submitted
 * values in a bucket of their own (issue 8: only what counts, counts), and an indicator may
 * name the department that reports it on behalf of its region. Existing roll-ups, which
 * summed every state, are rebuilt from the observations.
 */
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../engine.ts';
import { rebuildRollup } from '../rollup-store.ts';

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
    await rebuildRollup(db);
  },
});
