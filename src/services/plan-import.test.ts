import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../core/domain-error.ts';
import { testEngine } from '../store/test-database.ts';
import { createDemoFixture, type DemoFixture } from './collection-test-fixture.ts';
import { defaultPlanUnit, importPlanFrom } from './plan-import.ts';
import type { Actor } from './ports.ts';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const seedPath = path.join(repositoryRoot, '../shared/corpus/00_shapingba_2025_plan.txt');
const hasCorpus = fs.existsSync(seedPath);
if (!hasCorpus)
  console.warn(`[plan-import.test] ${seedPath} is absent: the document import tests are skipped`);

// The demo's units (examples/shapingba-2025/units.json): the district and one of its towns.
const DISTRICT = '500106';
const TOWN = '500106001';

const actorOf = (fixture: DemoFixture, roles: Actor['roles'], unitCode: string): Promise<Actor> =>
  fixture.database.db
    .selectFrom('unit')
    .select('path')
    .where('code', '=', unitCode)
    .executeTakeFirstOrThrow()
    .then(({ path }) => ({
      id: `${roles.join('+')}@${unitCode}`,
      name: 'test',
      requestId: 'req',
      roles,
      scopePaths: [path],
    }));

const codeOf = async (error: Promise<unknown>) => {
  try {
    await error;
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  return 'no error';
};

describe(`one plan import use case on ${testEngine}`, () => {
  let fixture: DemoFixture;
  beforeAll(async () => {
    fixture = await createDemoFixture('2025-10-15T02:00:00.000Z');
  });
  afterAll(() => fixture.dispose());

  it('puts a plan without a named unit under the region at the top of the hierarchy', async () => {
    expect(await defaultPlanUnit(fixture.services.registry)).toBe(DISTRICT);
  });

  it.skipIf(!hasCorpus)(
    'reads, extracts and dry-runs the seed report as a revision of the demo plan, in the district',
    async () => {
      const planner = await actorOf(fixture, ['planner'], DISTRICT);
      const result = await importPlanFrom(
        fixture.services,
        { fileName: '00_shapingba_2025_plan.txt', bytes: fs.readFileSync(seedPath) },
        { dryRun: true },
        planner,
      );
      // The demo's plan.json is the seed report extracted, so the document is the same plan.
      expect(result.planId).toBe(fixture.planId);
      expect(result.isNew).toBe(false);
      expect(result.targets).toBeGreaterThan(0);
    },
  );

  it.skipIf(!hasCorpus)(
    'refuses a town planner importing a district plan, and a viewer importing anything',
    async () => {
      const source = {
        fileName: '00_shapingba_2025_plan.txt',
        bytes: fs.readFileSync(seedPath),
      };
      const townPlanner = await actorOf(fixture, ['planner'], TOWN);
      const viewer = await actorOf(fixture, ['viewer'], DISTRICT);
      expect(
        await codeOf(importPlanFrom(fixture.services, source, { dryRun: true }, townPlanner)),
      ).toBe('OUT_OF_SCOPE');
      expect(await codeOf(importPlanFrom(fixture.services, source, { dryRun: true }, viewer))).toBe(
        'FORBIDDEN',
      );
    },
  );
});

describe(`plan writes check the actor in the service, without HTTP, on ${testEngine}`, () => {
  let fixture: DemoFixture;
  beforeAll(async () => {
    fixture = await createDemoFixture('2025-10-15T02:00:00.000Z');
  });
  afterAll(() => fixture.dispose());

  const firstTarget = async () => {
    const tree = await fixture.services.plans.getPlanTree(fixture.planId);
    const walk = (nodes: typeof tree.nodes): (typeof tree.nodes)[number][] =>
      nodes.flatMap((n) => [n, ...walk(n.children)]);
    const node = walk(tree.nodes).find((n) => n.targets.length > 0);
    if (!node) throw new Error('the demo plan has no target');
    return { node, target: node.targets[0]! };
  };

  it('a reviewer may not adopt the plan; a town planner may not adopt the district plan', async () => {
    const reviewer = await actorOf(fixture, ['reviewer'], DISTRICT);
    const townPlanner = await actorOf(fixture, ['planner'], TOWN);
    const plans = fixture.services.plans;
    expect(await codeOf(plans.setPlanStatus(fixture.planId, 'adopted', reviewer))).toBe(
      'FORBIDDEN',
    );
    expect(await codeOf(plans.setPlanStatus(fixture.planId, 'adopted', townPlanner))).toBe(
      'OUT_OF_SCOPE',
    );
    expect((await plans.listPlans())[0]?.status).toBe('draft');
  });

  it('a reporter may not edit a target; a town planner may not edit the district plan', async () => {
    const { target } = await firstTarget();
    const reporter = await actorOf(fixture, ['reporter'], DISTRICT);
    const townPlanner = await actorOf(fixture, ['planner'], TOWN);
    const patch = { version: target.version, value: 1 };
    const plans = fixture.services.plans;
    expect(await codeOf(plans.updateTarget(target.id, patch, reporter))).toBe('FORBIDDEN');
    expect(await codeOf(plans.updateTarget(target.id, patch, townPlanner))).toBe('OUT_OF_SCOPE');
    expect((await firstTarget()).target.value).toBe(target.value);
  });

  it('a town planner may not set the units of a task in the district plan', async () => {
    const { node } = await firstTarget();
    const townPlanner = await actorOf(fixture, ['planner'], TOWN);
    const current = {
      lead: node.units.filter((u) => u.role === 'lead').map((u) => u.code),
      co: node.units.filter((u) => u.role === 'co').map((u) => u.code),
    };
    expect(
      await codeOf(
        fixture.services.plans.setNodeUnits(
          fixture.planId,
          node.id,
          { lead: [TOWN], co: [], expected: current },
          townPlanner,
        ),
      ),
    ).toBe('OUT_OF_SCOPE');
  });

  it('a district planner may adopt the plan', async () => {
    const planner = await actorOf(fixture, ['planner'], DISTRICT);
    await fixture.services.plans.setPlanStatus(fixture.planId, 'adopted', planner);
    expect((await fixture.services.plans.listPlans())[0]?.status).toBe('adopted');
  });
});
