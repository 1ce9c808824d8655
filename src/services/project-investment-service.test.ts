import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../core/permission.ts';
import { testEngine } from '../store/test-database.ts';
import { createDemoFixture, type DemoFixture } from './collection-test-fixture.ts';
import { systemActor, type Actor } from './ports.ts';

describe(`project investment feeding 区级重点项目完成投资, on ${testEngine}`, () => {
  let fixture: DemoFixture;
  let projects: DemoFixture['services']['projects'];
  const codes: { code: string; unitPath: string }[] = [];
  const actor = (roles: Role[], scopePaths: string[], id = roles.join('-')): Actor => ({
    id,
    name: id,
    requestId: `req-${id}`,
    roles,
    scopePaths,
  });
  const districtValue = async (periodId: string) =>
    fixture.database.db
      .selectFrom('observation')
      .innerJoin('indicator', 'indicator.id', 'observation.indicator_id')
      .innerJoin('unit', 'unit.id', 'observation.unit_id')
      .select(['observation.value', 'observation.source', 'observation.state'])
      .where('indicator.code', '=', 'KEY_PROJECT_INVESTMENT')
      .where('unit.code', '=', '500106')
      .where('observation.period_id', '=', periodId)
      .executeTakeFirst();

  beforeAll(async () => {
    // November 2025: October's actuals are being reported (the demo simulates January–September).
    fixture = await createDemoFixture('2025-11-20T02:00:00.000Z');
    projects = fixture.services.projects;
    for (const text of ['歌乐山片区路网', '区人民医院新院区']) {
      const [p] = await projects.listProjects({ text });
      if (!p) throw new Error(`the demo has no project ${text}`);
      const unit = await fixture.database.db
        .selectFrom('unit')
        .select('path')
        .where('code', '=', p.unit.code)
        .executeTakeFirstOrThrow();
      codes.push({ code: p.code, unitPath: unit.path });
    }
  });
  afterAll(() => fixture.dispose());

  it('splits the annual plan by month and measures completion against it', async () => {
    const [road] = codes;
    if (!road) throw new Error('no project');
    const view = await projects.setMonthlyPlan(
      road.code,
      { year: 2025, annualYuan: 3.6e8 },
      systemActor,
    );
    expect(view.lines).toHaveLength(12);
    expect(view.lines.every((l) => l.planYuan === 3e7)).toBe(true);
    expect(view.progress).toMatchObject({
      annualPlanYuan: 3.6e8,
      actualYuan: 0,
      basis: 'monthly-plan',
    });
  });

  it('waits for every planned project before the month counts, then writes the sum as the district’s approved value', async () => {
    const [road, hospital] = codes;
    if (!road || !hospital) throw new Error('no project');
    await projects.setMonthlyPlan(hospital.code, { year: 2025, annualYuan: 2.4e8 }, systemActor);
    const roadReporter = actor(['reporter'], [road.unitPath], 'road-reporter');
    const hospitalReporter = actor(['reporter'], [hospital.unitPath], 'hospital-reporter');
    const reviewer = actor(['reviewer'], ['/'], 'reviewer');

    await projects.reportActual(
      road.code,
      '202510',
      { actualYuan: 3.5e7, version: 0, submit: true },
      roadReporter,
    );
    const first = await projects.reviewActual(
      road.code,
      '202510',
      { decision: 'approve' },
      reviewer,
    );
    expect(first).toEqual({
      state: 'approved',
      indicator: { status: 'waiting', periodId: '202510', approved: 1, lines: 2 },
    });
    expect(await districtValue('202510')).toBeUndefined();

    await projects.reportActual(
      hospital.code,
      '202510',
      { actualYuan: 1.5e7, version: 0, submit: true },
      hospitalReporter,
    );
    const second = await projects.reviewActual(
      hospital.code,
      '202510',
      { decision: 'approve' },
      reviewer,
    );
    // 3500万 + 1500万 = 5000万元 = 0.5亿元, the indicator's unit.
    expect(second.indicator).toEqual({ status: 'written', periodId: '202510', value: 0.5 });
    expect(await districtValue('202510')).toEqual({
      value: 0.5,
      source: 'project',
      state: 'approved',
    });

    // The demo's plan has no 2025 target on the indicator (only last year's 255亿元), so the
    // counted series — what assessment, charts and reports read — is what shows it.
    const series = await fixture.services.observations.getSeries(
      'KEY_PROJECT_INVESTMENT',
      '500106',
      {
        from: '202510',
        to: '202510',
      },
    );
    expect(series.points.find((p) => p.periodId === '202510')).toMatchObject({
      value: 0.5,
      source: 'project',
    });
  });

  it('locks an approved month, and keeps a reporter to the projects of its unit', async () => {
    const [road, hospital] = codes;
    if (!road || !hospital) throw new Error('no project');
    await expect(
      projects.reportActual(road.code, '202510', { actualYuan: 1, version: 2 }, systemActor),
    ).rejects.toMatchObject({ code: 'PERIOD_LOCKED' });
    await expect(
      projects.reportActual(
        road.code,
        '202511',
        { actualYuan: 1, version: 0 },
        actor(['reporter'], [hospital.unitPath]),
      ),
    ).rejects.toMatchObject({ code: 'OUT_OF_SCOPE' });
    await expect(
      projects.reportActual(road.code, '2025Q4', { actualYuan: 1, version: 0 }, systemActor),
    ).rejects.toMatchObject({ code: 'INVALID_PERIOD' });
  });

  it('returns a month with a reason, and the owner may correct and resubmit it', async () => {
    const [road] = codes;
    if (!road) throw new Error('no project');
    const reporter = actor(['reporter'], [road.unitPath]);
    const saved = await projects.reportActual(
      road.code,
      '202511',
      { actualYuan: 9e7, version: 0, submit: true },
      reporter,
    );
    await expect(
      projects.reviewActual(road.code, '202511', { decision: 'return' }, systemActor),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const returned = await projects.reviewActual(
      road.code,
      '202511',
      { decision: 'return', reason: '与形象进度不符' },
      systemActor,
    );
    expect(returned).toEqual({ state: 'returned', indicator: null });
    const corrected = await projects.reportActual(
      road.code,
      '202511',
      { actualYuan: 3e7, version: saved.version + 1, submit: true },
      reporter,
    );
    expect(corrected).toMatchObject({ state: 'submitted', actual_yuan: 3e7 });
  });
});
