import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine, type TestDatabase } from '../store/test-database.ts';
import type { AuditService } from './audit-service.ts';
import { createFixedClock, systemActor } from './ports.ts';
import type { ProjectService } from './project-service.ts';
import { createProjectFixture, type ProjectFixture } from './project-test-fixture.ts';

describe(`milestones, baseline and Gantt data, on ${testEngine}`, () => {
  let database: TestDatabase;
  let projects: ProjectService;
  let audit: AuditService;
  let actor: ProjectFixture['actor'];

  beforeAll(async () => {
    ({ database, projects, audit, actor } = await createProjectFixture({
      // Today: 2025-07-10.
      clock: createFixedClock('2025-07-10T02:00:00.000Z'),
      idPrefix: 'm',
      units: [
        ['HOUSING', 'HOUSING', 'department'],
        ['EDU', 'EDU', 'department'],
      ],
      underConstruction: [
        ['P1', 'HOUSING'],
        ['P2', 'EDU'],
      ],
    }));
  });
  afterAll(() => database.dispose());

  it('keeps the approved baseline when the plan moves, and measures the slip against it', async () => {
    const owner = actor(['reporter'], ['HOUSING']);
    await projects.setMilestones(
      'P1',
      [
        { node: 'construction-permit', plannedDate: '2025-05-31', actualDate: '2025-06-05' },
        { node: 'start', plannedDate: '2025-06-30' },
        { node: 'topping-out', plannedDate: '2025-12-31' },
      ],
      owner,
    );
    await projects.approveBaseline('P1', '', actor(['planner'], ['D']));
    const moved = await projects.setMilestones(
      'P1',
      [
        { node: 'start', plannedDate: '2025-08-31', forecastDate: '2025-08-15' },
        { node: 'topping-out', forecastDate: '2026-01-20' },
      ],
      owner,
    );
    expect(moved.map((m) => [m.node, m.baselineDate, m.slipDays, m.light])).toEqual([
      ['construction-permit', '2025-05-31', 5, 'done'],
      // Baseline 6-30 passed undone; forecast 8-15: 46 days late.
      ['start', '2025-06-30', 46, 'red'],
      // Forecast 20 days after its baseline, not yet due.
      ['topping-out', '2025-12-31', 20, 'yellow'],
    ]);
  });

  it('re-baselines only with a reason, and records it', async () => {
    const planner = actor(['planner'], ['D']);
    await expect(projects.approveBaseline('P1', '', planner)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await expect(
      projects.approveBaseline('P1', '规划调整', actor(['reporter'], ['HOUSING'])),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const again = await projects.approveBaseline('P1', '规划调整，区政府专题会同意', planner);
    expect(again.find((m) => m.node === 'start')?.baselineDate).toBe('2025-08-31');
    const [entry] = await audit.list({ entity: 'project', limit: 1 });
    expect(entry).toMatchObject({
      action: 'milestone.rebaseline',
      reason: '规划调整，区政府专题会同意',
    });
  });

  it('refuses another unit’s edit and an actual date in the future', async () => {
    await expect(
      projects.setMilestones(
        'P1',
        [{ node: 'start', actualDate: '2025-07-01' }],
        actor(['reporter'], ['EDU']),
      ),
    ).rejects.toMatchObject({ code: 'OUT_OF_SCOPE' });
    await expect(
      projects.setMilestones('P1', [{ node: 'start', actualDate: '2025-07-11' }], systemActor),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('gives a department’s Gantt rows with today, milestones and the worst light', async () => {
    const gantt = await projects.getGantt({ unitCode: 'HOUSING' });
    expect(gantt.today).toBe('2025-07-10');
    expect(gantt.rows.map((r) => [r.code, r.light, r.milestones.length])).toEqual([
      ['P1', 'yellow', 3],
    ]);
    const all = await projects.getGantt({});
    expect(all.rows.map((r) => [r.code, r.light])).toEqual([
      ['P1', 'yellow'],
      ['P2', 'none'],
    ]);
  });

  it('exports the department’s Gantt as a workbook: a row per project, today’s month ruled, a node sheet', async () => {
    const gantt = await projects.getGantt({ unitCode: 'HOUSING' });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(
      (await projects.exportGantt({ unitCode: 'HOUSING' })) as unknown as ArrayBuffer,
    );
    const sheet = workbook.getWorksheet('甘特图');
    if (!sheet) throw new Error('no Gantt sheet');
    expect(sheet.getRow(1).getCell(1).value).toBe('HOUSING重点项目甘特图（截至2025-07-10）');
    expect(sheet.getRow(3).getCell(1).value).toBe('P1');
    expect(sheet.getRow(3).getCell(6).value).toBe('黄');
    expect(sheet.getRow(4).getCell(1).value ?? null).toBeNull();
    const header = sheet.getRow(2).values as unknown[];
    const todayCol = header.indexOf('2025.07');
    expect(todayCol).toBeGreaterThan(6);
    expect(sheet.getRow(3).getCell(todayCol).border.left?.color?.argb).toBe('FFE74C3C');
    expect(sheet.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape' });
    const nodes = workbook.getWorksheet('节点');
    // A header and one line per milestone of the rows shown.
    expect(nodes?.rowCount).toBe(1 + (gantt.rows[0]?.milestones.length ?? 0));
  });

  it('pages the Gantt by code with the total, each page with its own projects’ milestones', async () => {
    for (const n of [3, 4, 5, 6])
      await projects.createProject(
        {
          code: `P${n}`,
          name: `项目P${n}`,
          kind: 'livelihood',
          level: 'district',
          stage: 'preparation',
          unitCode: 'HOUSING',
        },
        systemActor,
      );
    await projects.setMilestones(
      'P5',
      [{ node: 'approval', plannedDate: '2025-03-01' }],
      systemActor,
    );
    const first = await projects.getGantt({ unitCode: 'HOUSING', limit: 2 });
    expect([first.total, first.offset, first.limit]).toEqual([5, 0, 2]);
    expect(first.rows.map((r) => [r.code, r.milestones.length])).toEqual([
      ['P1', 3],
      ['P3', 0],
    ]);
    const second = await projects.getGantt({ unitCode: 'HOUSING', limit: 2, offset: 2 });
    expect(second.rows.map((r) => [r.code, r.milestones.map((m) => m.node)])).toEqual([
      ['P4', []],
      ['P5', ['approval']],
    ]);
    const last = await projects.getGantt({ unitCode: 'HOUSING', limit: 2, offset: 4 });
    expect([last.total, last.rows.map((r) => r.code)]).toEqual([5, ['P6']]);
    const beyond = await projects.getGantt({ unitCode: 'HOUSING', limit: 2, offset: 10 });
    expect([beyond.total, beyond.rows]).toEqual([5, []]);
    // A page holds at most the largest page, whatever is asked.
    expect((await projects.getGantt({ limit: 1_000_000 })).limit).toBe(1000);
    // An unknown unit narrows to nothing rather than widening to everything.
    expect(await projects.getGantt({ unitCode: 'NOPE' })).toMatchObject({ total: 0, rows: [] });
  });
});
