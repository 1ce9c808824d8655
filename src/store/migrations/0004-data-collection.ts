/**
 * Migration 0004-data-collection: entry rules on indicators, comment and review
 * columns on observations, reporting duties (indicator × unit), due days per
 * cadence, and monthly task progress (issue 5).
 */
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../engine.ts';

export const migration0004 = (_engine: Engine): Migration => ({
  async up(db: Kysely<unknown>) {
    // One ADD COLUMN per statement: SQLite accepts no more in one ALTER TABLE.
    await db.schema.alterTable('indicator').addColumn('min_value', 'double precision').execute();
    await db.schema.alterTable('indicator').addColumn('max_value', 'double precision').execute();
    await db.schema
      .alterTable('indicator')
      .addColumn('max_yoy_change_pct', 'double precision', (c) => c.defaultTo(50))
      .execute();

    await db.schema
      .alterTable('observation')
      .addColumn('comment', 'text', (c) => c.notNull().defaultTo(''))
      .execute();
    await db.schema
      .alterTable('observation')
      .addColumn('review_reason', 'text', (c) => c.notNull().defaultTo(''))
      .execute();
    await db.schema.alterTable('observation').addColumn('submitted_at', 'text').execute();
    await db.schema.alterTable('observation').addColumn('submitted_on', 'text').execute();
    await db.schema.alterTable('observation').addColumn('submitted_by', 'text').execute();
    await db.schema
      .createIndex('observation_unit_period')
      .on('observation')
      .columns(['unit_id', 'period_id'])
      .execute();

    await db.schema
      .createTable('indicator_unit')
      .addColumn('indicator_id', 'text', (c) => c.notNull().references('indicator.id'))
      .addColumn('unit_id', 'text', (c) => c.notNull().references('unit.id'))
      .addPrimaryKeyConstraint('indicator_unit_pk', ['indicator_id', 'unit_id'])
      .execute();
    await db.schema
      .createIndex('indicator_unit_unit')
      .on('indicator_unit')
      .column('unit_id')
      .execute();

    await db.schema
      .createTable('due_rule')
      .addColumn('period_type', 'text', (c) => c.primaryKey())
      .addColumn('days_after_end', 'integer', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('task_progress')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('node_id', 'text', (c) => c.notNull().references('plan_node.id'))
      .addColumn('unit_id', 'text', (c) => c.notNull().references('unit.id'))
      .addColumn('period_id', 'text', (c) => c.notNull())
      .addColumn('narrative', 'text', (c) => c.notNull())
      .addColumn('percent_complete', 'double precision', (c) => c.notNull())
      .addColumn('problems', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('review_reason', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull())
      .addColumn('submitted_at', 'text')
      .addColumn('reviewed_at', 'text')
      .addColumn('reviewed_by', 'text')
      .addUniqueConstraint('task_progress_key', ['node_id', 'period_id'])
      .execute();
  },
});
