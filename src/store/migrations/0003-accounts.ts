/**
 * Migration 0003-accounts: local users with hashed passwords, the units each acts
 * within, and login sessions kept in the database (issue 5).
 */
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../engine.ts';

export const migration0003 = (_engine: Engine): Migration => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('app_user')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('username', 'text', (c) => c.notNull().unique())
      .addColumn('display_name', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('roles', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('locked_until', 'text')
      .execute();

    await db.schema
      .createTable('user_unit')
      .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id'))
      .addColumn('unit_id', 'text', (c) => c.notNull().references('unit.id'))
      .addPrimaryKeyConstraint('user_unit_pk', ['user_id', 'unit_id'])
      .execute();

    await db.schema
      .createTable('session')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id'))
      .addColumn('csrf_token', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('last_seen_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('session_user').on('session').column('user_id').execute();
    await db.schema.createIndex('session_expires').on('session').column('expires_at').execute();
  },
});
