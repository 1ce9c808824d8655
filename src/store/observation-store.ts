/**
 * Observation storage: reading values and series, and the bulk write that keeps
 * the roll-up of descendants in step in the same transaction. Writes take the bulk
 * path of bulk-path.ts: better-sqlite3 prepared multi-row statements on SQLite and
 * unnest() arrays on PostgreSQL (docs/decisions/0003-bulk-observation-writes.md).
 */
import type { Insertable, Kysely } from 'kysely';
import type SqliteDatabase from 'better-sqlite3';
import {
  applyRollupDeltasPostgres,
  findPostgres,
  prepareSqliteApplyRollupDeltas,
  prepareSqliteFind,
  prepareSqliteUpsert,
  runExclusive,
  upsertPostgres,
  type ObservationRef,
  type RollupDelta,
  type UpsertShape,
} from './bulk-path.ts';
import type { LantuDatabase } from './database.ts';
import type { AuditLogTable, Database, ObservationTable } from './schema.ts';

export { observationKey, type RollupDelta } from './bulk-path.ts';

export type ObservationRow = ObservationTable;

export interface ExistingObservation {
  readonly id: string;
  readonly value: number;
  readonly state: ObservationTable['state'];
  readonly version: number;
}

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

const observationUpsert: UpsertShape<ObservationRow> = {
  table: 'observation',
  columns: observationColumns,
  set: `value = excluded.value, source = excluded.source, source_ref = excluded.source_ref,
    state = excluded.state, version = observation.version + 1, updated_at = excluded.updated_at,
    updated_by = excluded.updated_by`,
};

const existingColumns = ['id', 'value', 'state', 'version'] as const;

export interface ObservationBatchWrite {
  readonly rows: readonly ObservationRow[];
  readonly rollup: readonly RollupDelta[];
  readonly audit: AuditEntry;
}

/** Observation storage over either engine. */
export interface ObservationStore {
  findExisting(keys: readonly ObservationRef[]): Promise<Map<string, ExistingObservation>>;
  writeBatch(write: ObservationBatchWrite): Promise<void>;
}

export function createObservationStore(database: LantuDatabase): ObservationStore {
  const { raw } = database;
  if (raw.kind === 'sqlite') {
    const handle = raw.handle;
    const find = prepareSqliteFind<ExistingObservation>(handle, existingColumns);
    const upsert = prepareSqliteUpsert(handle, observationUpsert);
    const applyRollupDeltas = prepareSqliteApplyRollupDeltas(handle);
    const appendAudit = prepareSqliteAppendAudit(handle);
    return {
      findExisting: (keys) => runExclusive(database, () => find(keys)),
      writeBatch: (write) =>
        runExclusive(database, () => {
          handle.transaction(() => {
            upsert(write.rows);
            applyRollupDeltas(write.rollup);
            appendAudit(write.audit);
          })();
        }),
    };
  }

  const db = database.db;
  return {
    findExisting: (keys) =>
      findPostgres<ExistingObservation>(db, existingColumns, keys, { forUpdate: false }),
    async writeBatch(write) {
      await db.transaction().execute(async (trx) => {
        await upsertPostgres(trx, observationUpsert, write.rows);
        await applyRollupDeltasPostgres(trx, write.rollup);
        await insertAudit(trx, write.audit);
      });
    },
  };
}

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
