/**
 * Migration 0008-projects: the key-project registry (issue 12) — projects with their
 * responsible unit (the scope of writes), town, owner, leader and investment; links to
 * the plan's tasks and targets; a project's year as the office's list states it (annual
 * plan, the list's 1—N月 figure); and a monthly investment line per project (plan, and the
 * owner's reported actual with its review state); blockers (卡点、堵点、难点) with state and
 * escalation level; milestones with planned, forecast, actual and baseline dates.
 */
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../engine.ts';

export const migration0008 = (_engine: Engine): Migration => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('project')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('code', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('content', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('level', 'text', (c) => c.notNull())
      .addColumn('stage', 'text', (c) => c.notNull())
      .addColumn('owner_name', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('unit_id', 'text', (c) => c.notNull().references('unit.id'))
      .addColumn('town_unit_id', 'text', (c) => c.references('unit.id'))
      .addColumn('leader', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('longitude', 'double precision')
      .addColumn('latitude', 'double precision')
      .addColumn('total_investment_yuan', 'double precision')
      .addColumn('start_date', 'text')
      .addColumn('finish_date', 'text')
      .addColumn('progress_note', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('project_unit').on('project').column('unit_id').execute();
    await db.schema.createIndex('project_town').on('project').column('town_unit_id').execute();

    await db.schema
      .createTable('project_link')
      .addColumn('project_id', 'text', (c) => c.notNull().references('project.id'))
      .addColumn('node_id', 'text', (c) => c.notNull().references('plan_node.id'))
      .addColumn('target_id', 'text', (c) => c.references('target.id'))
      .addColumn('link_key', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('project_link_pk', ['project_id', 'link_key'])
      .execute();

    await db.schema
      .createTable('project_year')
      .addColumn('project_id', 'text', (c) => c.notNull().references('project.id'))
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('plan_yuan', 'double precision')
      .addColumn('listed_actual_yuan', 'double precision')
      .addColumn('listed_through_month', 'integer')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('project_year_pk', ['project_id', 'year'])
      .execute();

    await db.schema
      .createTable('project_investment')
      .addColumn('project_id', 'text', (c) => c.notNull().references('project.id'))
      .addColumn('period_id', 'text', (c) => c.notNull())
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('plan_yuan', 'double precision')
      .addColumn('actual_yuan', 'double precision')
      .addColumn('state', 'text', (c) => c.notNull().defaultTo('draft'))
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('project_investment_pk', ['project_id', 'period_id'])
      .execute();
    await db.schema
      .createTable('project_blocker')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('project_id', 'text', (c) => c.notNull().references('project.id'))
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('unit_id', 'text', (c) => c.notNull().references('unit.id'))
      .addColumn('due_date', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('level', 'text', (c) => c.notNull())
      .addColumn('evidence', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('raised_by', 'text', (c) => c.notNull())
      .addColumn('raised_on', 'text', (c) => c.notNull())
      .addColumn('closed_on', 'text')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('project_blocker_project')
      .on('project_blocker')
      .column('project_id')
      .execute();
    await db.schema
      .createIndex('project_blocker_state')
      .on('project_blocker')
      .columns(['state', 'due_date'])
      .execute();

    await db.schema
      .createTable('project_milestone')
      .addColumn('project_id', 'text', (c) => c.notNull().references('project.id'))
      .addColumn('node', 'text', (c) => c.notNull())
      .addColumn('planned_date', 'text')
      .addColumn('forecast_date', 'text')
      .addColumn('actual_date', 'text')
      .addColumn('baseline_date', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('project_milestone_pk', ['project_id', 'node'])
      .execute();

    await db.schema
      .createIndex('project_investment_year')
      .on('project_investment')
      .columns(['year', 'period_id'])
      .execute();
  },
});
