/**
 * Migration 0011-counted-index: the observation index on (indicator, unit, year) is widened
 * to carry the state, period and value, so that reading the counted values of many subjects
 * (what warning rules read after every counted write) is answered from the index alone. It
 * replaces the narrower index rather than adding one: a write maintains as many indexes as
 * before, and every query the old one served has the same prefix in the new.
 */
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../engine.ts';

export const migration0011 = (_engine: Engine): Migration => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .createIndex('observation_counted')
      .on('observation')
      .columns(['indicator_id', 'unit_id', 'year', 'state', 'period_id', 'value'])
      .execute();
    await db.schema.dropIndex('observation_year').execute();
  },
});
