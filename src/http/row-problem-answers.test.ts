import ExcelJS from 'exceljs';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RowProblem } from '../contract/common.ts';
import { createTestDatabase, testEngine, type TestDatabase } from '../store/test-database.ts';
import { buildApp, type AppDeps, type LantuApp } from './app.ts';
import { seedCollectionDistrict } from './test-app.ts';
import { loginAs, type SessionHeaders } from './test-session.ts';

/**
 * Every batch refuses its bad rows in one shape (core/row-problem.ts), documented once: the
 * typed batch, the entry form, an uploaded template and the project list all answer with
 * problems that the one registered schema accepts, and OpenAPI lists that schema once.
 */
describe(`one row-problem shape on every batch route, on ${testEngine}`, () => {
  let database: TestDatabase;
  let deps: AppDeps;
  let app: LantuApp;
  let reporter: SessionHeaders;
  let planner: SessionHeaders;
  // additionalProperties false: a field the schema does not name is a second shape.
  const isRowProblem = new Ajv({ strict: false }).compile({
    ...RowProblem,
    additionalProperties: false,
  });

  const problemsOf = (body: unknown): unknown[] => {
    const list = (body as { details?: { problems?: unknown } }).details?.problems;
    if (!Array.isArray(list)) throw new Error(`no details.problems in ${JSON.stringify(body)}`);
    return list;
  };
  const expectRowProblems = (list: readonly unknown[]) => {
    expect(list.length).toBeGreaterThan(0);
    for (const problem of list)
      expect(isRowProblem(problem), JSON.stringify(isRowProblem.errors)).toBe(true);
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    deps = await seedCollectionDistrict(database, 'rp');
    app = await buildApp(deps);
    reporter = await loginAs(app, deps, 'reporter', { unitCodes: ['T1'] });
    planner = await loginAs(app, deps, 'planner', { unitCodes: ['D'] });
  });
  afterAll(async () => {
    await app.close();
    await database.dispose();
  });

  it('the schema refuses what is not a row problem (the check can fail)', () => {
    expect(isRowProblem({ index: 0, field: 'value', value: 1, reason: 'x', reasonEn: 'x' })).toBe(
      false,
    );
    expect(
      isRowProblem({ row: 2, field: 'value', value: 1, rule: 'r', reason: 'x', reasonEn: 'x' }),
    ).toBe(true);
  });

  it('POST /api/observations/batch: a bad row', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/observations/batch',
      headers: reporter,
      payload: {
        rows: [{ indicatorCode: 'NOPE', unitCode: 'T1', periodId: '202503', value: 1 }],
      },
    });
    expect(response.statusCode).toBe(422);
    const problems = problemsOf(response.json());
    expectRowProblems(problems);
    expect(problems[0]).toMatchObject({
      row: 1,
      field: 'indicatorCode',
      rule: 'unknown-indicator',
    });
  });

  it('PUT /api/collection/entries: a bad entry names its line', async () => {
    const response = await app.inject({
      method: 'PUT',
      url: '/api/collection/entries',
      headers: reporter,
      payload: {
        entries: [
          { unit: 'T1', indicator: 'RETAIL', period: '202503', value: 10, version: 0 },
          { unit: 'T1', indicator: 'NOPE', period: '202503', value: 1, version: 0 },
        ],
      },
    });
    expect(response.statusCode).toBe(400);
    const problems = problemsOf(response.json());
    expectRowProblems(problems);
    expect(problems).toEqual([
      expect.objectContaining({ row: 2, indicator: 'NOPE', rule: 'unknown-indicator' }),
    ]);
  });

  it('POST /api/collection/upload: a bad cell names its sheet, row and column', async () => {
    const csv = Buffer.from('单位编码,指标编码,期间编码,本期数值\nT1,EMPLOY,202502,abc\n');
    const response = await app.inject({
      method: 'POST',
      url: '/api/collection/upload?wait=true',
      headers: reporter,
      payload: { fileName: 'feb.csv', contentBase64: csv.toString('base64') },
    });
    expect(response.statusCode).toBe(200);
    const job = response.json<{ status: string; problems: unknown[] }>();
    expect(job.status).toBe('rejected');
    expectRowProblems(job.problems);
    expect(job.problems[0]).toMatchObject({ sheet: 'feb.csv', row: 2, column: 'D' });
  });

  it('POST /api/projects/import: a bad cell of the list', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('项目');
    sheet.addRow(['2025年重点项目清单']);
    sheet.addRow(['序号', '项目名称', '项目类别', '责任单位']);
    sheet.addRow([1, '甲项目', '产业', '无此单位']);
    const content = Buffer.from(await book.xlsx.writeBuffer()).toString('base64');
    const response = await app.inject({
      method: 'POST',
      url: '/api/projects/import',
      headers: planner,
      payload: { fileName: 'projects.xlsx', contentBase64: content, year: 2025 },
    });
    expect([403, 422]).toContain(response.statusCode);
    const problems = problemsOf(response.json());
    expectRowProblems(problems);
    // The list's third row, fourth column (D): 责任单位.
    expect(problems[0]).toMatchObject({
      row: 3,
      field: 'unit',
      column: 'D',
      columnName: '责任单位',
    });
  });

  it('OpenAPI documents the shape once, and each of these answers refers to it', async () => {
    const spec = (
      await app.inject({ method: 'GET', url: '/api/docs/json', headers: planner })
    ).json<{
      components: { schemas: Record<string, unknown> };
      paths: Record<string, Record<string, unknown>>;
    }>();
    const definitions = Object.values(spec.components.schemas).filter(
      (s) => JSON.stringify(s).includes('"columnName"') && JSON.stringify(s).includes('"reasonEn"'),
    );
    expect(Object.keys(spec.components.schemas)).toContain('RowProblem');
    expect(definitions).toHaveLength(1);
    const reference = '"$ref":"#/components/schemas/RowProblem"';
    const answers = (path: string, method: string) =>
      JSON.stringify((spec.paths[path]?.[method] as { responses?: unknown })?.responses ?? null);
    for (const [path, method] of [
      ['/api/observations/batch', 'post'],
      ['/api/collection/entries', 'put'],
      ['/api/collection/upload', 'post'],
      ['/api/collection/upload/file', 'post'],
      ['/api/collection/upload/{jobId}', 'get'],
      ['/api/projects/import', 'post'],
    ] as const)
      expect(answers(path, method), `${method} ${path}`).toContain(reference);
    // Only the one definition spells the shape out: no answer inlines it.
    expect(JSON.stringify(spec.paths)).not.toContain('"columnName"');
  });
});
