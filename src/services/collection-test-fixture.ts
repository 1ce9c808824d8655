/**
 * Test fixtures of the services, each on a fresh test database with sequential ids: the
 * collection fixture (a district with two towns and a department with a sub-unit, four
 * indicators with reporting duties, actors of each role, and a clock the test moves) and
 * the demo fixture (the Shapingba demo loaded as `npm start` loads it, at a fixed time).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultLightThresholds } from '../core/light-thresholds.ts';
import type { Role } from '../core/permission.ts';
import { createTestDatabase, type TestDatabase } from '../store/test-database.ts';
import { createAuditService } from './audit-service.ts';
import { createCollectionService } from './collection-service.ts';
import { loadDemo, type DemoData } from './demo-service.ts';
import { createObservationService } from './observation-service.ts';
import { createPlanService } from './plan-service.ts';
import { createProjectService } from './project-service.ts';
import {
  createFixedClock,
  createSequentialIds,
  systemActor,
  type Actor,
  type Clock,
  type ServiceDeps,
} from './ports.ts';
import { createRegistryService } from './registry-service.ts';

/** A fresh test database and the service dependencies over it: the clock, ids `<prefix>1, <prefix>2, …`. */
async function openTestDeps(
  clock: Clock,
  idPrefix: string,
): Promise<{ database: TestDatabase; deps: ServiceDeps }> {
  const database = await createTestDatabase();
  const deps: ServiceDeps = {
    database,
    clock,
    ids: createSequentialIds(idPrefix),
    thresholds: defaultLightThresholds,
  };
  return { database, deps };
}

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

const findStored = (database: TestDatabase, unit: string, indicator: string, period: string) =>
  database.db
    .selectFrom('observation')
    .innerJoin('unit', 'unit.id', 'observation.unit_id')
    .innerJoin('indicator', 'indicator.id', 'observation.indicator_id')
    .select([
      'observation.value',
      'observation.state',
      'observation.version',
      'observation.comment',
      'observation.source',
      'observation.submitted_on',
      'observation.review_reason',
    ])
    .where('unit.code', '=', unit)
    .where('indicator.code', '=', indicator)
    .where('observation.period_id', '=', period)
    .executeTakeFirst();

export interface CollectionFixture {
  readonly database: TestDatabase;
  readonly deps: ServiceDeps;
  readonly clock: ReturnType<typeof createSettableClock>;
  readonly service: ReturnType<typeof createCollectionService>;
  readonly paths: ReadonlyMap<string, string>;
  /** The stored observation of a unit, indicator and period (by code), or undefined. */
  stored(unit: string, indicator: string, period: string): ReturnType<typeof findStored>;
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
  const clock = createSettableClock(start);
  const { database, deps } = await openTestDeps(clock, 'c');
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
    stored: (unit, indicator, period) => findStored(database, unit, indicator, period),
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

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The demo as the server reads it from examples/shapingba-2025 (http/server.ts readDemoData). */
export function readDemoData(): DemoData {
  const read = (name: string) =>
    JSON.parse(
      fs.readFileSync(path.join(repositoryRoot, 'examples', 'shapingba-2025', name), 'utf8'),
    ) as unknown;
  const plan = read('plan.json') as { document: string; plan: DemoData['plan'] };
  return {
    units: read('units.json') as DemoData['units'],
    indicators: read('indicators.json') as DemoData['indicators'],
    plan: plan.plan,
    planDocument: plan.document,
    projectList: {
      fileName: 'projects.xlsx',
      content: fs.readFileSync(
        path.join(repositoryRoot, 'examples', 'shapingba-2025', 'projects.xlsx'),
      ),
    },
  };
}

const buildDemoServices = (deps: ServiceDeps) => ({
  registry: createRegistryService(deps),
  observations: createObservationService(deps),
  plans: createPlanService(deps),
  audit: createAuditService(deps),
  collection: createCollectionService(deps),
  projects: createProjectService(deps),
});

export interface DemoFixture {
  readonly database: TestDatabase;
  readonly deps: ServiceDeps;
  readonly services: ReturnType<typeof buildDemoServices>;
  readonly planId: string;
  dispose(): Promise<void>;
}

/** A fresh database with the Shapingba demo loaded, as `npm start` loads it, with the clock fixed at `now`. */
export async function createDemoFixture(now: string): Promise<DemoFixture> {
  const { database, deps } = await openTestDeps(createFixedClock(now), 'p');
  const services = buildDemoServices(deps);
  const { planId } = await loadDemo(readDemoData(), services, systemActor);
  return { database, deps, services, planId, dispose: () => database.dispose() };
}
