/**
 * The observation row and its bulk columns.
 * Observation writes themselves go through the collection store (collection-store.ts),
 * the one write path of every value (docs/decisions/0004-what-counts.md).
 */
import type { ObservationTable } from './schema.ts';

export { type KeyNumbers, type RollupDelta } from './bulk-path.ts';
// The audit log moved to its repository (audit-log.ts); these names stay for callers not yet moved.
export { insertAudit, prepareSqliteAppendAudit, type AuditEntry } from './audit-log.ts';

/**
 * An observation as a bulk write carries it: the public ids (for messages and the audit), the
 * integer keys it is stored under (migration 0030), and who wrote it, when and from what source,
 * which the store keeps once per write in `observation_change` (migration 0031).
 */
export type ObservationRow = Omit<ObservationTable, 'id' | 'change_num'>;

/** The stamp of a write as a cell's change row holds it (migration 0031). */
export type ChangeStamp = Pick<
  ObservationRow,
  'updated_at' | 'updated_by' | 'source' | 'source_ref'
>;

/** The cell columns every bulk write sets, in insertion order, with their PostgreSQL types. */
export const cellColumns = {
  indicator_num: 'int',
  unit_num: 'int',
  period_id: 'text',
  value: 'float8',
  state: 'text',
  version: 'int',
  change_num: 'int',
} as const;
