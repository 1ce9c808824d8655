/**
 * Migration 0006-login-throttle: login attempts counted per account and per (address,
 * account) in the database (issue 9), so that every app instance sees the same counts and
 * parallel guesses cannot slip past an in-memory counter.
 */
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../engine.ts';

export const migration0006 = (_engine: Engine): Migration => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('login_throttle')
      // 'account <username>' or 'pair <address> <username>'; the username as typed, known or not.
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('window_started_at', 'text', (c) => c.notNull())
      .addColumn('locked_until', 'text')
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('login_throttle').execute();
  },
});
