import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultLightThresholds } from '../core/light-thresholds.ts';
import { createTestDatabase, testEngine, type TestDatabase } from '../store/test-database.ts';
import { createSequentialIds, systemActor, type Clock } from './ports.ts';
import { createProjectService } from './project-service.ts';
import { createProjectSummaryService } from './project-summary-service.ts';
import { createRegistryService } from './registry-service.ts';

describe(`the district summary of key projects, on ${testEngine}`, () => {
  let database: TestDatabase;
  let day = '2025-01-05';
  const clock: Clock = { now: () => `${day}T02:00:00.000Z`, today: () => day };
  let summary: ReturnType<typeof createProjectSummaryService>;

  beforeAll(async () => {
    database = await createTestDatabase();
    const deps = {
      database,
      clock,
      ids: createSequentialIds('s'),
      thresholds: defaultLightThresholds,
    };
    const registry = createRegistryService(deps);
    const projects = createProjectService(deps);
    summary = createProjectSummaryService(deps);
    await registry.createUnit(
      { code: 'D', name: '区', kind: 'region', level: 'district', parentCode: null },
      systemActor,
    );
    await registry.createUnit(
      { code: 'JK', name: '井口街道', kind: 'region', level: 'street', parentCode: 'D' },
      systemActor,
    );
    await registry.createUnit(
      { code: 'DEP', name: '部门', kind: 'department', level: 'department', parentCode: 'D' },
      systemActor,
    );
    const add = (
      code: string,
      kind: 'industry' | 'livelihood',
      stage: 'construction' | 'preparation',
      townCode: string | null,
    ) =>
      projects.createProject(
        { code, name: code, kind, level: 'district', stage, unitCode: 'DEP', townCode },
        systemActor,
      );
    await add('A', 'industry', 'construction', 'JK');
    await add('B', 'industry', 'preparation', null);
    await add('C', 'livelihood', 'construction', 'JK');
    await projects.setMonthlyPlan('A', { year: 2025, annualYuan: 1200 }, systemActor);
    await projects.setMonthlyPlan('C', { year: 2025, annualYuan: 600 }, systemActor);
    // A: January 100 approved, February 80 only submitted; C: January 40 approved.
    day = '2025-03-05';
    for (const [code, period, value, approve] of [
      ['A', '202501', 100, true],
      ['A', '202502', 80, false],
      ['C', '202501', 40, true],
    ] as const) {
      await projects.reportActual(
        code,
        period,
        { actualYuan: value, version: 0, submit: true },
        systemActor,
      );
      if (approve) await projects.reviewActual(code, period, { decision: 'approve' }, systemActor);
    }
    // Blockers raised 2025-01-05 (59 days before today) and 2025-03-01 (4 days), one past due.
    day = '2025-01-05';
    await projects.raiseBlocker(
      'A',
      { type: 'land', description: '用地', unitCode: 'DEP', dueDate: '2025-02-01' },
      systemActor,
    );
    day = '2025-03-01';
    await projects.raiseBlocker(
      'C',
      { type: 'funds', description: '资金', unitCode: 'DEP', dueDate: '2025-03-31' },
      systemActor,
    );
    // The street solves two blockers due 2025-02-10: 销号 on 02-05 (on time) and 02-20 (late).
    for (const closedOn of ['2025-02-05', '2025-02-20']) {
      day = '2025-01-10';
      const b = await projects.raiseBlocker(
        'B',
        { type: 'approvals', description: '手续', unitCode: 'JK', dueDate: '2025-02-10' },
        systemActor,
      );
      day = closedOn;
      const working = await projects.moveBlocker(
        b.id,
        { to: 'in-progress', version: b.version },
        systemActor,
      );
      const resolved = await projects.moveBlocker(
        b.id,
        { to: 'resolved', version: working.version, evidence: '已办结' },
        systemActor,
      );
      await projects.moveBlocker(b.id, { to: 'closed', version: resolved.version }, systemActor);
    }
    day = '2025-03-05';
  });
  afterAll(() => database.dispose());

  it('counts stages, sums plan and approved actuals by kind and town, and ages the open blockers', async () => {
    const s = await summary.getDistrictSummary(2025);
    expect(Object.fromEntries(s.stageCounts.map((c) => [c.stage, c.count]))).toEqual({
      construction: 2,
      preparation: 1,
    });
    expect(s.total).toMatchObject({ planYuan: 1800, actualYuan: 140 });
    expect(s.total.shareOfPlan).toBeCloseTo(140 / 1800, 10);
    expect(s.total.expectedShare).toBeCloseTo(64 / 365, 10);
    const byKind = Object.fromEntries(
      s.byKind.map((g) => [g.key, [g.planYuan, g.actualYuan, g.projects]]),
    );
    expect(byKind).toEqual({ industry: [1200, 100, 2], livelihood: [600, 40, 1] });
    expect(s.byTown.map((g) => [g.name, g.planYuan, g.actualYuan, g.projects]).sort()).toEqual(
      [
        [null, 0, 0, 1],
        ['井口街道', 1800, 140, 2],
      ].sort(),
    );
    expect(s.blockers).toMatchObject({
      active: 2,
      overdue: 1,
      ageDays: { upTo30: 1, from31To90: 1, over90: 0 },
    });
  });

  it('gives each solving unit its blockers’ age and the share closed by the due date', async () => {
    const s = await summary.getDistrictSummary(2025);
    expect(s.blockers.byUnit).toEqual([
      {
        unit: { code: 'DEP', name: '部门' },
        active: 2,
        overdue: 1,
        // raised 2025-01-05, today 2025-03-05
        oldestActiveAgeDays: 59,
        closed: 0,
        closedOnTime: 0,
        onTimeClosureRate: null,
      },
      {
        unit: { code: 'JK', name: '井口街道' },
        active: 0,
        overdue: 0,
        oldestActiveAgeDays: null,
        closed: 2,
        closedOnTime: 1,
        onTimeClosureRate: 0.5,
      },
    ]);
  });
});
