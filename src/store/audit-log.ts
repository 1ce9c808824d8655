/**
 * The audit log repository: the one way a change is recorded (`recordChange`), and the
 * reads of the log. Append only: there is deliberately no update or delete here.
 */
import type { Insertable, Kysely, Selectable } from 'kysely';
import type SqliteDatabase from 'better-sqlite3';
import type { AuditLogTable, Database } from './schema.ts';

/** One change as a service states it: what, on which entity, before and after, and why. */
export interface AuditChange {
  readonly action: string;
  readonly entity: string;
  readonly entityId: string;
  readonly oldValue: unknown;
  readonly newValue: unknown;
  readonly reason?: string;
}

/** Who made a change: the acting account and the request it came in. */
export interface AuditAuthor {
  readonly id: string;
  readonly requestId: string;
}

/** A change stamped with its time and author, as the log stores it. */
export interface AuditEntry {
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly entity: string;
  readonly entityId: string;
  readonly oldValue: unknown;
  readonly newValue: unknown;
  readonly reason: string;
  readonly requestId: string;
}

export interface AuditRecord extends Omit<AuditEntry, 'requestId'> {
  readonly seq: number;
}

/** The entry for one change, stamped with the time and the author's request. */
export const stampChange = (at: string, author: AuditAuthor, change: AuditChange): AuditEntry => ({
  at,
  actor: author.id,
  action: change.action,
  entity: change.entity,
  entityId: change.entityId,
  oldValue: change.oldValue,
  newValue: change.newValue,
  reason: change.reason ?? '',
  requestId: author.requestId,
});

/** The audit log's row for an entry: old and new values as JSON text. */
const toAuditRow = (entry: AuditEntry): Insertable<AuditLogTable> => ({
  at: entry.at,
  actor: entry.actor,
  action: entry.action,
  entity: entry.entity,
  entity_id: entry.entityId,
  old_value: entry.oldValue === null ? null : JSON.stringify(entry.oldValue),
  new_value: entry.newValue === null ? null : JSON.stringify(entry.newValue),
  reason: entry.reason,
  request_id: entry.requestId,
});

/** Appends one stamped entry; `recordChange` stamps and appends in one call. */
export async function insertAudit(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await db.insertInto('audit_log').values(toAuditRow(entry)).execute();
}

/**
 * Records one change: stamps it with the clock and its author and appends it. The one
 * way a service writes the log; `executor` is the caller's transaction when the change
 * is part of one, so the entry is written (or rolled back) with the change itself.
 */
export function recordChange(
  executor: Kysely<Database>,
  clock: { now(): string },
  author: AuditAuthor,
  change: AuditChange,
): Promise<void> {
  return insertAudit(executor, stampChange(clock.now(), author, change));
}

/** Prepares {@link insertAudit} as a synchronous better-sqlite3 statement, for the bulk path. */
export function prepareSqliteAppendAudit(
  handle: SqliteDatabase.Database,
): (entry: AuditEntry) => void {
  const statement = handle.prepare<[Insertable<AuditLogTable>]>(
    `INSERT INTO audit_log (at, actor, action, entity, entity_id, old_value, new_value, reason, request_id)
     VALUES (@at, @actor, @action, @entity, @entity_id, @old_value, @new_value, @reason, @request_id)`,
  );
  return (entry) => {
    statement.run(toAuditRow(entry));
  };
}

export interface AuditLog {
  /**
   * Records one change. `executor` is the caller's transaction when the change is part
   * of one, so the entry is written (or rolled back) with the change itself.
   */
  recordChange(executor: Kysely<Database>, author: AuditAuthor, change: AuditChange): Promise<void>;
  /** The newest entry's sequence number (0 when there is none): the version of the data. */
  latestSeq(): Promise<number>;
  /** The newest entries first, optionally of one entity and one action. */
  list(filter: {
    entity?: string;
    entityId?: string;
    action?: string;
    limit?: number;
  }): Promise<AuditRecord[]>;
  /** The entries after `seq` about the given kinds of entity, oldest first. */
  listSince(seq: number, entities: readonly string[]): Promise<AuditRecord[]>;
}

const toAuditRecord = (r: Selectable<AuditLogTable>): AuditRecord => ({
  seq: Number(r.seq),
  at: r.at,
  actor: r.actor,
  action: r.action,
  entity: r.entity,
  entityId: r.entity_id,
  oldValue: r.old_value === null ? null : (JSON.parse(r.old_value) as unknown),
  newValue: r.new_value === null ? null : (JSON.parse(r.new_value) as unknown),
  reason: r.reason,
});

export function createAuditLog(db: Kysely<Database>, clock: { now(): string }): AuditLog {
  return {
    recordChange: (executor, author, change) => recordChange(executor, clock, author, change),
    async latestSeq() {
      const row = await db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.max('seq').as('seq'))
        .executeTakeFirst();
      return Number(row?.seq ?? 0);
    },
    async list(filter) {
      let query = db
        .selectFrom('audit_log')
        .selectAll()
        .orderBy('seq', 'desc')
        .limit(Math.min(filter.limit ?? 100, 1000));
      if (filter.entity) query = query.where('entity', '=', filter.entity);
      if (filter.entityId) query = query.where('entity_id', '=', filter.entityId);
      if (filter.action) query = query.where('action', '=', filter.action);
      return (await query.execute()).map(toAuditRecord);
    },
    async listSince(seq, entities) {
      if (entities.length === 0) return [];
      const rows = await db
        .selectFrom('audit_log')
        .selectAll()
        .where('seq', '>', seq)
        .where('entity', 'in', [...entities])
        .orderBy('seq')
        .execute();
      return rows.map(toAuditRecord);
    },
  };
}
