import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultLightThresholds } from '../core/light-thresholds.ts';
import { testEngine } from '../store/test-database.ts';
import { createDemoFixture, type DemoFixture } from './collection-test-fixture.ts';
import type { PlanNodeView } from './plan-tree-view.ts';
import { systemActor, type Actor } from './ports.ts';

const planner: Actor = { ...systemActor, id: 'planner-1', name: '规划科', requestId: 'r' };
const viewer: Actor = { ...systemActor, id: 'viewer-1', roles: ['viewer'] };

const allTargets = (nodes: readonly PlanNodeView[]): PlanNodeView['targets'] =>
  nodes.flatMap((n) => [...n.targets, ...allTargets(n.children)]);

describe(`light thresholds set in the web on ${testEngine}`, () => {
  let fixture: DemoFixture;
  beforeAll(async () => {
    fixture = await createDemoFixture('2025-10-15T02:00:00.000Z');
  });
  afterAll(() => fixture.dispose());

  const parking = async () => {
    const tree = await fixture.services.plans.getPlanTree(fixture.planId);
    const found = allTargets(tree.nodes).find((t) => t.metric === '公共停车泊位');
    if (!found) throw new Error('no parking target');
    return found;
  };

  it('starts from the deployment’s thresholds at version 0', async () => {
    expect(await fixture.services.plans.getLightThresholds()).toMatchObject({
      thresholds: defaultLightThresholds,
      defaults: defaultLightThresholds,
      version: 0,
    });
  });

  it('turns a flow target red once the yellow band is narrower than its gap', async () => {
    const before = await parking();
    // 7.9 points behind expected progress: inside the default 10-point yellow band.
    expect(before.assessment.light).toBe('yellow');
    const gap = before.assessment.gapPoints ?? 0;
    expect(gap).toBeGreaterThan(5);
    expect(gap).toBeLessThan(10);
    const saved = await fixture.services.plans.setLightThresholds(
      { version: 0, flowYellowPoints: 5 },
      planner,
      '从严考核',
    );
    expect(saved).toMatchObject({
      version: 1,
      thresholds: { ...defaultLightThresholds, flowYellowPoints: 5 },
      updatedBy: 'planner-1',
    });
    expect((await parking()).assessment.light).toBe('red');
    const [entry] = await fixture.services.audit.list({ entity: 'setting' });
    expect(entry).toMatchObject({
      action: 'light-thresholds.set',
      reason: '从严考核',
      oldValue: { flowYellowPoints: 10 },
      newValue: { flowYellowPoints: 5 },
    });
  });

  it('refuses a stale version and a role without the grant, changing nothing', async () => {
    await expect(
      fixture.services.plans.setLightThresholds({ version: 0, flowYellowPoints: 20 }, planner),
    ).rejects.toMatchObject({ code: 'CONFLICT', details: { currentVersion: 1 } });
    await expect(
      fixture.services.plans.setLightThresholds({ version: 1, flowYellowPoints: 20 }, viewer),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await fixture.services.plans.getLightThresholds()).thresholds.flowYellowPoints).toBe(5);
  });
});
