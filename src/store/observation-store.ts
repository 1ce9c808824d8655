/**
 * The observation row and its bulk columns.
 * Observation writes themselves go through the collection store (collection-store.ts),
 * the one write path of every value (docs/decisions/0004-what-counts.md).
 */
import type { UpsertShape } from './bulk-path.ts';
import type { ObservationTable } from './schema.ts';

export { observationKey, type KeyNumbers, type RollupDelta } from './bulk-path.ts';
// The audit log moved to its repository (audit-log.ts); these names stay for callers not yet moved.
export { insertAudit, prepareSqliteAppendAudit, type AuditEntry } from './audit-log.ts';

/**
 * An observation as a bulk write carries it: the public ids (for messages and the audit) and
 * the integer keys it is stored under (migration 0030).
 */
export type ObservationRow = Omit<ObservationTable, 'id'>;

/** The observation columns every bulk write sets, in insertion order, with their PostgreSQL types. */
export const observationColumns = {
  indicator_num: 'int',
  unit_num: 'int',
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
