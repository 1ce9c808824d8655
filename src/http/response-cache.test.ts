import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractPlan } from '../extract/extract-plan.ts';
import { systemActor } from '../services/ports.ts';
import { createTestDatabase, testEngine, type TestDatabase } from '../store/test-database.ts';
import { buildApp, buildServices, type LantuApp } from './app.ts';
import { chooseEncoding } from './response-cache.ts';
import { buildTestAppDeps } from './test-app.ts';
import { loginAs, type SessionHeaders } from './test-session.ts';

describe('chooseEncoding', () => {
  it.each([
    ['gzip, deflate, br', 'br'],
    ['gzip', 'gzip'],
    ['br;q=0, gzip;q=0.5', 'gzip'],
    ['*', 'br'],
    ['identity', 'identity'],
    [undefined, 'identity'],
  ] as const)('answers %s with %s', (header, expected) => {
    expect(chooseEncoding(header)).toBe(expected);
  });
});

describe(`the cached plan tree (${testEngine})`, () => {
  let database: TestDatabase;
  /** Two app instances on one database, as behind a load balancer. */
  let first: LantuApp;
  let second: LantuApp;
  let planner: SessionHeaders;
  let plannerOnSecond: SessionHeaders;
  let planId: string;
  const text = '某区2026年工作计划\n一、主要目标\n（一）稳增长\n1. 新增就业岗位1000个以上。\n';

  beforeAll(async () => {
    database = await createTestDatabase();
    const deps = buildTestAppDeps(database, 'c');
    const services = buildServices(deps);
    await services.registry.createUnit(
      { code: 'D', name: '区', kind: 'region', level: 'district', parentCode: null },
      systemActor,
    );
    ({ planId } = await services.plans.importPlan(
      extractPlan(text),
      { unitCode: 'D', sourceDocument: 'plan.txt', text },
      systemActor,
    ));
    first = await buildApp(deps);
    second = await buildApp(buildTestAppDeps(database, 'c2'));
    planner = await loginAs(first, deps, 'planner', { unitCodes: ['D'], username: 'p1' });
    plannerOnSecond = await loginAs(second, deps, 'planner', { unitCodes: ['D'], username: 'p2' });
  });
  afterAll(async () => {
    await first.close();
    await second.close();
    await database.dispose();
  });

  type Tree = {
    nodes: {
      children: { children: { targets: { id: string; value: number; version: number }[] }[] }[];
    }[];
  };
  const targetOf = (tree: Tree) => tree.nodes[0]!.children[0]!.children[0]!.targets[0]!;
  const readTree = async (app: LantuApp, headers: SessionHeaders, acceptEncoding?: string) => {
    const response = await app.inject({
      method: 'GET',
      url: `/api/plans/${planId}`,
      headers: acceptEncoding ? { ...headers, 'accept-encoding': acceptEncoding } : headers,
    });
    expect(response.statusCode).toBe(200);
    const encoding = response.headers['content-encoding'];
    const body =
      encoding === 'br'
        ? zlib.brotliDecompressSync(response.rawPayload)
        : encoding === 'gzip'
          ? zlib.gunzipSync(response.rawPayload)
          : response.rawPayload;
    return { encoding, tree: JSON.parse(body.toString('utf8')) as Tree };
  };

  it('answers the same tree plain, gzip and brotli', async () => {
    const plain = await readTree(first, planner);
    const gzip = await readTree(first, planner, 'gzip');
    const br = await readTree(first, planner, 'gzip, br');
    expect(plain.encoding).toBeUndefined();
    expect(gzip.encoding).toBe('gzip');
    expect(br.encoding).toBe('br');
    expect(gzip.tree).toEqual(plain.tree);
    expect(br.tree).toEqual(plain.tree);
    expect(targetOf(plain.tree).value).toBe(1000);
  });

  it('shows a write at once, on this instance and on another one over the same database', async () => {
    await readTree(first, planner);
    await readTree(second, plannerOnSecond);
    const target = targetOf((await readTree(second, plannerOnSecond)).tree);
    const edit = await second.inject({
      method: 'PATCH',
      url: `/api/targets/${target.id}`,
      headers: plannerOnSecond,
      payload: { version: target.version, value: 1500 },
    });
    expect(edit.statusCode, edit.body).toBe(200);
    expect(targetOf((await readTree(second, plannerOnSecond)).tree).value).toBe(1500);
    expect(targetOf((await readTree(first, planner, 'br')).tree).value).toBe(1500);
  });

  it('answers an unknown plan 404 in the one error shape, and does not keep it', async () => {
    for (let i = 0; i < 2; i += 1) {
      const response = await first.inject({
        method: 'GET',
        url: '/api/plans/no-such-plan',
        headers: planner,
      });
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({ code: 'NOT_FOUND' });
    }
  });
});
