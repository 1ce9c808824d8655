import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '../store/test-database.ts';
import { createDemoFixture, type DemoFixture } from './collection-test-fixture.ts';

// examples/shapingba-2025/projects.xlsx (simulated; scripts/generate-projects-sample.ts).
describe(`the demo's key projects, on ${testEngine}`, () => {
  let fixture: DemoFixture;
  beforeAll(async () => {
    fixture = await createDemoFixture('2025-10-15T02:00:00.000Z');
  });
  afterAll(() => fixture.dispose());

  it('loads the sample list: 15 projects in five sections, each with its responsible department', async () => {
    const projects = await fixture.services.projects.listProjects();
    expect(projects).toHaveLength(15);
    const byKind = new Map<string, number>();
    for (const p of projects) byKind.set(p.kind, (byKind.get(p.kind) ?? 0) + 1);
    expect(Object.fromEntries(byKind)).toEqual({
      industry: 4,
      infrastructure: 4,
      livelihood: 3,
      'urban-renewal': 3,
      promotion: 1,
    });
    expect(projects.every((p) => p.unit.code.startsWith('500106-D'))).toBe(true);
    expect(projects.every((p) => p.town !== null)).toBe(true);
  });

  it('reads the 亿元 cell, the full-width figures and the promotion project’s stage', async () => {
    const [xiyong] = await fixture.services.projects.listProjects({ text: '西永智能终端' });
    expect(xiyong?.totalInvestmentYuan).toBe(3.2e8);
    const [community] = await fixture.services.projects.listProjects({ text: '嵌入式服务' });
    expect(community?.totalInvestmentYuan).toBe(8000 * 1e4);
    const [motor] = await fixture.services.projects.listProjects({ kind: 'promotion' });
    expect(motor?.stage).toBe('signed');
  });

  it('gives the 旬调度 of 2025年10月上旬 something to show, every record simulated', async () => {
    const list = await fixture.services.projects.getDispatchList('202510D1');
    expect(list.asOf).toBe('2025-10-10');
    // No month is approved yet: each project is 283/365 of its year behind (calendar 序时).
    expect(list.behindPlan).toHaveLength(15);
    for (const p of list.behindPlan) expect(p.gapPoints).toBeCloseTo((-283 / 365) * 100, 8);
    // 竣工验收 forecast 15 Dec against 31 Oct: 45 days; 主体完工 due 15 Sept, undone by 10 Oct: 25.
    expect(
      list.slippingMilestones.map((m) => [m.projectCode, m.node, m.reason, m.slipDays]),
    ).toEqual([
      ['XM2025-013', 'acceptance', 'forecast-late', 45],
      ['XM2025-008', 'topping-out', 'past-due', 25],
    ]);
    expect(list.blockers.map((b) => [b.projectCode, b.overdueDays])).toEqual([['XM2025-012', 10]]);
    expect(list.carried.map((d) => [d.periodId, d.seq, d.status])).toEqual([
      ['202509D3', 1, 'overdue'],
      ['202509D3', 2, 'open'],
    ]);
    expect(list.carried.every((d) => d.text.includes('（模拟）'))).toBe(true);
  });
});
