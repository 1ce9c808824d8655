/**
 * Test fixture of data collection: a district with two towns and a department with a
 * sub-unit, four indicators with reporting duties, actors of each role, and a clock the
 * test moves. Shared by the collection service tests.
 */
import { defaultLightThresholds } from '../core/light-thresholds.ts';
import type { Role } from '../core/permission.ts';
import { createTestDatabase, type TestDatabase } from '../store/test-database.ts';
import { createCollectionService } from './collection-service.ts';
import {
  createSequentialIds,
  systemActor,
  type Actor,
  type Clock,
  type ServiceDeps,
} from './ports.ts';
import { createRegistryService } from './registry-service.ts';

/** A clock the test sets: `now` is an ISO timestamp, `today` its date. */
export function createSettableClock(start: string): Clock & { set(iso: string): void } {
  let current = start;
  return {
    now: () => current,
    today: () => current.slice(0, 10),
    set: (iso) => {
      current = iso;
    },
  };
}

export interface CollectionFixture {
  readonly database: TestDatabase;
  readonly deps: ServiceDeps;
  readonly clock: ReturnType<typeof createSettableClock>;
  readonly service: ReturnType<typeof createCollectionService>;
  readonly paths: ReadonlyMap<string, string>;
  /** An actor with the roles, scoped to the units given by code. */
  actor(roles: Role | readonly Role[], unitCodes: readonly string[], id?: string): Actor;
  dispose(): Promise<void>;
}

export const units = [
  { code: 'D', name: '沙坪坝区', kind: 'region', level: 'district', parentCode: null },
  { code: 'T1', name: '小龙坎街道', kind: 'region', level: 'street', parentCode: 'D' },
  { code: 'T2', name: '天星桥街道', kind: 'region', level: 'street', parentCode: 'D' },
  { code: 'DEPT', name: '区商务委', kind: 'department', level: 'department', parentCode: null },
  { code: 'DEPT-A', name: '商贸科', kind: 'department', level: 'section', parentCode: 'DEPT' },
] as const;

export const indicators = [
  { code: 'RETAIL', name: '社会消费品零售总额', unit: '万元', measure: 'flow', cadence: 'month' },
  { code: 'EMPLOY', name: '从业人员', unit: '人', measure: 'stock', cadence: 'month' },
  { code: 'GOODAIR', name: '空气质量优良天数比例', unit: '%', measure: 'rate', cadence: 'month' },
  { code: 'GDP', name: '地区生产总值', unit: '亿元', measure: 'flow', cadence: 'quarter' },
] as const;

export async function createCollectionFixture(
  start = '2025-04-02T02:00:00.000Z',
): Promise<CollectionFixture> {
  const database = await createTestDatabase();
  const clock = createSettableClock(start);
  const deps: ServiceDeps = {
    database,
    clock,
    ids: createSequentialIds('c'),
    thresholds: defaultLightThresholds,
  };
  const registry = createRegistryService(deps);
  for (const u of units) await registry.createUnit({ ...u }, systemActor);
  for (const i of indicators)
    await registry.createIndicator({ ...i, kind: 'kpi', direction: 'higher' }, systemActor);
  const service = createCollectionService(deps);
  for (const town of ['T1', 'T2'])
    await service.setAssignments(town, ['RETAIL', 'EMPLOY', 'GOODAIR', 'GDP'], systemActor);
  await service.setAssignments('DEPT-A', ['RETAIL'], systemActor);
  await service.setEntryRules(
    'RETAIL',
    { minValue: 0, maxValue: 100_000, maxYoyChangePct: 50 },
    systemActor,
  );
  const paths = new Map(
    (await database.db.selectFrom('unit').select(['code', 'path']).execute()).map((u) => [
      u.code,
      u.path,
    ]),
  );
  let n = 0;
  return {
    database,
    deps,
    clock,
    service,
    paths,
    actor: (roles, unitCodes, id) => ({
      id: id ?? `user-${++n}`,
      name: id ?? `user-${n}`,
      requestId: `req-${n}`,
      roles: typeof roles === 'string' ? [roles] : roles,
      scopePaths: unitCodes.map((c) => paths.get(c) ?? '/none/'),
    }),
    dispose: () => database.dispose(),
  };
}
