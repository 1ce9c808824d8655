import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../core/permission.ts';
import { testEngine } from '../store/test-database.ts';
import { createDemoFixture, type DemoFixture } from './collection-test-fixture.ts';
import { systemActor, type Actor } from './ports.ts';

describe(`counts of key projects by stage feeding 新开工/竣工 indicators, on ${testEngine}`, () => {
  let fixture: DemoFixture;
  let projects: DemoFixture['services']['projects'];
  const reviewer: Actor = {
    id: 'reviewer',
    name: 'reviewer',
    requestId: 'req-reviewer',
    roles: ['reviewer' satisfies Role],
    scopePaths: ['/'],
  };
  const valueOf = async (indicatorCode: string, unitCode: string, periodId: string) =>
    fixture.database.db
      .selectFrom('observation')
      .innerJoin('indicator', 'indicator.id', 'observation.indicator_id')
      .innerJoin('unit', 'unit.id', 'observation.unit_id')
      .select(['observation.value', 'observation.source', 'observation.state'])
      .where('indicator.code', '=', indicatorCode)
      .where('unit.code', '=', unitCode)
      .where('observation.period_id', '=', periodId)
      .executeTakeFirst();

  beforeAll(async () => {
    fixture = await createDemoFixture('2025-11-20T02:00:00.000Z');
    projects = fixture.services.projects;
  });
  afterAll(() => fixture.dispose());

  it('refuses a month that is not over yet', async () => {
    await expect(projects.syncStageCounts('202511', '500106', reviewer)).rejects.toMatchObject({
      code: 'INVALID_PERIOD',
    });
  });

  it('counts the starts and completions recorded in a month, district-wide and by town, as approved project values', async () => {
    const all = await projects.listProjects({});
    // January 2020: no project of the demo's registry starts or finishes then.
    expect(
      all.some((p) => p.startDate?.startsWith('2020-01') || p.finishDate?.startsWith('2020-01')),
    ).toBe(false);
    const [a, b] = all.filter((p) => p.town !== null);
    if (!a?.town || !b) throw new Error('the demo has too few projects with a town');
    await projects.setMilestones(
      a.code,
      [{ node: 'start', actualDate: '2020-01-15' }],
      systemActor,
    );
    await projects.setMilestones(
      b.code,
      [{ node: 'acceptance', actualDate: '2020-01-20' }],
      systemActor,
    );

    const result = await projects.syncStageCounts('202001', '500106', reviewer);
    expect(result).toEqual([
      { event: 'new-start', indicatorCode: 'KEY_PROJECT_NEW_STARTS', status: 'written', value: 1 },
      {
        event: 'completion',
        indicatorCode: 'KEY_PROJECT_COMPLETIONS',
        status: 'written',
        value: 1,
      },
    ]);
    expect(await valueOf('KEY_PROJECT_NEW_STARTS', '500106', '202001')).toEqual({
      value: 1,
      source: 'project',
      state: 'approved',
    });
    // A's town sees its start; the completion counts there only if B is in the same town.
    const town = await projects.syncStageCounts('202001', a.town.code, reviewer);
    expect(town.map((r) => r.value)).toEqual([1, b.town?.code === a.town.code ? 1 : 0]);
  });

  it('keeps a written month locked: a second count is refused, not silently changed', async () => {
    const [, , c] = (await projects.listProjects({})).filter((p) => p.town !== null);
    if (!c) throw new Error('the demo has too few projects');
    await projects.setMilestones(
      c.code,
      [{ node: 'start', actualDate: '2020-01-25' }],
      systemActor,
    );
    const again = await projects.syncStageCounts('202001', '500106', reviewer);
    expect(again[0]?.status).toBe('refused');
    expect((await valueOf('KEY_PROJECT_NEW_STARTS', '500106', '202001'))?.value).toBe(1);
  });

  it('lets only a reviewer of the region count it', async () => {
    const town: Actor = { ...reviewer, id: 'town-reviewer', scopePaths: ['/nowhere/'] };
    await expect(projects.syncStageCounts('202002', '500106', town)).rejects.toMatchObject({
      code: 'OUT_OF_SCOPE',
    });
  });
});
