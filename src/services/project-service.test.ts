import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractPlan } from '../extract/extract-plan.ts';
import { testEngine, type TestDatabase } from '../store/test-database.ts';
import type { AuditService } from './audit-service.ts';
import { createPlanService } from './plan-service.ts';
import { createFixedClock, systemActor } from './ports.ts';
import type { ProjectInput, ProjectService } from './project-service.ts';
import { createProjectFixture, type ProjectFixture } from './project-test-fixture.ts';

const planText =
  '某区2025年计划\n一、主要目标\n（一）扩投资\n1. 区级重点项目完成投资100亿元以上。\n';

describe(`the key-project registry on ${testEngine}`, () => {
  let database: TestDatabase;
  let projects: ProjectService;
  let audit: AuditService;
  let actor: ProjectFixture['actor'];
  let taskId: string;
  let targetId: string;

  const buildInput = (overrides: Partial<ProjectInput> = {}): ProjectInput => ({
    code: 'P-1',
    name: '歌乐山片区道路',
    kind: 'infrastructure',
    level: 'district',
    stage: 'preparation',
    unitCode: 'DEP',
    townCode: 'T',
    totalInvestmentYuan: 3e8,
    ...overrides,
  });

  beforeAll(async () => {
    let deps: ProjectFixture['deps'];
    ({ database, deps, projects, audit, actor } = await createProjectFixture({
      clock: createFixedClock('2025-10-15T02:00:00.000Z'),
      idPrefix: 'p',
      units: [
        ['T', '单位T', 'town'],
        ['T2', '单位T2', 'town'],
        ['DEP', '单位DEP', 'department'],
        ['DEP2', '单位DEP2', 'department'],
      ],
    }));
    const plans = createPlanService(deps);
    const { planId } = await plans.importPlan(
      extractPlan(planText),
      { unitCode: 'D', sourceDocument: 'plan.txt', text: planText },
      systemActor,
    );
    const task = (await plans.getPlanTree(planId)).nodes[0]?.children[0]?.children[0];
    if (!task?.targets[0]) throw new Error('the plan has no task with a target');
    taskId = task.id;
    targetId = task.targets[0].id;
  });
  afterAll(() => database.dispose());

  it('registers a project for a reporter of its responsible unit, with its units, links and an audit entry', async () => {
    const reporter = actor(['reporter'], ['DEP'], 'dep-reporter');
    const created = await projects.createProject(
      buildInput({ links: [{ nodeId: taskId, targetId }, { nodeId: taskId }] }),
      reporter,
    );
    expect(created).toMatchObject({
      code: 'P-1',
      unit: { code: 'DEP', name: '单位DEP' },
      town: { code: 'T', name: '单位T' },
      totalInvestmentYuan: 3e8,
      version: 1,
    });
    expect(created.links.map((l) => [l.nodeId, l.targetId])).toEqual(
      expect.arrayContaining([
        [taskId, null],
        [taskId, targetId],
      ]),
    );
    const [entry] = await audit.list({ entity: 'project', limit: 1 });
    expect(entry).toMatchObject({ action: 'project.create', actor: 'dep-reporter' });
  });

  it('refuses a reporter of another unit, and a viewer, and stores nothing', async () => {
    await expect(
      projects.createProject(buildInput({ code: 'P-X' }), actor(['reporter'], ['DEP2'])),
    ).rejects.toMatchObject({ code: 'OUT_OF_SCOPE' });
    await expect(
      projects.createProject(buildInput({ code: 'P-X' }), actor(['viewer'], ['D'])),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      projects.updateProject('P-1', { version: 1, leader: '某某' }, actor(['reporter'], ['DEP2'])),
    ).rejects.toMatchObject({ code: 'OUT_OF_SCOPE' });
    expect((await projects.listProjects({ text: 'P-X' })).length).toBe(0);
  });

  it('does not let a reporter hand a project to a unit outside its scope', async () => {
    await expect(
      projects.updateProject('P-1', { version: 1, unitCode: 'DEP2' }, actor(['reporter'], ['DEP'])),
    ).rejects.toMatchObject({ code: 'OUT_OF_SCOPE' });
    expect((await projects.getProject('P-1')).unit.code).toBe('DEP');
  });

  it('edits with the version seen, and answers a stale version CONFLICT with what is stored', async () => {
    const reporter = actor(['reporter'], ['DEP']);
    const edited = await projects.updateProject(
      'P-1',
      { version: 1, stage: 'new-start', progressNote: '完成施工许可' },
      reporter,
      '开工',
    );
    expect(edited).toMatchObject({ stage: 'new-start', progressNote: '完成施工许可', version: 2 });
    await expect(
      projects.updateProject('P-1', { version: 1, leader: '某某' }, reporter),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      details: { current: { version: 2, stage: 'new-start' } },
    });
    const [entry] = await audit.list({ entity: 'project', limit: 1 });
    expect(entry).toMatchObject({ action: 'project.update', reason: '开工' });
  });

  it('refuses to move a project back a stage', async () => {
    await expect(
      projects.updateProject('P-1', { version: 2, stage: 'reserve' }, systemActor),
    ).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
  });

  it('refuses a duplicate code, unknown units, bad fields and a target of another task', async () => {
    await expect(projects.createProject(buildInput(), systemActor)).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(
      projects.createProject(
        buildInput({ code: 'P-2', unitCode: 'NOPE', townCode: 'DEP' }),
        systemActor,
      ),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: {
        problems: [
          { field: 'unitCode', value: 'NOPE' },
          { field: 'townCode', value: 'DEP' },
        ],
      },
    });
    await expect(
      projects.createProject(
        buildInput({ code: 'P-2', startDate: '2026-01', finishDate: '2025-12' }),
        systemActor,
      ),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { problems: [{ field: 'finishDate' }] },
    });
    await expect(
      projects.createProject(
        buildInput({ code: 'P-2', links: [{ nodeId: taskId, targetId: 'no-such-target' }] }),
        systemActor,
      ),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { problems: [{ field: 'links' }] },
    });
    await expect(projects.getProject('P-2')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('filters the list by stage, kind, level, unit (with everything below it), town and text', async () => {
    await projects.createProject(
      buildInput({
        code: 'P-3',
        name: '磁器口民生工程',
        kind: 'livelihood',
        level: 'city',
        stage: 'reserve',
        unitCode: 'DEP2',
        townCode: 'T2',
      }),
      systemActor,
    );
    const codes = async (query: Parameters<typeof projects.listProjects>[0]) =>
      (await projects.listProjects(query)).map((p) => p.code);
    expect(await codes({})).toEqual(['P-1', 'P-3']);
    expect(await codes({ stage: 'reserve' })).toEqual(['P-3']);
    expect(await codes({ kind: 'infrastructure' })).toEqual(['P-1']);
    expect(await codes({ level: 'city' })).toEqual(['P-3']);
    expect(await codes({ unitCode: 'D' })).toEqual(['P-1', 'P-3']);
    expect(await codes({ unitCode: 'DEP2' })).toEqual(['P-3']);
    expect(await codes({ townCode: 'T' })).toEqual(['P-1']);
    expect(await codes({ text: '磁器口' })).toEqual(['P-3']);
    expect(await codes({ unitCode: 'NOPE' })).toEqual([]);
  });
});
