/**
 * The observation row and its bulk columns, and the audit log's one way in (an append).
 * Observation writes themselves go through the collection store (collection-store.ts),
 * the one write path of every value (docs/decisions/0004-what-counts.md).
 */
import type { Insertable, Kysely } from 'kysely';
import type SqliteDatabase from 'better-sqlite3';
import type { UpsertShape } from './bulk-path.ts';
import type { AuditLogTable, Database, ObservationTable } from './schema.ts';

export { observationKey, type RollupDelta } from './bulk-path.ts';

export type ObservationRow = ObservationTable;

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

/** The observation columns every bulk write sets, in insertion order, with their PostgreSQL types. */
export const observationColumns = {
  id: 'text',
  indicator_id: 'text',
  unit_id: 'text',
  period_id: 'text',
  period_type: 'text',
  year: 'int',
  value: 'float8',
  source: 'text',
  source_ref: 'text',
  state: 'text',
  version: 'int',
  updated_at: 'text',
  updated_by: 'text',
} as const satisfies UpsertShape<ObservationRow>['columns'];

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

/** Appends one entry to the audit log; the log has no update or delete path. */
export async function insertAudit(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await db.insertInto('audit_log').values(toAuditRow(entry)).execute();
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
