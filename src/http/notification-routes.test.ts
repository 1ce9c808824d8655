/** The inbox over HTTP: a session sees its own notices only, and marks them read with CSRF. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../services/ports.ts';
import { createTestDatabase, testEngine, type TestDatabase } from '../store/test-database.ts';
import { buildApp, buildServices, type AppDeps, type LantuApp } from './app.ts';
import { buildTestAppDeps } from './test-app.ts';
import { loginAs, type SessionHeaders } from './test-session.ts';

describe(`the inbox routes on ${testEngine}`, () => {
  let database: TestDatabase;
  let deps: AppDeps;
  let app: LantuApp;
  let reporter: SessionHeaders;
  let other: SessionHeaders;

  beforeAll(async () => {
    database = await createTestDatabase();
    deps = buildTestAppDeps(database, 'nr', 'test');
    const services = buildServices(deps);
    await services.registry.createUnit(
      { code: 'D', name: '沙坪坝区', kind: 'region', level: 'district', parentCode: null },
      systemActor,
    );
    await services.registry.createUnit(
      { code: 'T', name: '小龙坎街道', kind: 'region', level: 'street', parentCode: 'D' },
      systemActor,
    );
    app = await buildApp(deps);
    reporter = await loginAs(app, deps, 'reporter', { unitCodes: ['T'] });
    other = await loginAs(app, deps, 'reporter', { unitCodes: ['D'] });
    const unit = await database.db
      .selectFrom('unit')
      .select(['code', 'name', 'path'])
      .where('code', '=', 'T')
      .executeTakeFirstOrThrow();
    await services.notifications.notifyUnit(unit, ['reporter'], {
      kind: 'due',
      title: { zh: '10月数据即将到期', en: 'October is due soon' },
      body: { zh: '请于11月10日前提交。', en: 'Submit by 10 November.' },
      link: '/entry?unit=T&period=202510',
      dedupeKey: 'due:T:202510',
    });
  });
  afterAll(async () => {
    await app.close();
    await database.dispose();
  });

  it('answers 401 without a session', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/notifications' })).statusCode).toBe(401);
    const post = await app.inject({ method: 'POST', url: '/api/notifications/read', payload: {} });
    expect(post.statusCode).toBe(401);
  });

  it('lists a unit’s notice to every reporter over it, and marks it read for one only', async () => {
    const inbox = (
      await app.inject({ method: 'GET', url: '/api/notifications', headers: reporter })
    ).json<{ unread: number; items: { id: string; title: { zh: string } }[] }>();
    expect(inbox.unread).toBe(1);
    expect(inbox.items[0]!.title.zh).toBe('10月数据即将到期');
    const id = inbox.items[0]!.id;

    const withoutToken = await app.inject({
      method: 'POST',
      url: '/api/notifications/read',
      headers: { cookie: reporter.cookie },
      payload: { id },
    });
    expect(withoutToken.statusCode).toBe(403);
    const foreign = await app.inject({
      method: 'POST',
      url: '/api/notifications/read',
      headers: other,
      payload: { id },
    });
    expect(foreign.statusCode).toBe(404);
    const read = await app.inject({
      method: 'POST',
      url: '/api/notifications/read',
      headers: reporter,
      payload: { id },
    });
    expect(read.json()).toEqual({ changed: 1 });
    const after = (
      await app.inject({ method: 'GET', url: '/api/notifications', headers: reporter })
    ).json<{ unread: number }>();
    expect(after.unread).toBe(0);
    // The reporter of the whole district is over the street too: the notice is theirs as well.
    const theirs = (
      await app.inject({ method: 'GET', url: '/api/notifications', headers: other })
    ).json<{ unread: number }>();
    expect(theirs.unread).toBe(1);
  });
});
