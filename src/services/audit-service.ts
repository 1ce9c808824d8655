/**
 * The append-only audit log: every change to data or plan, with who, when, the
 * old and new values and why. There is deliberately no update or delete here.
 */
import type { AuditEntry } from '../store/observation-store.ts';
import type { Actor, Clock, ServiceDeps } from './ports.ts';

export interface AuditRecord {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly entity: string;
  readonly entityId: string;
  readonly oldValue: unknown;
  readonly newValue: unknown;
  readonly reason: string;
}

/** The entry for one change, stamped with the clock and the actor's request. */
export function buildAuditEntry(
  clock: Clock,
  actor: Actor,
  change: {
    action: string;
    entity: string;
    entityId: string;
    oldValue: unknown;
    newValue: unknown;
    reason?: string;
  },
): AuditEntry {
  return {
    at: clock.now(),
    actor: actor.id,
    action: change.action,
    entity: change.entity,
    entityId: change.entityId,
    oldValue: change.oldValue,
    newValue: change.newValue,
    reason: change.reason ?? '',
    requestId: actor.requestId,
  };
}

export function createAuditService(deps: ServiceDeps) {
  const { db } = deps.database;
  return {
    /**
     * The sequence number of the newest audit entry (0 when there is none): every change to
     * data or plan appends one, so it names the version of the data — what a cache of an
     * assessed plan is keyed by, correct across app instances on one database.
     */
    async latestSeq(): Promise<number> {
      const row = await db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.max('seq').as('seq'))
        .executeTakeFirst();
      return Number(row?.seq ?? 0);
    },
    async list(filter: {
      entity?: string;
      entityId?: string;
      limit?: number;
    }): Promise<AuditRecord[]> {
      let query = db
        .selectFrom('audit_log')
        .selectAll()
        .orderBy('seq', 'desc')
        .limit(Math.min(filter.limit ?? 100, 1000));
      if (filter.entity) query = query.where('entity', '=', filter.entity);
      if (filter.entityId) query = query.where('entity_id', '=', filter.entityId);
      const rows = await query.execute();
      return rows.map((r) => ({
        seq: Number(r.seq),
        at: r.at,
        actor: r.actor,
        action: r.action,
        entity: r.entity,
        entityId: r.entity_id,
        oldValue: r.old_value === null ? null : (JSON.parse(r.old_value) as unknown),
        newValue: r.new_value === null ? null : (JSON.parse(r.new_value) as unknown),
        reason: r.reason,
      }));
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
