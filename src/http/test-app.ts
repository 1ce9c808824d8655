/**
 * Test helper: the dependencies of an app under test (a fixed clock, sequential ids, the
 * default thresholds), a small district to act in, and row counts for the effects a request
 * must or must not have.
 */
import { defaultLightThresholds } from '../core/light-thresholds.ts';
import {
  createFixedClock,
  createSequentialIds,
  systemActor,
  type Actor,
} from '../services/ports.ts';
import { createCollectionService } from '../services/collection-service.ts';
import { indicators, units } from '../services/collection-test-fixture.ts';
import { createRegistryService } from '../services/registry-service.ts';
import type { LantuDatabase } from '../store/database.ts';
import type { Database } from '../store/schema.ts';
import type { AppDeps, Services } from './services.ts';

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

/**
 * The collection fixture's district (collection-test-fixture.ts: units and indicators) on
 * app dependencies at 2025-04-05 10:00 in Chongqing, with town T1 assigned RETAIL and EMPLOY —
 * what the collection route tests report into.
 */
export async function seedCollectionDistrict(
  database: LantuDatabase,
  idPrefix: string,
): Promise<AppDeps> {
  const deps = {
    ...buildTestAppDeps(database, idPrefix),
    clock: createFixedClock('2025-04-05T02:00:00.000Z'),
  };
  const registry = createRegistryService(deps);
  for (const u of units) await registry.createUnit({ ...u }, systemActor);
  for (const i of indicators)
    await registry.createIndicator({ ...i, kind: 'kpi', direction: 'higher' }, systemActor);
  await createCollectionService(deps).setAssignments('T1', ['RETAIL', 'EMPLOY'], systemActor);
  return deps;
}

/**
 * App dependencies for the demo a year after its plan year (2026-11-28): its months are long
 * past due, so whatever a test approves is the newest counted data.
 */
export const buildLateDemoDeps = (database: LantuDatabase, idPrefix: string): AppDeps => ({
  ...buildTestAppDeps(database, idPrefix, 'test'),
  clock: createFixedClock('2026-11-28T02:00:00.000Z'),
});

/** The demo's street 小龙坎街道, a reporter scoped to it and a reviewer over the district. */
export async function demoStreetPeople(
  database: LantuDatabase,
): Promise<{ street: string; reporter: Actor; reviewer: Actor }> {
  const street = '500106001';
  const { path } = await database.db
    .selectFrom('unit')
    .select('path')
    .where('code', '=', street)
    .executeTakeFirstOrThrow();
  return {
    street,
    reporter: {
      id: 'r1',
      name: '街道填报员',
      requestId: '',
      roles: ['reporter'],
      scopePaths: [path],
    },
    reviewer: { ...systemActor, id: 'v1', name: '审核员' },
  };
}

/**
 * A district D with the units given below it (a region is a town, 单位<code>), the category
 * SYSTEM and the monthly flow indicator JOBS (新增就业岗位, 个).
 */
export async function seedDistrict(
  services: Pick<Services, 'registry'>,
  below: readonly { code: string; kind: 'region' | 'department' }[],
): Promise<void> {
  await services.registry.createUnit(
    { code: 'D', name: '区', kind: 'region', level: 'district', parentCode: null },
    systemActor,
  );
  for (const { code, kind } of below)
    await services.registry.createUnit(
      {
        code,
        name: `单位${code}`,
        kind,
        level: kind === 'region' ? 'town' : 'department',
        parentCode: 'D',
      },
      systemActor,
    );
  await services.registry.createCategory(
    { code: 'SYSTEM', name: '体系', parentCode: null },
    systemActor,
  );
  await services.registry.createIndicator(
    {
      code: 'JOBS',
      name: '新增就业岗位',
      unit: '个',
      kind: 'kpi',
      measure: 'flow',
      direction: 'higher',
      cadence: 'month',
    },
    systemActor,
  );
}

/** The number of rows in a table, e.g. to check that a refused write left no audit entry. */
export async function countRows(database: LantuDatabase, table: keyof Database): Promise<number> {
  const { n } = await database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n);
}
