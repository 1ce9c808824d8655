import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultLightThresholds } from '../core/light-thresholds.ts';
import type { Role } from '../core/permission.ts';
import { createTestDatabase, testEngine, type TestDatabase } from '../store/test-database.ts';
import { createAuditService } from './audit-service.ts';
import { createDataEntryService } from './data-entry-service.ts';
import { createDocumentService } from './document-service.ts';
import {
  createFixedClock,
  createSequentialIds,
  systemActor,
  type Actor,
  type ServiceDeps,
} from './ports.ts';
import { createRegistryService } from './registry-service.ts';
import { createReviewService } from './review-service.ts';
import { createTimelinessService } from './timeliness-service.ts';
import { createWarningService } from './warning-service.ts';

/**
 * Each write a service offers refuses, by itself and without HTTP, an actor whose roles
 * (core/permission.ts defaultGrants) or unit scope do not cover it, and records nothing.
 * Plans (plan-import.test.ts), observation batches, settings and projects pin theirs
 * beside their own tests.
 */
const actor = (roles: Role[], scopePaths: string[]): Actor => ({
  id: `${roles.join('+')}@${scopePaths.join(',')}`,
  name: roles.join('+'),
  requestId: 'req-refuse',
  roles,
  scopePaths,
});

describe(`services refuse unauthorised actors on ${testEngine}`, () => {
  let database: TestDatabase;
  let deps: ServiceDeps;
  let town1Path = '';

  beforeAll(async () => {
    database = await createTestDatabase();
    deps = {
      database,
      clock: createFixedClock('2025-10-15T02:00:00.000Z'),
      ids: createSequentialIds('u'),
      thresholds: defaultLightThresholds,
    };
    const registry = createRegistryService(deps);
    await registry.createUnit(
      { code: 'DISTRICT', name: '沙坪坝区', kind: 'region', level: 'district', parentCode: null },
      systemActor,
    );
    town1Path = (
      await registry.createUnit(
        {
          code: 'TOWN1',
          name: '小龙坎街道',
          kind: 'region',
          level: 'street',
          parentCode: 'DISTRICT',
        },
        systemActor,
      )
    ).path;
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

  const town1Reporter = () => actor(['reporter'], [town1Path]);
  const town1Reviewer = () => actor(['reviewer'], [town1Path]);
  // unit.write and indicator.write belong to planners (and admins) only; a unit edit must
  // also lie within the actor's scope (a new unit: its parent's; a top-level one: '/').
  const registry = () => createRegistryService(deps);
  const cases: {
    name: string;
    code: 'FORBIDDEN' | 'OUT_OF_SCOPE';
    write: () => Promise<unknown>;
  }[] = [
    {
      name: 'registry: a reporter creating a unit',
      code: 'FORBIDDEN',
      write: () =>
        registry().createUnit(
          { code: 'X1', name: '新街道', kind: 'region', level: 'street', parentCode: 'DISTRICT' },
          actor(['reporter'], ['/']),
        ),
    },
    {
      name: 'registry: a street planner creating a unit under the district',
      code: 'OUT_OF_SCOPE',
      write: () =>
        registry().createUnit(
          { code: 'X2', name: '新街道', kind: 'region', level: 'street', parentCode: 'DISTRICT' },
          actor(['planner'], [town1Path]),
        ),
    },
    {
      name: 'registry: a street planner creating a top-level unit',
      code: 'OUT_OF_SCOPE',
      write: () =>
        registry().createUnit(
          { code: 'X3', name: '新区', kind: 'region', level: 'district', parentCode: null },
          actor(['planner'], [town1Path]),
        ),
    },
    {
      name: 'registry: a street planner renaming the other street',
      code: 'OUT_OF_SCOPE',
      write: () =>
        registry().updateUnit('TOWN2', { name: '改名' }, actor(['planner'], [town1Path])),
    },
    {
      name: 'registry: a reviewer renaming a unit',
      code: 'FORBIDDEN',
      write: () => registry().updateUnit('TOWN1', { name: '改名' }, actor(['reviewer'], ['/'])),
    },
    {
      name: 'registry: a viewer creating a category',
      code: 'FORBIDDEN',
      write: () =>
        registry().createCategory(
          { code: 'C1', name: '分类', parentCode: null },
          actor(['viewer'], ['/']),
        ),
    },
    {
      name: 'registry: a reporter creating an indicator',
      code: 'FORBIDDEN',
      write: () =>
        registry().createIndicator(
          {
            code: 'GDP',
            name: '地区生产总值',
            unit: '亿元',
            kind: 'kpi',
            measure: 'flow',
            direction: 'higher',
            cadence: 'quarter',
          },
          actor(['reporter'], ['/']),
        ),
    },
    {
      name: 'registry: a reviewer editing an indicator',
      code: 'FORBIDDEN',
      write: () =>
        registry().updateIndicator('RETAIL', { name: '改名' }, actor(['reviewer'], ['/'])),
    },
    {
      name: 'timeliness: a reporter setting due days',
      code: 'FORBIDDEN',
      write: () =>
        createTimelinessService(deps).setDueRules({ month: 20 }, actor(['reporter'], ['/'])),
    },
    {
      name: 'data entry: a street reporter submitting the other street',
      code: 'OUT_OF_SCOPE',
      write: () =>
        createDataEntryService(deps).submit({ unit: 'TOWN2', period: '202509' }, town1Reporter()),
    },
    {
      name: 'data entry: a reviewer submitting',
      code: 'FORBIDDEN',
      write: () =>
        createDataEntryService(deps).submit({ unit: 'TOWN1', period: '202509' }, town1Reviewer()),
    },
    {
      name: 'data entry: a reporter assigning indicators',
      code: 'FORBIDDEN',
      write: () =>
        createDataEntryService(deps).setAssignments('TOWN1', ['RETAIL'], town1Reporter()),
    },
    {
      name: 'review: a street reviewer approving the other street',
      code: 'OUT_OF_SCOPE',
      write: () =>
        createReviewService(deps).review(
          { unit: 'TOWN2', period: '202509', decision: 'approve' },
          town1Reviewer(),
        ),
    },
    {
      name: 'review: a reporter approving its own street',
      code: 'FORBIDDEN',
      write: () =>
        createReviewService(deps).review(
          { unit: 'TOWN1', period: '202509', decision: 'approve' },
          town1Reporter(),
        ),
    },
    {
      name: 'warnings: a reviewer acknowledging a warning',
      code: 'FORBIDDEN',
      write: () =>
        createWarningService(deps).act(
          'w-1',
          { action: 'acknowledge' },
          actor(['reviewer'], ['/']),
        ),
    },
    {
      name: 'documents: a reporter generating a document',
      code: 'FORBIDDEN',
      write: () =>
        createDocumentService(deps).generate(
          'monthly-bulletin',
          'plan-1',
          actor(['reporter'], ['/']),
        ),
    },
  ];

  it.each(cases)('refuses, without HTTP, $name ($code) and records nothing', async (c) => {
    const audit = createAuditService(deps);
    const before = await audit.latestSeq();
    await expect(c.write()).rejects.toMatchObject({ code: c.code });
    expect(await audit.latestSeq()).toBe(before);
  });

  it('lets a street planner rename its own street (the refusals are not blanket)', async () => {
    const renamed = await registry().updateUnit(
      'TOWN1',
      { name: '小龙坎街道办' },
      actor(['planner'], [town1Path]),
    );
    expect(renamed.name).toBe('小龙坎街道办');
  });
});
