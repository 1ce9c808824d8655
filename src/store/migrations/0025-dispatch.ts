/**
 * Migration 0025-dispatch: 旬调度 (issue 12, item 6) — the record of a dekad's dispatch
 * meeting for a scope (the district, a department or a town), and its decisions: a follow-up
 * item (督办事项) with owner unit, deadline and state, or a blocker raised on a project (the
 * blocker itself lives in `project_blocker`; the decision links to it).
 */
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../engine.ts';

export const migration0025 = (_engine: Engine): Migration => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('dispatch_meeting')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('period_id', 'text', (c) => c.notNull())
      .addColumn('scope_unit_id', 'text', (c) => c.notNull().references('unit.id'))
      .addColumn('held_on', 'text', (c) => c.notNull())
      .addColumn('chair', 'text', (c) => c.notNull())
      .addColumn('attendees', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('recorded_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('dispatch_meeting_dekad_scope', ['period_id', 'scope_unit_id'])
      .execute();
    await db.schema
      .createTable('dispatch_item')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('meeting_id', 'text', (c) => c.notNull().references('dispatch_meeting.id'))
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('decision', 'text', (c) => c.notNull())
      .addColumn('unit_id', 'text', (c) => c.notNull().references('unit.id'))
      .addColumn('deadline', 'text', (c) => c.notNull())
      .addColumn('project_id', 'text', (c) => c.references('project.id'))
      .addColumn('blocker_id', 'text', (c) => c.references('project_blocker.id'))
      .addColumn('state', 'text', (c) => c.notNull().defaultTo('open'))
      .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('done_on', 'text')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('dispatch_item_meeting')
      .on('dispatch_item')
      .columns(['meeting_id', 'seq'])
      .execute();
    // The follow-up job reads open items by deadline.
    await db.schema
      .createIndex('dispatch_item_open')
      .on('dispatch_item')
      .columns(['state', 'deadline'])
      .execute();
  },
});
