/**
 * Migration 0026-project-summary-indexes: the district summary of key projects reads every
 * approved month of a year and every blocker (issue 12 §8). Two covering indexes let it do so
 * from the index alone, in the order its grouped queries want: a year's approved months by
 * project (summed per project, then joined to 10,000 projects rather than 120,000 rows), and
 * blockers by solving unit and state with the dates the ages and on-time rates need.
 */
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../engine.ts';

export const migration0026 = (_engine: Engine): Migration => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .createIndex('project_investment_counted')
      .on('project_investment')
      .columns(['year', 'state', 'project_id', 'period_id', 'actual_yuan'])
      .execute();
    await db.schema
      .createIndex('project_blocker_unit_state')
      .on('project_blocker')
      .columns(['unit_id', 'state', 'due_date', 'raised_on', 'closed_on'])
      .execute();
  },
});
