/**
 * Migration 0021-upload-jobs: upload jobs kept in the database (issue 10 §5), so that a job
 * outlives the process that ran it — after a restart it reads as done or failed, never as
 * running for ever — and every instance on one database answers for every job. And an
 * indicator's own magnitude bound (issue 9 §1): no value of it beyond ±max_magnitude; null,
 * the global bound (10^15).
 */
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../engine.ts';

export const migration0021 = (_engine: Engine): Migration => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('upload_job')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('actor_id', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('job', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('heartbeat_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('upload_job_status')
      .on('upload_job')
      .columns(['status', 'heartbeat_at'])
      .execute();
    await db.schema
      .alterTable('indicator')
      .addColumn('max_magnitude', 'double precision')
      .execute();
  },
});
