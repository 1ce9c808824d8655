/**
 * Test helper: the dependencies of an app under test (a fixed clock, sequential ids, the
 * default thresholds) and row counts for the effects a request must or must not have.
 */
import { defaultLightThresholds } from '../core/light-thresholds.ts';
import { createFixedClock, createSequentialIds } from '../services/ports.ts';
import type { LantuDatabase } from '../store/database.ts';
import type { Database } from '../store/schema.ts';
import type { AppDeps } from './app.ts';

/**
 * App dependencies on `database` at a fixed instant (2025-10-15 10:00 in Chongqing), with
 * ids `${idPrefix}1`, `${idPrefix}2`, … so that each test file's ids are its own.
 */
export const buildTestAppDeps = (
  database: LantuDatabase,
  idPrefix: string,
  version = '0.0.0-test',
): AppDeps => ({
  database,
  clock: createFixedClock('2025-10-15T02:00:00.000Z'),
  ids: createSequentialIds(idPrefix),
  thresholds: defaultLightThresholds,
  version,
});

/** The number of rows in a table, e.g. to check that a refused write left no audit entry. */
export async function countRows(database: LantuDatabase, table: keyof Database): Promise<number> {
  const { n } = await database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n);
}
