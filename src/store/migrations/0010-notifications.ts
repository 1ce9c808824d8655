/**
 * Migration 0010-notifications: an in-app inbox (issue 11: due, overdue, returned, reopened,
 * lagging, 批示), and an e-mail address on accounts for the notices sent by mail.
 */
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../engine.ts';

export const migration0010 = (_engine: Engine): Migration => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('notification')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('title_zh', 'text', (c) => c.notNull())
      .addColumn('title_en', 'text', (c) => c.notNull())
      .addColumn('body_zh', 'text', (c) => c.notNull())
      .addColumn('body_en', 'text', (c) => c.notNull())
      .addColumn('link', 'text', (c) => c.notNull())
      .addColumn('dedupe_key', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('read_at', 'text')
      .addUniqueConstraint('notification_once', ['user_id', 'dedupe_key'])
      .execute();
    await db.schema
      .createIndex('notification_inbox')
      .on('notification')
      .columns(['user_id', 'created_at'])
      .execute();
    await db.schema.alterTable('app_user').addColumn('email', 'text').execute();
  },
});
