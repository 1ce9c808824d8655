/**
 * Observation storage: reading values and series, and the bulk write that keeps
 * the roll-up of descendants in step in the same transaction. SQLite writes go
 * through better-sqlite3 prepared multi-row statements and PostgreSQL writes
 * through unnest() arrays, because Kysely's builder alone caps batch writes at
 * about a third of the engine's rate (docs/decisions/0003-bulk-observation-writes.md).
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type SqliteDatabase from 'better-sqlite3';
import type { LantuDatabase } from './database.ts';
import type { Database, ObservationTable } from './schema.ts';

export type ObservationRow = ObservationTable;

export interface ExistingObservation {
  readonly id: string;
  readonly value: number;
  readonly state: ObservationTable['state'];
  readonly version: number;
}

export interface RollupDelta {
  readonly indicatorId: string;
  readonly unitId: string;
  readonly periodId: string;
  readonly year: number;
  readonly sum: number;
  readonly count: number;
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

export const observationKey = (indicatorId: string, unitId: string, periodId: string) =>
  `${indicatorId}\u0000${unitId}\u0000${periodId}`;

const COLUMNS = [
  'id',
  'indicator_id',
  'unit_id',
  'period_id',
  'period_type',
  'year',
  'value',
  'source',
  'source_ref',
  'state',
  'version',
  'updated_at',
  'updated_by',
] as const satisfies readonly (keyof ObservationRow)[];

const UPSERT_TAIL = ` ON CONFLICT (indicator_id, unit_id, period_id) DO UPDATE SET value = excluded.value,
  source = excluded.source, source_ref = excluded.source_ref, state = excluded.state,
  version = observation.version + 1, updated_at = excluded.updated_at, updated_by = excluded.updated_by`;

// 13 columns × 500 rows stays far below SQLite's 32,766 bound variables.
const SQLITE_CHUNK = 500;

export interface ObservationBatchWrite {
  readonly rows: readonly ObservationRow[];
  readonly rollup: readonly RollupDelta[];
  readonly audit: AuditEntry;
}

/** Observation storage over either engine. */
export interface ObservationStore {
  findExisting(
    keys: readonly { indicatorId: string; unitId: string; periodId: string }[],
  ): Promise<Map<string, ExistingObservation>>;
  writeBatch(write: ObservationBatchWrite): Promise<void>;
}

export function createObservationStore(database: LantuDatabase): ObservationStore {
  const { raw } = database;
  if (raw.kind === 'sqlite') {
    const handle = raw.handle;
    const selectOne = handle.prepare<[string, string, string], ExistingObservation>(
      'SELECT id, value, state, version FROM observation WHERE indicator_id = ? AND unit_id = ? AND period_id = ?',
    );
    const statements = new Map<number, SqliteDatabase.Statement<unknown[]>>();
    const upsertFor = (n: number) => {
      let statement = statements.get(n);
      if (!statement) {
        const tuple = `(${COLUMNS.map(() => '?').join(',')})`;
        statement = handle.prepare<unknown[]>(
          `INSERT INTO observation (${COLUMNS.join(',')}) VALUES ${Array.from({ length: n }, () => tuple).join(',')}${UPSERT_TAIL}`,
        );
        statements.set(n, statement);
      }
      return statement;
    };
    const rollupUpsert = handle.prepare(
      `INSERT INTO rollup (indicator_id, unit_id, period_id, year, descendants_sum, descendants_count)
       VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (indicator_id, unit_id, period_id) DO UPDATE SET
       descendants_sum = rollup.descendants_sum + excluded.descendants_sum,
       descendants_count = rollup.descendants_count + excluded.descendants_count`,
    );
    const auditInsert = handle.prepare(
      `INSERT INTO audit_log (at, actor, action, entity, entity_id, old_value, new_value, reason, request_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    // Holding Kysely's connection serialises this synchronous work with every other query on the handle.
    const exclusive = <T>(work: () => T): Promise<T> =>
      database.db.connection().execute(() => Promise.resolve(work()));

    return {
      findExisting: (keys) =>
        exclusive(() => {
          const found = new Map<string, ExistingObservation>();
          for (const k of keys) {
            const row = selectOne.get(k.indicatorId, k.unitId, k.periodId);
            if (row) found.set(observationKey(k.indicatorId, k.unitId, k.periodId), row);
          }
          return found;
        }),
      writeBatch: (write) =>
        exclusive(() => {
          handle.transaction(() => {
            const { rows } = write;
            const params: unknown[] = [];
            for (let start = 0; start < rows.length; start += SQLITE_CHUNK) {
              const chunk = rows.slice(start, start + SQLITE_CHUNK);
              params.length = 0;
              for (const r of chunk) {
                params.push(
                  r.id,
                  r.indicator_id,
                  r.unit_id,
                  r.period_id,
                  r.period_type,
                  r.year,
                  r.value,
                  r.source,
                  r.source_ref,
                  r.state,
                  r.version,
                  r.updated_at,
                  r.updated_by,
                );
              }
              upsertFor(chunk.length).run(...params);
            }
            for (const d of write.rollup) {
              rollupUpsert.run(d.indicatorId, d.unitId, d.periodId, d.year, d.sum, d.count);
            }
            const a = write.audit;
            auditInsert.run(
              a.at,
              a.actor,
              a.action,
              a.entity,
              a.entityId,
              a.oldValue === null ? null : JSON.stringify(a.oldValue),
              a.newValue === null ? null : JSON.stringify(a.newValue),
              a.reason,
              a.requestId,
            );
          })();
        }),
    };
  }

  const db = database.db;
  return {
    async findExisting(keys) {
      const found = new Map<string, ExistingObservation>();
      for (let start = 0; start < keys.length; start += 50_000) {
        const chunk = keys.slice(start, start + 50_000);
        const result = await sql<
          ExistingObservation & { indicator_id: string; unit_id: string; period_id: string }
        >`
          SELECT o.id, o.value, o.state, o.version, o.indicator_id, o.unit_id, o.period_id
          FROM observation o
          JOIN unnest(${chunk.map((k) => k.indicatorId)}::text[], ${chunk.map((k) => k.unitId)}::text[], ${chunk.map((k) => k.periodId)}::text[]) AS k(i, u, p)
            ON o.indicator_id = k.i AND o.unit_id = k.u AND o.period_id = k.p`.execute(db);
        for (const r of result.rows) {
          found.set(observationKey(r.indicator_id, r.unit_id, r.period_id), {
            id: r.id,
            value: r.value,
            state: r.state,
            version: r.version,
          });
        }
      }
      return found;
    },
    async writeBatch(write) {
      await db.transaction().execute(async (trx) => {
        for (let start = 0; start < write.rows.length; start += 50_000) {
          await upsertPostgres(trx, write.rows.slice(start, start + 50_000));
        }
        for (let start = 0; start < write.rollup.length; start += 50_000) {
          const chunk = write.rollup.slice(start, start + 50_000);
          await sql`INSERT INTO rollup (indicator_id, unit_id, period_id, year, descendants_sum, descendants_count)
            SELECT * FROM unnest(${chunk.map((d) => d.indicatorId)}::text[], ${chunk.map((d) => d.unitId)}::text[],
              ${chunk.map((d) => d.periodId)}::text[], ${chunk.map((d) => d.year)}::int[],
              ${chunk.map((d) => d.sum)}::float8[], ${chunk.map((d) => d.count)}::int[])
            ON CONFLICT (indicator_id, unit_id, period_id) DO UPDATE SET
              descendants_sum = rollup.descendants_sum + excluded.descendants_sum,
              descendants_count = rollup.descendants_count + excluded.descendants_count`.execute(
            trx,
          );
        }
        await insertAudit(trx, write.audit);
      });
    },
  };
}

async function upsertPostgres(trx: Transaction<Database>, rows: readonly ObservationRow[]) {
  const column = <K extends (typeof COLUMNS)[number]>(k: K) => rows.map((r) => r[k]);
  await sql`INSERT INTO observation (${sql.raw(COLUMNS.join(','))})
    SELECT * FROM unnest(${column('id')}::text[], ${column('indicator_id')}::text[], ${column('unit_id')}::text[],
      ${column('period_id')}::text[], ${column('period_type')}::text[], ${column('year')}::int[],
      ${column('value')}::float8[], ${column('source')}::text[], ${column('source_ref')}::text[],
      ${column('state')}::text[], ${column('version')}::int[], ${column('updated_at')}::text[],
      ${column('updated_by')}::text[])${sql.raw(UPSERT_TAIL)}`.execute(trx);
}

/** Appends one entry to the audit log; the log has no update or delete path. */
export async function insertAudit(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: entry.at,
      actor: entry.actor,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId,
      old_value: entry.oldValue === null ? null : JSON.stringify(entry.oldValue),
      new_value: entry.newValue === null ? null : JSON.stringify(entry.newValue),
      reason: entry.reason,
      request_id: entry.requestId,
    })
    .execute();
}
