import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testEngine, type TestDatabase } from '../../store/test-database.ts';
import { buildApp, type AppDeps, type LantuApp } from '../app.ts';
import { seedCollectionDistrict } from '../test-app.ts';
import { loginAs, type SessionHeaders } from '../test-session.ts';

describe(`collection routes on ${testEngine}`, () => {
  let database: TestDatabase;
  let deps: AppDeps;
  let app: LantuApp;
  let reporter: SessionHeaders;
  let reviewer: SessionHeaders;

  beforeAll(async () => {
    database = await createTestDatabase();
    deps = await seedCollectionDistrict(database, 'r');
    app = await buildApp(deps);
    reporter = await loginAs(app, deps, 'reporter', { unitCodes: ['T1'] });
    reviewer = await loginAs(app, deps, 'reviewer', { unitCodes: ['D'] });
  });
  afterAll(async () => {
    await app.close();
    await database.dispose();
  });

  it('declares a permission on every collection and task write route', () => {
    const routes = app.lantuWriteRoutes.filter((r) => /\/(collection|tasks)\//.test(r.url));
    expect(routes.map((r) => `${r.method} ${r.url} ${r.permission}`).sort()).toEqual([
      'POST /api/collection/drafts/delete observation.write',
      'POST /api/collection/reopen observation.review',
      'POST /api/collection/review observation.review',
      'POST /api/collection/submit observation.write',
      'POST /api/collection/upload observation.write',
      'POST /api/collection/upload/file observation.write',
      'POST /api/tasks/:nodeId/progress task-progress.write',
      'POST /api/tasks/progress/:id/attachments task-progress.write',
      'POST /api/tasks/progress/:id/review task-progress.review',
      'PUT /api/collection/assignments/:unitCode indicator.write',
      'PUT /api/collection/due-rules indicator.write',
      'PUT /api/collection/entries observation.write',
      'PUT /api/collection/rules/:indicatorCode indicator.write',
    ]);
  });

  it('serves the form to a viewer, who may not write, and to no one without a session', async () => {
    const url = '/api/collection/form?unit=T1&period=202503';
    expect((await app.inject({ url })).statusCode).toBe(401);
    const viewer = await loginAs(app, deps, 'viewer', { unitCodes: ['T1'] });
    const response = await app.inject({ url, headers: viewer });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ canWrite: false, counts: { due: 2 } });
  });

  it('saves a draft and answers a stale version with 409 and the current value', async () => {
    const put = (value: number, version: number) =>
      app.inject({
        method: 'PUT',
        url: '/api/collection/entries',
        headers: reporter,
        payload: {
          entries: [{ unit: 'T1', indicator: 'RETAIL', period: '202503', value, version }],
        },
      });
    const first = await put(100, 0);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ saved: [{ version: 1, state: 'draft' }] });
    expect((await put(110, 1)).statusCode).toBe(200);
    const stale = await put(999, 1);
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({
      code: 'CONFLICT',
      details: { conflicts: [{ current: { value: 110, version: 2 } }] },
    });
  });

  it('answers rule problems with 400 and the list', async () => {
    const response = await app.inject({
      method: 'PUT',
      url: '/api/collection/entries',
      headers: reporter,
      payload: {
        entries: [{ unit: 'T1', indicator: 'RETAIL', period: '202502', value: -1, version: 0 }],
      },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { problems: [{ rule: 'cumulative-falls', field: 'value' }] },
    });
  });

  it('downloads the template and takes it back, with progress by job', async () => {
    const download = await app.inject({
      url: '/api/collection/template.xlsx?unit=T1&period=202503',
      headers: reporter,
    });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toContain('spreadsheetml');
    expect(download.headers['content-disposition']).toContain("filename*=UTF-8''");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(download.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('填报')!;
    sheet.eachRow((row, n) => {
      if (n > 1 && row.getCell(2).value === 'EMPLOY') row.getCell(10).value = 4200;
    });
    const payload = {
      fileName: '三月.xlsx',
      contentBase64: Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64'),
    };
    const started = await app.inject({
      method: 'POST',
      url: '/api/collection/upload',
      headers: reporter,
      payload,
    });
    expect(started.statusCode).toBe(202);
    const { id } = started.json<{ id: string }>();
    let job = started.json<{ status: string }>();
    for (let i = 0; i < 100 && !['done', 'rejected', 'failed'].includes(job.status); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      job = (await app.inject({ url: `/api/collection/upload/${id}`, headers: reporter })).json();
    }
    expect(job).toMatchObject({ status: 'done', result: { written: 1, skipped: 1 } });

    const csv = Buffer.from('单位编码,指标编码,期间编码,本期数值\nT1,EMPLOY,202502,abc\n').toString(
      'base64',
    );
    const rejected = await app.inject({
      method: 'POST',
      url: '/api/collection/upload?wait=true',
      headers: reporter,
      payload: { fileName: 'feb.csv', contentBase64: csv },
    });
    expect(rejected.statusCode).toBe(200);
    expect(rejected.json()).toMatchObject({
      status: 'rejected',
      problems: [{ sheet: 'feb.csv', row: 2, column: 'D', rule: 'not-a-number' }],
    });
  });

  it('lets a reviewer approve and refuses a reporter', async () => {
    const submit = await app.inject({
      method: 'POST',
      url: '/api/collection/submit',
      headers: reporter,
      payload: { unit: 'T1', period: '202503' },
    });
    expect(submit.json()).toMatchObject({ submitted: 2, missing: [] });
    const body = { unit: 'T1', period: '202503', decision: 'approve' };
    const refused = await app.inject({
      method: 'POST',
      url: '/api/collection/review',
      headers: reporter,
      payload: body,
    });
    expect(refused.statusCode).toBe(403);
    const approved = await app.inject({
      method: 'POST',
      url: '/api/collection/review',
      headers: reviewer,
      payload: body,
    });
    expect(approved.statusCode).toBe(200);
    const status = await app.inject({
      url: '/api/collection/status?period=202503&under=T1',
      headers: reviewer,
    });
    expect(status.json()).toMatchObject({ counts: { approved: 2 } });
  });

  it('answers an upload of random bytes with 422 UNREADABLE_DOCUMENT, starting no job', async () => {
    const bytes = Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 31 + 7) % 256));
    for (const url of ['/api/collection/upload', '/api/collection/upload?wait=true']) {
      const response = await app.inject({
        method: 'POST',
        url,
        headers: reporter,
        payload: { fileName: 'noise.xlsx', contentBase64: bytes.toString('base64') },
      });
      expect(response.statusCode).toBe(422);
      expect(response.json()).toMatchObject({
        code: 'UNREADABLE_DOCUMENT',
        message: expect.any(String),
        messageEn: expect.any(String),
      });
    }
  });

  it('takes the file itself as the body, streamed to disk, and answers the job as the JSON form does', async () => {
    const csv = Buffer.from('单位编码,指标编码,期间编码,本期数值\nT1,EMPLOY,202501,4100\n');
    const written = await app.inject({
      method: 'POST',
      url: `/api/collection/upload/file?wait=true&fileName=${encodeURIComponent('一月.csv')}`,
      headers: { ...reporter, 'content-type': 'application/octet-stream' },
      payload: csv,
    });
    expect(written.statusCode, written.body).toBe(200);
    expect(written.json()).toMatchObject({
      status: 'done',
      fileName: '一月.csv',
      result: { written: 1 },
    });
    const bad = Buffer.from('单位编码,指标编码,期间编码,本期数值\nT1,EMPLOY,202502,abc\n');
    const rejected = await app.inject({
      method: 'POST',
      url: '/api/collection/upload/file?wait=true&fileName=feb.csv',
      headers: { ...reporter, 'content-type': 'text/csv' },
      payload: bad,
    });
    expect(rejected.json()).toMatchObject({
      status: 'rejected',
      problems: [{ sheet: 'feb.csv', row: 2, column: 'D', rule: 'not-a-number' }],
    });
    const noise = await app.inject({
      method: 'POST',
      url: '/api/collection/upload/file?fileName=noise.xlsx',
      headers: { ...reporter, 'content-type': 'application/octet-stream' },
      payload: Buffer.from('PK\u0003\u0004 and then nothing an archive has'),
    });
    expect(noise.statusCode).toBe(422);
    expect(noise.json()).toMatchObject({ code: 'UNREADABLE_DOCUMENT' });
  });

  it('serves overdue and timeliness', async () => {
    const overdue = await app.inject({
      url: '/api/collection/overdue?asOf=2025-04-20&since=2025-03-01',
      headers: reviewer,
    });
    expect(overdue.statusCode).toBe(200);
    expect(overdue.json()).toMatchObject({ units: [] });
    const rates = await app.inject({
      url: '/api/collection/timeliness?year=2025&asOf=2025-04-20',
      headers: reviewer,
    });
    expect(rates.statusCode).toBe(200);
    expect(rates.json()).toMatchObject({ year: 2025, rules: { month: 10 } });
  });
});
