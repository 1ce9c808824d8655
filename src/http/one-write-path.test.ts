/**
 * One write path (issue 8): the forged write — a street reporter sending a negative value
 * that claims to come from a plan document — is refused by every route that carries values,
 * and the database is unchanged, byte for byte.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../services/ports.ts';
import type { Database } from '../store/schema.ts';
import { createTestDatabase, testEngine, type TestDatabase } from '../store/test-database.ts';
import { buildApp, buildServices, type AppDeps, type LantuApp } from './app.ts';
import { buildTestAppDeps } from './test-app.ts';
import { loginAs, type SessionHeaders } from './test-session.ts';

const tables: (keyof Database)[] = [
  'unit',
  'indicator',
  'observation',
  'rollup',
  'audit_log',
  'indicator_unit',
  'task_progress',
];

describe(`the forged write on ${testEngine}`, () => {
  let database: TestDatabase;
  let deps: AppDeps;
  let app: LantuApp;
  let reporter: SessionHeaders;

  /** A hash of every row of the tables a value write could touch. */
  const fingerprint = async () => {
    const hash = createHash('sha256');
    for (const table of tables) {
      const rows = await database.db.selectFrom(table).selectAll().execute();
      const lines = rows.map((r) => JSON.stringify(r)).sort();
      hash.update(`${table}\n${lines.join('\n')}\n`);
    }
    return hash.digest('hex');
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    deps = buildTestAppDeps(database, 'w', 'test');
    const services = buildServices(deps);
    await services.registry.createUnit(
      { code: '500106', name: '沙坪坝区', kind: 'region', level: 'district', parentCode: null },
      systemActor,
    );
    await services.registry.createUnit(
      {
        code: '500106001',
        name: '小龙坎街道',
        kind: 'region',
        level: 'town',
        parentCode: '500106',
      },
      systemActor,
    );
    await services.registry.createIndicator(
      {
        code: 'RETAIL',
        name: '社会消费品零售总额',
        unit: '亿元',
        kind: 'statistic',
        measure: 'flow',
        direction: 'higher',
        cadence: 'month',
      },
      systemActor,
    );
    app = await buildApp(deps);
    reporter = await loginAs(app, deps, 'reporter', { unitCodes: ['500106001'] });
  });
  afterAll(async () => {
    await app.close();
    await database.dispose();
  });

  const forged = {
    indicatorCode: 'RETAIL',
    unitCode: '500106001',
    periodId: '202512',
    value: -5,
    source: 'document',
    sourceRef: 'forged.txt#1',
  };

  it('is refused by the batch API, which names the source it may not claim', async () => {
    const before = await fingerprint();
    const response = await app.inject({
      method: 'POST',
      url: '/api/observations/batch',
      headers: reporter,
      payload: { rows: [forged] },
    });
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
    expect(response.statusCode).toBeLessThan(500);
    const body = response.json<{ code: string; details: { problems: { field: string }[] } }>();
    expect(body.details.problems.map((p) => p.field)).toEqual(expect.arrayContaining(['source']));
    expect(await fingerprint()).toBe(before);
  });

  it('is refused by the batch API by the entry rules even without a forged source', async () => {
    const before = await fingerprint();
    const response = await app.inject({
      method: 'POST',
      url: '/api/observations/batch',
      headers: reporter,
      payload: { rows: [{ ...forged, source: 'entered', sourceRef: undefined }] },
    });
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
    expect(response.statusCode).toBeLessThan(500);
    expect(await fingerprint()).toBe(before);
  });

  it('is refused by data entry', async () => {
    const before = await fingerprint();
    const response = await app.inject({
      method: 'PUT',
      url: '/api/collection/entries',
      headers: reporter,
      payload: {
        entries: [
          { unit: '500106001', indicator: 'RETAIL', period: '202512', value: -5, version: 0 },
        ],
      },
    });
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
    expect(response.statusCode).toBeLessThan(500);
    expect(await fingerprint()).toBe(before);
  });

  it('is refused by an upload, as a rejected job that wrote nothing', async () => {
    const before = await fingerprint();
    const csv = Buffer.from(
      '单位编码,指标编码,期间编码,本期数值\n500106001,RETAIL,202512,-5\n',
    ).toString('base64');
    const response = await app.inject({
      method: 'POST',
      url: '/api/collection/upload?wait=true',
      headers: reporter,
      payload: { fileName: 'forged.csv', contentBase64: csv },
    });
    const job = response.json<{ status: string }>();
    expect(response.statusCode >= 400 || job.status === 'rejected').toBe(true);
    expect(await fingerprint()).toBe(before);
  });
});
