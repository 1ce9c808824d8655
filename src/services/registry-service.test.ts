import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultLightThresholds } from '../core/light-thresholds.ts';
import type { Role } from '../core/permission.ts';
import { createTestDatabase, testEngine, type TestDatabase } from '../store/test-database.ts';
import { createAuditService } from './audit-service.ts';
import {
  createFixedClock,
  createSequentialIds,
  systemActor,
  type Actor,
  type ServiceDeps,
} from './ports.ts';
import { createRegistryService, type RegistryService } from './registry-service.ts';

const actor = (roles: Role[], scopePaths: string[]): Actor => ({
  id: `${roles.join('+')}@${scopePaths.join(',')}`,
  name: roles.join('+'),
  requestId: 'req-permission',
  roles,
  scopePaths,
});

describe(`registry service permissions on ${testEngine}`, () => {
  let database: TestDatabase;
  let deps: ServiceDeps;
  let registry: RegistryService;
  /** The materialised path of the first street: a planner scoped to it. */
  let town1Path = '';

  beforeAll(async () => {
    database = await createTestDatabase();
    deps = {
      database,
      clock: createFixedClock('2025-10-15T02:00:00.000Z'),
      ids: createSequentialIds('r'),
      thresholds: defaultLightThresholds,
    };
    registry = createRegistryService(deps);
    await registry.createUnit(
      { code: 'DISTRICT', name: '沙坪坝区', kind: 'region', level: 'district', parentCode: null },
      systemActor,
    );
    const town1 = await registry.createUnit(
      {
        code: 'TOWN1',
        name: '小龙坎街道',
        kind: 'region',
        level: 'street',
        parentCode: 'DISTRICT',
      },
      systemActor,
    );
    town1Path = town1.path;
    await registry.createUnit(
      {
        code: 'TOWN2',
        name: '天星桥街道',
        kind: 'region',
        level: 'street',
        parentCode: 'DISTRICT',
      },
      systemActor,
    );
    await registry.createIndicator(
      {
        code: 'RETAIL',
        name: '社会消费品零售总额',
        unit: '亿元',
        kind: 'kpi',
        measure: 'flow',
        direction: 'higher',
        cadence: 'month',
      },
      systemActor,
    );
  });
  afterAll(() => database.dispose());

  // Grants from core/permission.ts defaultGrants: unit.write and indicator.write belong to
  // planners (and admins) only; a unit edit must also lie within the actor's scope.
  const cases: {
    name: string;
    code: 'FORBIDDEN' | 'OUT_OF_SCOPE';
    write: (as: () => Actor) => Promise<unknown>;
    as: () => Actor;
  }[] = [
    {
      name: 'a reporter creating a unit',
      code: 'FORBIDDEN',
      as: () => actor(['reporter'], ['/']),
      write: (as) =>
        registry.createUnit(
          { code: 'X1', name: '新街道', kind: 'region', level: 'street', parentCode: 'DISTRICT' },
          as(),
        ),
    },
    {
      name: 'a street planner creating a unit under the district',
      code: 'OUT_OF_SCOPE',
      as: () => actor(['planner'], [town1Path]),
      write: (as) =>
        registry.createUnit(
          { code: 'X2', name: '新街道', kind: 'region', level: 'street', parentCode: 'DISTRICT' },
          as(),
        ),
    },
    {
      name: 'a street planner creating a top-level unit',
      code: 'OUT_OF_SCOPE',
      as: () => actor(['planner'], [town1Path]),
      write: (as) =>
        registry.createUnit(
          { code: 'X3', name: '新区', kind: 'region', level: 'district', parentCode: null },
          as(),
        ),
    },
    {
      name: 'a street planner renaming the other street',
      code: 'OUT_OF_SCOPE',
      as: () => actor(['planner'], [town1Path]),
      write: (as) => registry.updateUnit('TOWN2', { name: '改名' }, as()),
    },
    {
      name: 'a reviewer renaming a unit',
      code: 'FORBIDDEN',
      as: () => actor(['reviewer'], ['/']),
      write: (as) => registry.updateUnit('TOWN1', { name: '改名' }, as()),
    },
    {
      name: 'a viewer creating a category',
      code: 'FORBIDDEN',
      as: () => actor(['viewer'], ['/']),
      write: (as) => registry.createCategory({ code: 'C1', name: '分类', parentCode: null }, as()),
    },
    {
      name: 'a reporter creating an indicator',
      code: 'FORBIDDEN',
      as: () => actor(['reporter'], ['/']),
      write: (as) =>
        registry.createIndicator(
          {
            code: 'GDP',
            name: '地区生产总值',
            unit: '亿元',
            kind: 'kpi',
            measure: 'flow',
            direction: 'higher',
            cadence: 'quarter',
          },
          as(),
        ),
    },
    {
      name: 'a reviewer editing an indicator',
      code: 'FORBIDDEN',
      as: () => actor(['reviewer'], ['/']),
      write: (as) => registry.updateIndicator('RETAIL', { name: '改名' }, as()),
    },
  ];

  it.each(cases)('refuses, without HTTP, $name ($code) and records nothing', async (c) => {
    const audit = createAuditService(deps);
    const before = await audit.latestSeq();
    await expect(c.write(c.as)).rejects.toMatchObject({ code: c.code });
    expect(await audit.latestSeq()).toBe(before);
  });

  it('lets a street planner rename its own street (the refusals are not blanket)', async () => {
    const renamed = await registry.updateUnit(
      'TOWN1',
      { name: '小龙坎街道办' },
      actor(['planner'], [town1Path]),
    );
    expect(renamed.name).toBe('小龙坎街道办');
  });
});
