import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RankingMethod } from '../core/ranking.ts';
import { createDemoFixture, type DemoFixture } from './collection-test-fixture.ts';
import type { PlanNodeView, TargetView } from './plan-tree-view.ts';
import { createRankingService, type RankingResult } from './ranking-service.ts';

/** Competition places (1, 1, 3) from the scores, with no tolerance: the rule the table follows. */
const placesOf = (scores: readonly number[]) =>
  scores.map((s) => 1 + scores.filter((other) => other > s).length);

const everyUnitOnce = (result: RankingResult) => {
  const codes = [...result.rows, ...result.excluded].map((r) => r.unitCode);
  expect(new Set(codes).size).toBe(codes.length);
  expect(codes.sort()).toEqual(result.inputs.map((i) => i.unitCode).sort());
};

describe('rankings (晒比) of the demo plan', () => {
  let fixture: DemoFixture;
  let rankings: ReturnType<typeof createRankingService>;
  beforeAll(async () => {
    fixture = await createDemoFixture('2025-10-15T02:00:00.000Z');
    rankings = createRankingService(fixture.deps);
  });
  afterAll(async () => {
    await fixture.dispose();
  });

  it('ranks the towns by reporting on time, best first, with the method in words', async () => {
    const result = await rankings.getRanking(fixture.planId, { scope: 'towns' });
    const tree = await fixture.services.plans.getPlanTree(fixture.planId);
    const units = await fixture.services.registry.listUnits();
    const district = units.find((u) => u.code === tree.unit.code);
    const towns = units.filter((u) => u.parentId === district?.id && u.kind === 'region');
    expect(towns.length).toBeGreaterThan(1);
    expect(result.inputs.map((i) => i.unitCode).sort()).toEqual(towns.map((t) => t.code).sort());
    everyUnitOnce(result);
    const timeliness = new Map(result.inputs.map((i) => [i.unitCode, i.timeliness]));
    const ranked = result.rows.map((r) => timeliness.get(r.unitCode) ?? -1);
    expect(ranked).toEqual([...ranked].sort((a, b) => b - a));
    expect(result.rows.map((r) => r.place)).toEqual(placesOf(result.rows.map((r) => r.score)));
    expect(result.methodText).toContain('数据报送及时率（权重100%）');
  });

  it('scores a department by its led targets’ progress over 序时, as the plan tree shows them', async () => {
    const result = await rankings.getRanking(fixture.planId, { scope: 'departments' });
    const tree = await fixture.services.plans.getPlanTree(fixture.planId);
    // Recomputed from the tree: each lead department gets the targets of the task it leads.
    const expected = new Map<string, number[]>();
    const under = (n: PlanNodeView): TargetView[] => [...n.targets, ...n.children.flatMap(under)];
    const walk = (n: PlanNodeView) => {
      const leads = n.units.filter((u) => u.role === 'lead');
      if (leads.length === 0) return n.children.forEach(walk);
      for (const t of under(n)) {
        const { shareOfTarget, expectedShare } = t.assessment;
        if (t.status === 'rejected' || shareOfTarget === null || !expectedShare) continue;
        for (const l of leads)
          expected.set(l.code, [...(expected.get(l.code) ?? []), shareOfTarget / expectedShare]);
      }
    };
    tree.nodes.forEach(walk);
    expect(expected.size).toBeGreaterThan(0);
    for (const input of result.inputs) {
      const shares = expected.get(input.unitCode);
      if (shares === undefined) expect(input.completionVsExpected).toBeNull();
      else
        expect(input.completionVsExpected).toBeCloseTo(
          shares.reduce((s, x) => s + x, 0) / shares.length,
          9,
        );
    }
    everyUnitOnce(result);
    // A department missing a criterion is left out, and the method says which and why.
    const inputs = new Map(result.inputs.map((i) => [i.unitCode, i]));
    for (const e of result.excluded) {
      const missing =
        inputs.get(e.unitCode)?.completionVsExpected === null
          ? '目标完成进度与序时进度之比'
          : '数据报送及时率';
      expect(e.reason).toContain(missing);
      expect(result.methodText).toContain(`${e.unitName}（${e.reason}）`);
    }
    expect(result.methodText).toContain('目标完成进度与序时进度之比（权重60%）');
  });

  it('leaves a town out of growth when its base is below the bound, and says so', async () => {
    const method: RankingMethod = {
      criteria: [
        { kind: 'growth-vs-own-base', weight: 1 },
        { kind: 'timeliness', weight: 1 },
      ],
      normalisation: 'rank',
      minimumBase: 1e12,
      tieTolerance: 0,
    };
    const result = await rankings.getRanking(fixture.planId, {
      scope: 'towns',
      method,
      growthIndicatorCode: 'RETAIL',
    });
    // No town sells a trillion yuan a year: every one is left out, each with the reason.
    expect(result.rows).toEqual([]);
    expect(result.excluded.length).toBe(result.inputs.length);
    for (const e of result.excluded) expect(e.reason).toContain('增速不可比');
    expect(result.methodText).toContain('上年基数低于1000000000000的单位增速不可比');
    expect(result.methodText).toContain('按名次折算');
  });
});
