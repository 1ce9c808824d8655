import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../services/demo-service.ts';
import { systemActor } from '../services/ports.ts';
import { createTestDatabase, testEngine, type TestDatabase } from '../store/test-database.ts';
import { buildApp, buildServices, type LantuApp } from './app.ts';
import { readDemoData } from './server.ts';
import { buildTestAppDeps, countRows } from './test-app.ts';
import { logIn, testPassword, type SessionHeaders } from './test-session.ts';

const hasChinese = /[\u4e00-\u9fff]/;

interface PlanNodeBody {
  key: string;
  kind: string;
  children: PlanNodeBody[];
  targets: { id: string; version: number; assessment: { light: string } }[];
}

/** A row of the batch body: a month of retail sales for the first street, unless overridden. */
const buildRow = (overrides: Record<string, unknown> = {}) => ({
  indicatorCode: 'RETAIL',
  unitCode: '500106001',
  periodId: '202201',
  value: 1234.5,
  source: 'entered',
  ...overrides,
});

const expectErrorShape = (body: unknown) => {
  expect(body).toEqual(
    expect.objectContaining({
      code: expect.any(String),
      message: expect.stringMatching(hasChinese),
      messageEn: expect.any(String),
    }),
  );
};

describe(`HTTP API with the demo loaded on ${testEngine}`, () => {
  let database: TestDatabase;
  let app: LantuApp;
  let planId: string;

  const auditCount = () => countRows(database, 'audit_log');
  const observationCount = () => countRows(database, 'observation');
  const latestAudit = async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/audit?limit=1',
      headers: as('planner-1'),
    });
    expect(response.statusCode).toBe(200);
    return response.json<{ action: string; actor: string; entity: string; reason: string }[]>()[0];
  };

  /** Headers of a logged-in user's write: the session cookie and the CSRF token. */
  const sessions = new Map<string, SessionHeaders>();
  const as = (username: string) => {
    const headers = sessions.get(username);
    if (!headers) throw new Error(`${username} has not logged in`);
    return headers;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    const deps = buildTestAppDeps(database, 'h');
    const services = buildServices(deps);
    ({ planId } = await loadDemo(readDemoData(), services, systemActor));
    app = await buildApp(deps);
    for (const [username, roles] of [
      ['admin-1', ['admin']],
      ['reporter-7', ['reporter']],
      ['planner-1', ['planner']],
    ] as const) {
      await services.accounts.createUser(
        { username, password: testPassword, roles, unitCodes: ['500106'] },
        systemActor,
      );
      sessions.set(username, await logIn(app, username));
    }
    const indicators = await database.db.selectFrom('indicator').select('code').execute();
    if (!indicators.some((i) => i.code === 'RETAIL'))
      throw new Error('the demo registry lost RETAIL, which these tests write to');
  });
  afterAll(async () => {
    await app.close();
    await database.dispose();
  });

  it('answers GET /api/health with the engine and version', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', engine: testEngine, version: '0.0.0-test' });
  });

  it('lists the plan at GET /api/plans', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/plans',
      headers: as('planner-1'),
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual([
      expect.objectContaining({ id: planId, year: 2025, status: 'draft', unitCode: '500106' }),
    ]);
  });

  it('returns the plan tree with a kind on every node and an assessment on every target', async () => {
    const response = await app.inject({
      method: 'GET',
      url: `/api/plans/${planId}`,
      headers: as('planner-1'),
    });
    expect(response.statusCode).toBe(200);
    const tree = response.json<{ nodes: PlanNodeBody[]; lights: Record<string, number> }>();
    const flat = (nodes: PlanNodeBody[]): PlanNodeBody[] =>
      nodes.flatMap((n) => [n, ...flat(n.children)]);
    const nodes = flat(tree.nodes);
    expect(tree.nodes.map((n) => [n.key, n.kind, n.children.length])).toEqual([
      ['一', 'part', 8],
      ['二', 'part', 12],
    ]);
    expect(nodes.filter((n) => n.kind === 'task')).toHaveLength(38);
    expect(nodes.every((n) => ['part', 'group', 'task'].includes(n.kind))).toBe(true);
    const targets = nodes.flatMap((n) => n.targets);
    expect(targets.length).toBeGreaterThan(40);
    expect(targets.every((t) => typeof t.assessment.light === 'string')).toBe(true);
  });

  it('returns the summary whose counts match the tree', async () => {
    const [tree, summary] = await Promise.all([
      app.inject({ method: 'GET', url: `/api/plans/${planId}`, headers: as('planner-1') }),
      app.inject({ method: 'GET', url: `/api/plans/${planId}/summary`, headers: as('planner-1') }),
    ]);
    expect(summary.statusCode).toBe(200);
    const body = summary.json<{ lights: Record<string, number>; groups: unknown[] }>();
    expect(body.lights).toEqual(tree.json<{ lights: Record<string, number> }>().lights);
    expect(body.groups).toHaveLength(20);
  });

  it('answers an unknown plan with 404 in the one error shape', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/plans/no-such-plan',
      headers: as('planner-1'),
    });
    expect(response.statusCode).toBe(404);
    expectErrorShape(response.json());
    expect(response.json()).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('serves OpenAPI at /api/docs/json listing the routes', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/docs/json',
      headers: as('planner-1'),
    });
    expect(response.statusCode).toBe(200);
    const spec = response.json<{ openapi: string; paths: Record<string, object> }>();
    expect(spec.openapi).toMatch(/^3\./);
    for (const [route, method] of [
      ['/api/health', 'get'],
      ['/api/plans', 'get'],
      ['/api/plans/{id}', 'get'],
      ['/api/plans/{id}/summary', 'get'],
      ['/api/units', 'post'],
      ['/api/indicators/{code}', 'patch'],
      ['/api/targets/{id}', 'patch'],
      ['/api/observations/batch', 'post'],
      ['/api/audit', 'get'],
    ] as const)
      expect(spec.paths[route], `${method} ${route}`).toHaveProperty(method);
  });

  it('has no route that edits or deletes the audit log', async () => {
    const spec = (
      await app.inject({ method: 'GET', url: '/api/docs/json', headers: as('planner-1') })
    ).json<{
      paths: Record<string, Record<string, unknown>>;
    }>();
    const auditPaths = Object.entries(spec.paths).filter(([p]) => p.startsWith('/api/audit'));
    expect(auditPaths.length).toBeGreaterThan(0);
    for (const [, methods] of auditPaths)
      expect(Object.keys(methods).filter((m) => m !== 'get' && m !== 'head')).toEqual([]);
    for (const method of ['PUT', 'PATCH', 'DELETE'] as const) {
      const response = await app.inject({
        method,
        url: '/api/audit',
        headers: as('admin-1'),
        payload: {},
      });
      expect(response.statusCode, method).toBe(404);
    }
    expect(app.printRoutes({ method: 'DELETE' })).not.toMatch(/audit/);
  });

  describe('POST /api/observations/batch', () => {
    it('writes a good batch and answers 200 with the counts', async () => {
      const response = await app.inject({
        method: 'POST',
        url: '/api/observations/batch',
        headers: as('reporter-7'),
        payload: {
          rows: [buildRow({ periodId: '202310' }), buildRow({ periodId: '202311', value: 99 })],
          reason: '补录2023年数据',
        },
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ written: 2, inserted: 2, updated: 0 });
      expect(await latestAudit()).toMatchObject({
        action: 'observation.batch',
        actor: 'reporter-7',
        reason: '补录2023年数据',
      });
    });

    it('rejects a batch with bad rows with 422, every problem listed and nothing written', async () => {
      const [observations, audits] = [await observationCount(), await auditCount()];
      const response = await app.inject({
        method: 'POST',
        url: '/api/observations/batch',
        headers: as('reporter-7'),
        payload: {
          rows: [
            buildRow({ periodId: '202312' }),
            buildRow({ unitCode: 'NOWHERE', periodId: '202312' }),
            buildRow({ periodId: '2023-12' }),
          ],
        },
      });
      expect(response.statusCode).toBe(422);
      const body = response.json<{ details: { problems: unknown[] } }>();
      expectErrorShape(body);
      expect(body).toMatchObject({ code: 'IMPORT_REJECTED' });
      expect(body.details.problems).toEqual([
        expect.objectContaining({ row: 2, field: 'unitCode', value: 'NOWHERE' }),
        expect.objectContaining({ row: 3, field: 'periodId', value: '2023-12' }),
      ]);
      for (const p of body.details.problems as { reason: string }[])
        expect(p.reason).toMatch(hasChinese);
      expect(await observationCount()).toBe(observations);
      expect(await auditCount()).toBe(audits);
    });

    it.each([
      ['an empty batch', { rows: [] }],
      ['a value that is text', { rows: [buildRow({ value: 'many' })] }],
      ['a missing value', { rows: [buildRow({ value: undefined })] }],
      ['an unknown source', { rows: [buildRow({ source: 'rumour' })] }],
    ])('rejects %s with 400 in the one error shape, writing nothing', async (_case, payload) => {
      const observations = await observationCount();
      const response = await app.inject({
        method: 'POST',
        url: '/api/observations/batch',
        headers: as('reporter-7'),
        payload,
      });
      expect(response.statusCode).toBe(400);
      expectErrorShape(response.json());
      expect(response.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(await observationCount()).toBe(observations);
    });
  });

  // Known bug, left for the owner of app.ts: Ajv's coerceTypes ('array') applies to bodies
  // too, so a blank cell sent as null is written as 0. Remove `.fails` once bodies are
  // validated without coercion.
  it('rejects a null value in a batch instead of writing 0', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/observations/batch',
      headers: as('reporter-7'),
      payload: { rows: [buildRow({ periodId: '202205', value: null })] },
    });
    const stored = await database.db
      .selectFrom('observation')
      .select('value')
      .where('period_id', '=', '202205')
      .execute();
    expect(stored).toEqual([]);
    expect(response.statusCode).toBe(400);
  });

  it('answers an unknown route with 404 in the one error shape', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/no-such-thing',
      headers: as('planner-1'),
    });
    expect(response.statusCode).toBe(404);
    expectErrorShape(response.json());
  });

  describe('every write lands in the audit log', () => {
    it('records POST /api/units', async () => {
      const before = await auditCount();
      const response = await app.inject({
        method: 'POST',
        url: '/api/units',
        headers: as('admin-1'),
        payload: {
          code: '500106-TEST',
          name: '测试社区',
          kind: 'region',
          level: 'community',
          parentCode: '500106001',
        },
      });
      expect(response.statusCode).toBe(201);
      expect(await auditCount()).toBe(before + 1);
      expect(await latestAudit()).toMatchObject({
        action: 'unit.create',
        actor: 'admin-1',
        entity: 'unit',
      });
    });

    it('records PATCH /api/indicators/:code with its reason', async () => {
      const before = await auditCount();
      const response = await app.inject({
        method: 'PATCH',
        url: '/api/indicators/RETAIL',
        headers: as('admin-1'),
        payload: { decimals: 2, reason: '统计局口径' },
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ code: 'RETAIL', decimals: 2 });
      expect(await auditCount()).toBe(before + 1);
      expect(await latestAudit()).toMatchObject({
        action: 'indicator.update',
        reason: '统计局口径',
      });
    });

    it('records PATCH /api/targets/:id and answers a stale version with 409', async () => {
      const tree = (
        await app.inject({ method: 'GET', url: `/api/plans/${planId}`, headers: as('planner-1') })
      ).json<{
        nodes: PlanNodeBody[];
      }>();
      const flat = (nodes: PlanNodeBody[]): PlanNodeBody[] =>
        nodes.flatMap((n) => [n, ...flat(n.children)]);
      const target = flat(tree.nodes).flatMap((n) => n.targets)[0]!;
      const before = await auditCount();
      const patch = (version: number) =>
        app.inject({
          method: 'PATCH',
          url: `/api/targets/${target.id}`,
          headers: as('planner-1'),
          payload: { version, status: 'accepted', reason: '核定' },
        });
      const response = await patch(target.version);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        id: target.id,
        version: target.version + 1,
        status: 'accepted',
      });
      expect(await auditCount()).toBe(before + 1);
      expect(await latestAudit()).toMatchObject({ action: 'target.update', actor: 'planner-1' });

      const stale = await patch(target.version);
      expect(stale.statusCode).toBe(409);
      expectErrorShape(stale.json());
      expect(stale.json()).toMatchObject({
        code: 'CONFLICT',
        details: { current: { version: target.version + 1 } },
      });
      expect(await auditCount()).toBe(before + 1);
    });

    it('records the batch write of observations', async () => {
      const before = await auditCount();
      const response = await app.inject({
        method: 'POST',
        url: '/api/observations/batch',
        headers: as('reporter-7'),
        payload: { rows: [buildRow({ periodId: '202309' })] },
      });
      expect(response.statusCode).toBe(200);
      expect(await auditCount()).toBe(before + 1);
    });
  });

  describe('honest demo data', () => {
    it('marks every observation not from the document as simulated', async () => {
      const bySource = await database.db
        .selectFrom('observation')
        .select(['source', 'source_ref'])
        .where('updated_by', '=', 'system')
        .execute();
      expect(bySource.length).toBeGreaterThan(1000);
      for (const row of bySource) {
        if (row.source === 'document') expect(row.source_ref).toMatch(/#\d+$/);
        else expect(row.source).toBe('simulated');
      }
    });

    it('shows the source of each point in the series API', async () => {
      const town = await app.inject({
        method: 'GET',
        url: '/api/indicators/RETAIL/series?unit=500106001&from=202501&to=202509',
        headers: as('planner-1'),
      });
      expect(town.statusCode).toBe(200);
      const points = town.json<{ points: { source: string | null }[] }>().points;
      expect(points.length).toBeGreaterThan(0);
      expect(points.every((p) => p.source === 'simulated')).toBe(true);
      const district = await app.inject({
        method: 'GET',
        url: '/api/indicators/RETAIL/breakdown?unit=500106&period=202503',
        headers: as('planner-1'),
      });
      expect(district.statusCode).toBe(200);
      const rows = district.json<{ source: string | null }[]>();
      expect(rows.some((r) => r.source === 'simulated')).toBe(true);
    });
  });
});

describe(`HTTP API on a failing database on ${testEngine}`, () => {
  it('answers a 5xx with a generic body that hides the cause', async () => {
    const database = await createTestDatabase();
    // Public read, so that the read reaches the (closed) database without a login first.
    const app = await buildApp({ ...buildTestAppDeps(database, 'h'), auth: { publicRead: true } });
    try {
      await database.dispose();
      const response = await app.inject({ method: 'GET', url: '/api/plans' });
      expect(response.statusCode).toBe(500);
      const body = response.json<{ code: string; message: string; messageEn: string }>();
      expect(body).toEqual({
        code: 'INTERNAL',
        message: expect.stringMatching(hasChinese),
        messageEn: expect.stringMatching(/^internal error; please retry \(request [^)]+\)$/),
      });
      expect(JSON.stringify(body)).not.toMatch(/destroy|sqlite|postgres|kysely|select/i);
    } finally {
      await app.close();
    }
  });
});
