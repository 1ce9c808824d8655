/**
 * The append-only audit log as services see it: every change to data or plan, with
 * who, when, the old and new values and why. The log itself is a repository
 * (store/audit-log.ts); there is deliberately no update or delete here.
 */
import {
  createAuditLog,
  stampChange,
  type AuditChange,
  type AuditEntry,
} from '../store/audit-log.ts';
import type { Actor, Clock, ServiceDeps } from './ports.ts';

export type { AuditRecord } from '../store/audit-log.ts';

/**
 * The entry for one change, stamped with the clock and the actor's request — for the
 * bulk path, which appends many stamped entries at once; a single change goes through
 * `recordChange` (store/audit-log.ts).
 */
export function buildAuditEntry(clock: Clock, actor: Actor, change: AuditChange): AuditEntry {
  return stampChange(clock.now(), actor, change);
}

export function createAuditService(deps: ServiceDeps) {
  const log = createAuditLog(deps.database.db, deps.clock);
  return {
    /**
     * The sequence number of the newest audit entry (0 when there is none): every change to
     * data or plan appends one, so it names the version of the data — what a cache of an
     * assessed plan is keyed by, correct across app instances on one database.
     */
    latestSeq: () => log.latestSeq(),
    list: (filter: { entity?: string; entityId?: string; limit?: number }) => log.list(filter),
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
