/**
 * Migration 0027-category-english: an English name for each indicator category, as units and
 * indicators have, so the English cockpit need not show the category tree in Chinese (issue
 * 11 item 6). Empty until a planner or the demo fills it; the web then shows the Chinese, marked.
 */
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../engine.ts';

export const migration0027 = (_engine: Engine): Migration => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('category')
      .addColumn('name_en', 'text', (c) => c.notNull().defaultTo(''))
      .execute();
  },
});
