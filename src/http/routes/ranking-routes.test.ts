/**
 * The ranking route on the demo: the method configured in the query is the method applied
 * and written out, and a malformed configuration is refused in the one error shape.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../services/demo-service.ts';
import { systemActor } from '../../services/ports.ts';
import { createTestDatabase, type TestDatabase } from '../../store/test-database.ts';
import { buildApp, buildServices, type LantuApp } from '../app.ts';
import { readDemoData } from '../server.ts';
import { buildTestAppDeps } from '../test-app.ts';

describe('GET /api/plans/:id/ranking', () => {
  let database: TestDatabase;
  let app: LantuApp;
  let planId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    const deps = buildTestAppDeps(database, 'r', 'test');
    ({ planId } = await loadDemo(readDemoData(), buildServices(deps), systemActor));
    app = await buildApp({ ...deps, auth: { publicRead: true } });
  }, 120_000);
  afterAll(async () => {
    await app.close();
    await database.dispose();
  });

  it('applies and describes the weights, normalisation and tie tolerance asked for', async () => {
    const response = await app.inject({
      url: `/api/plans/${planId}/ranking?scope=towns&weights=timeliness:30,growth-vs-own-base:70&growthIndicator=RETAIL&normalisation=rank&tieTolerance=5`,
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.method.criteria).toEqual([
      { kind: 'timeliness', weight: 30 },
      { kind: 'growth-vs-own-base', weight: 70 },
    ]);
    expect(body.methodText).toContain('数据报送及时率（权重30%）');
    expect(body.methodText).toContain('较自身上年基数的增速（权重70%）');
    expect(body.methodText).toContain('按名次折算');
    expect(body.methodText).toContain('得分相差不超过5分的并列同一名次');
    expect(body.growthIndicatorCode).toBe('RETAIL');
    // Growth is each town's own: this year's counted months over last year's same months.
    for (const input of body.inputs) if (input.base !== null) expect(input.base).toBeGreaterThan(0);
  });

  it('refuses a criterion it does not know, in the one error shape', async () => {
    const response = await app.inject({
      url: `/api/plans/${planId}/ranking?scope=towns&weights=size:100`,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      code: expect.any(String),
      message: expect.any(String),
    });
  });
});
