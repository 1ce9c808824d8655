import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../core/permission.ts';
import { testEngine } from '../store/test-database.ts';
import { createAuditService } from './audit-service.ts';
import { createDemoFixture, readDemoData, type DemoFixture } from './collection-test-fixture.ts';
import { systemActor, type Actor } from './ports.ts';

describe(`task progress and collection on the demo, on ${testEngine}`, () => {
  let fixture: DemoFixture;
  let services: DemoFixture['services'];
  let planId: string;
  let task: { id: string; leadCode: string; leadPath: string };
  let otherPath: string;

  const actor = (roles: Role[], scopePaths: string[], id: string): Actor => ({
    id,
    name: id,
    requestId: `req-${id}`,
    roles,
    scopePaths,
  });

  beforeAll(async () => {
    fixture = await createDemoFixture('2025-11-20T02:00:00.000Z');
    ({ services, planId } = fixture);
    const lead = await fixture.database.db
      .selectFrom('plan_node_unit')
      .innerJoin('plan_node', 'plan_node.id', 'plan_node_unit.node_id')
      .innerJoin('unit', 'unit.id', 'plan_node_unit.unit_id')
      .select(['plan_node.id', 'unit.code', 'unit.path'])
      .where('plan_node.kind', '=', 'task')
      .where('plan_node_unit.role', '=', 'lead')
      .orderBy('plan_node.sort_order')
      .executeTakeFirstOrThrow();
    task = { id: lead.id, leadCode: lead.code, leadPath: lead.path };
    const other = await fixture.database.db
      .selectFrom('unit')
      .select('path')
      .where('kind', '=', 'department')
      .where('id', 'not in', (eb) =>
        eb.selectFrom('plan_node_unit').select('unit_id').where('node_id', '=', task.id),
      )
      .executeTakeFirstOrThrow();
    otherPath = other.path;
  });
  afterAll(() => fixture.dispose());

  it('lets the lead unit’s reporter file, edit and submit a monthly update', async () => {
    const reporter = actor(['reporter'], [task.leadPath], 'lead-reporter');
    const draft = await services.collection.saveProgress(
      task.id,
      {
        period: '202510',
        narrative: '完成立项',
        percentComplete: 30,
        problems: '用地报批慢',
        version: 0,
      },
      reporter,
    );
    expect(draft).toMatchObject({
      state: 'draft',
      version: 1,
      unitCode: task.leadCode,
      percentComplete: 30,
    });
    const submitted = await services.collection.saveProgress(
      task.id,
      {
        period: '202510',
        narrative: '完成立项及初设',
        percentComplete: 35,
        version: 1,
        submit: true,
      },
      reporter,
    );
    expect(submitted).toMatchObject({
      state: 'submitted',
      version: 2,
      narrative: '完成立项及初设',
    });
    await expect(
      services.collection.saveProgress(
        task.id,
        { period: '202510', narrative: '旧版本', percentComplete: 20, version: 1 },
        reporter,
      ),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('refuses another unit’s reporter, a viewer, and a period that is not a month', async () => {
    await expect(
      services.collection.saveProgress(
        task.id,
        { period: '202511', narrative: 'x', percentComplete: 10, version: 0 },
        actor(['reporter'], [otherPath], 'other-reporter'),
      ),
    ).rejects.toMatchObject({ code: 'OUT_OF_SCOPE' });
    await expect(
      services.collection.saveProgress(
        task.id,
        { period: '202511', narrative: 'x', percentComplete: 10, version: 0 },
        actor(['viewer'], ['/'], 'viewer'),
      ),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      services.collection.saveProgress(
        task.id,
        { period: '2025Q4', narrative: 'x', percentComplete: 10, version: 0 },
        actor(['reporter'], [task.leadPath], 'lead-reporter'),
      ),
    ).rejects.toMatchObject({ code: 'INVALID_PERIOD' });
  });

  it('has reviewers return with a reason or accept, and locks an accepted update', async () => {
    const reviewer = actor(['reviewer'], ['/'], 'reviewer');
    const [update] = await services.collection.listTaskProgress(task.id);
    expect(update).toBeDefined();
    if (!update) return;
    await expect(
      services.collection.reviewProgress(update.id, { decision: 'return' }, reviewer),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(
      services.collection.reviewProgress(
        update.id,
        { decision: 'accept' },
        actor(['reporter'], [task.leadPath], 'lead-reporter'),
      ),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const accepted = await services.collection.reviewProgress(
      update.id,
      { decision: 'accept' },
      reviewer,
    );
    expect(accepted).toMatchObject({ state: 'accepted', reviewedBy: 'reviewer' });
    await expect(
      services.collection.saveProgress(
        task.id,
        { period: '202510', narrative: '改', percentComplete: 40, version: accepted.version },
        actor(['reporter'], [task.leadPath], 'lead-reporter'),
      ),
    ).rejects.toMatchObject({ code: 'PERIOD_LOCKED' });
    const log = await createAuditService(fixture.deps).list({
      entity: 'task_progress',
      entityId: update.id,
    });
    expect(log.map((e) => e.action).reverse()).toEqual([
      'task-progress.save',
      'task-progress.submit',
      'task-progress.accept',
    ]);
  });

  it('shows on the plan each task’s latest submitted or accepted update, not drafts', async () => {
    const reporter = actor(['reporter'], [task.leadPath], 'lead-reporter');
    await services.collection.saveProgress(
      task.id,
      { period: '202511', narrative: '草稿', percentComplete: 50, version: 0 },
      reporter,
    );
    const progress = await services.collection.getPlanProgress(planId);
    const row = progress.find((p) => p.nodeId === task.id);
    expect(row?.latest).toMatchObject({ period: '202510', state: 'accepted', percentComplete: 35 });
    expect(row?.leadUnits.map((u) => u.code)).toContain(task.leadCode);
    expect(progress.filter((p) => p.latest !== null)).toHaveLength(1);
  });

  it('gives a demo town its monthly form with last year’s values', async () => {
    const town = readDemoData().units.units.find((u) => u.level === 'street')!;
    const form = await services.collection.getForm(town.code, '202510', systemActor);
    // Towns report the monthly flows that add up over towns; departments report the
    // district-wide ones they own, and averages are the district's alone.
    const townFlows = readDemoData()
      .indicators.indicators.filter(
        (i) =>
          i.cadence === 'month' &&
          i.measure === 'flow' &&
          i.ownerUnitCode === undefined &&
          !/人均|平均/.test(i.name),
      )
      .map((i) => i.code)
      .sort();
    expect(form.lines.map((l) => l.indicatorCode).sort()).toEqual(townFlows);
    expect(form.lines.every((l) => l.lastYearValue !== null)).toBe(true);
    expect(form.counts.missing).toBe(form.lines.length);
  });

  it('lists the demo towns as overdue for October after 10 November', async () => {
    const overdue = await services.collection.getOverdue({
      asOf: '2025-11-20',
      since: '2025-10-01',
    });
    const towns = readDemoData().units.units.filter(
      (u) => u.level === 'street' || u.level === 'town',
    );
    expect(overdue.units.filter((u) => u.unitKind === 'region').length).toBeGreaterThanOrEqual(
      towns.length,
    );
    const first = overdue.units.find((u) => u.unitCode === towns[0]?.code);
    expect(first?.periods.map((p) => p.periodId)).toContain('202510');
  });
});
