import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultLightThresholds } from '../../core/light-thresholds.ts';
import { createFixedClock, createSequentialIds, systemActor } from '../../services/ports.ts';
import { createRegistryService } from '../../services/registry-service.ts';
import { createTestDatabase, testEngine, type TestDatabase } from '../../store/test-database.ts';
import { buildApp, buildServices, type AppDeps, type LantuApp } from '../app.ts';
import { loginAs, type SessionHeaders } from '../test-session.ts';

describe(`project routes on ${testEngine}`, () => {
  let database: TestDatabase;
  let deps: AppDeps;
  let app: LantuApp;
  let reporter: SessionHeaders;

  beforeAll(async () => {
    database = await createTestDatabase();
    deps = {
      database,
      clock: createFixedClock('2025-10-15T02:00:00.000Z'),
      ids: createSequentialIds('q'),
      thresholds: defaultLightThresholds,
      version: '0.0.0-test',
    };
    const registry = createRegistryService(deps);
    await registry.createUnit(
      { code: 'D', name: '沙坪坝区', kind: 'region', level: 'district', parentCode: null },
      systemActor,
    );
    await registry.createUnit(
      {
        code: 'HOUSING',
        name: '区住房城乡建委',
        kind: 'department',
        level: 'department',
        parentCode: 'D',
      },
      systemActor,
    );
    await registry.createUnit(
      { code: 'JK', name: '井口街道', kind: 'region', level: 'street', parentCode: 'D' },
      systemActor,
    );
    await buildServices(deps).projects.createProject(
      {
        code: 'P1',
        name: '井口道路',
        kind: 'infrastructure',
        level: 'district',
        stage: 'construction',
        unitCode: 'HOUSING',
        townCode: 'JK',
        totalInvestmentYuan: 1e9,
      },
      systemActor,
    );
    app = await buildApp(deps);
    reporter = await loginAs(app, deps, 'reporter', { unitCodes: ['HOUSING'] });
  });
  afterAll(async () => {
    await app.close();
    await database.dispose();
  });

  it('lists, filters and shows projects to a signed-in reader', async () => {
    const list = await app.inject({
      url: '/api/projects?townCode=JK&stage=construction',
      headers: reporter,
    });
    expect(list.statusCode).toBe(200);
    expect(list.json<{ code: string }[]>().map((p) => p.code)).toEqual(['P1']);
    expect(
      (await app.inject({ url: '/api/projects?stage=reserve', headers: reporter })).json<
        unknown[]
      >(),
    ).toEqual([]);
    expect(
      (await app.inject({ url: '/api/projects?stage=nonsense', headers: reporter })).statusCode,
    ).toBe(400);
    const one = await app.inject({ url: '/api/projects/P1', headers: reporter });
    expect(one.json<unknown>()).toMatchObject({
      code: 'P1',
      town: { code: 'JK', name: '井口街道' },
      links: [],
    });
    expect((await app.inject({ url: '/api/projects/NOPE', headers: reporter })).statusCode).toBe(
      404,
    );
  });

  it('answers the Gantt path before a project code, with today', async () => {
    const gantt = await app.inject({
      url: '/api/projects/gantt?unitCode=HOUSING',
      headers: reporter,
    });
    expect(gantt.statusCode).toBe(200);
    expect(gantt.json<unknown>()).toMatchObject({ today: '2025-10-15', rows: [{ code: 'P1' }] });
  });

  it('answers the district summary before a project code, for this year without plans', async () => {
    expect(
      (await app.inject({ url: '/api/projects/summary', headers: reporter })).json<unknown>(),
    ).toMatchObject({
      year: 2025,
    });
    const summary = await app.inject({ url: '/api/projects/summary?year=2025', headers: reporter });
    expect(summary.statusCode).toBe(200);
    expect(summary.json<unknown>()).toMatchObject({
      year: 2025,
      stageCounts: [{ stage: 'construction', count: 1 }],
      blockers: { active: 0 },
    });
  });

  it('lets the responsible unit’s reporter edit, and answers a stale version 409', async () => {
    const edit = (version: number) =>
      app.inject({
        method: 'PATCH',
        url: '/api/projects/P1',
        payload: { version, progressNote: '路基完成' },
        headers: reporter,
      });
    expect((await edit(1)).statusCode).toBe(200);
    const stale = await edit(1);
    expect(stale.statusCode).toBe(409);
    expect(stale.json<unknown>()).toMatchObject({
      code: 'CONFLICT',
      details: { current: { version: 2 } },
    });
  });

  it('downloads the list as .xlsx in the office layout', async () => {
    const download = await app.inject({
      url: '/api/projects/export.xlsx?year=2025&throughMonth=9',
      headers: reporter,
    });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toMatch(/spreadsheetml/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(download.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet?.getCell(3, 7).value).toBe('1—9月完成投资');
    expect(sheet?.getCell(5, 3).value).toBe('井口道路');
    expect(sheet?.getCell(5, 5).value).toBe(100000);
  });
});
