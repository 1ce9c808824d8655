/**
 * Upload jobs in the database: saved by the instance that runs them, read by any instance,
 * and those whose runner went away (a restart, a kill) found by their stale heartbeat.
 */
import { rowsListed } from '../core/batch-audit.ts';
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

export interface StoredUploadJob<J> {
  readonly actorId: string;
  readonly status: string;
  readonly job: J;
  readonly heartbeatAt: string;
}

const finalStatuses = ['done', 'rejected', 'failed'];

/**
 * Saves a job's state, stamped with the runner's heartbeat. A running state never replaces
 * a finished one (a late heartbeat, or a sweep that ended a slow job); a finished one always
 * wins, since the runner that finished knows best.
 */
export async function saveUploadJob(
  db: Kysely<Database>,
  row: { id: string; actorId: string; status: string; job: unknown; startedAt: string },
  heartbeatAt: string,
): Promise<void> {
  const job = JSON.stringify(row.job);
  await db
    .insertInto('upload_job')
    .values({
      id: row.id,
      actor_id: row.actorId,
      status: row.status,
      job,
      started_at: row.startedAt,
      heartbeat_at: heartbeatAt,
    })
    .onConflict((oc) => {
      const update = oc
        .column('id')
        .doUpdateSet({ status: row.status, job, heartbeat_at: heartbeatAt });
      return finalStatuses.includes(row.status)
        ? update
        : update.where('upload_job.status', 'not in', finalStatuses);
    })
    .execute();
}

/** One job as last saved; undefined when there is none. */
export async function findUploadJob<J>(
  db: Kysely<Database>,
  id: string,
): Promise<StoredUploadJob<J> | undefined> {
  const row = await db
    .selectFrom('upload_job')
    .select(['actor_id', 'status', 'job', 'heartbeat_at'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row
    ? {
        actorId: row.actor_id,
        status: row.status,
        job: JSON.parse(row.job) as J,
        heartbeatAt: row.heartbeat_at,
      }
    : undefined;
}

/** Ids of the jobs still running whose runner has not saved them since `staleBefore`. */
export async function findAbandonedUploadJobs(
  db: Kysely<Database>,
  staleBefore: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('upload_job')
    .select('id')
    .where('status', 'not in', finalStatuses)
    .where('heartbeat_at', '<', staleBefore)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Ends a job its runner abandoned, unless another instance ended it first: only a job still
 * running and still stale is changed. True when this call ended it.
 */
export async function endAbandonedUploadJob(
  db: Kysely<Database>,
  id: string,
  staleBefore: string,
  status: string,
  job: unknown,
  at: string,
): Promise<boolean> {
  const result = await db
    .updateTable('upload_job')
    .set({ status, job: JSON.stringify(job), heartbeat_at: at })
    .where('id', '=', id)
    .where('status', 'not in', finalStatuses)
    .where('heartbeat_at', '<', staleBefore)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Forgets finished jobs started before `before` (the audit log keeps what was written). */
export async function forgetUploadJobs(db: Kysely<Database>, before: string): Promise<void> {
  await db
    .deleteFrom('upload_job')
    .where('status', 'in', finalStatuses)
    .where('started_at', '<', before)
    .execute();
}

/**
 * Whether an upload's write was committed, and how many rows it wrote: its audit entries (one
 * per part the upload was written in) are written in the same transaction as its rows. The
 * entries are read one at a time, so a large upload's rows are never all in memory.
 */
export async function findUploadAudit(
  db: Kysely<Database>,
  jobId: string,
  actorId: string,
): Promise<{ at: string; rows: number; reason: string } | undefined> {
  const entries = await db
    .selectFrom('audit_log')
    .select(['seq', 'at', 'reason'])
    .where('entity_id', '=', `upload:${jobId}`)
    .where('actor', '=', actorId)
    .orderBy('seq')
    .execute();
  const last = entries[entries.length - 1];
  if (!last) return undefined;
  let rows = 0;
  for (const { seq } of entries) {
    const { new_value } = await db
      .selectFrom('audit_log')
      .select('new_value')
      .where('seq', '=', seq)
      .executeTakeFirstOrThrow();
    if (new_value !== null) rows += rowsListed(JSON.parse(new_value));
  }
  return { at: last.at, rows, reason: last.reason };
}
