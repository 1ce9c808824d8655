/**
 * Two Lantu instances on one PostgreSQL database (issue 10 §5): state that lives in the
 * database — sessions, login throttling and upload jobs — is shared, so a load balancer may
 * send each request to either instance. Each app has its own connection pool, as two
 * processes would. SQLite is one process's file: there the test is skipped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type LantuDatabase } from '../store/database.ts';
import { createTestDatabase, testEngine, type TestDatabase } from '../store/test-database.ts';
import { systemActor } from '../services/ports.ts';
import { buildApp, buildServices, type LantuApp } from './app.ts';
import { buildTestAppDeps, seedDistrict } from './test-app.ts';
import { logIn, testPassword, type SessionHeaders } from './test-session.ts';

if (testEngine !== 'postgres')
  console.info(
    'shared-database.test.ts skipped: two instances share a database only on PostgreSQL (set TEST_DATABASE_URL)',
  );

describe.skipIf(testEngine !== 'postgres')('two instances on one PostgreSQL database', () => {
  let database: TestDatabase;
  let second: LantuDatabase;
  let a: LantuApp;
  let b: LantuApp;
  let admin: SessionHeaders;

  beforeAll(async () => {
    database = await createTestDatabase();
    second = openDatabase(database.location!);
    const depsA = buildTestAppDeps(database, 'a');
    const services = buildServices(depsA);
    await seedDistrict(services, [{ code: 'T', kind: 'region' }]);
    for (const username of ['admin', 'victim'])
      await services.accounts.createUser(
        { username, password: testPassword, roles: ['admin'] },
        systemActor,
      );
    a = await buildApp(depsA);
    b = await buildApp(buildTestAppDeps(second, 'b'));
    admin = await logIn(a, 'admin');
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await second?.close();
    await database?.dispose();
  });

  it('knows on one instance the session opened on the other, and its logout', async () => {
    const session = await logIn(a, 'admin');
    const userOn = async (app: LantuApp) =>
      (await app.inject({ method: 'GET', url: '/api/session', headers: session })).json<{
        user: { username: string } | null;
      }>().user;
    expect(await userOn(b)).toMatchObject({ username: 'admin' });
    expect(
      (await b.inject({ method: 'DELETE', url: '/api/session', headers: session })).statusCode,
    ).toBe(204);
    expect(await userOn(a)).toBeNull();
  });

  it('counts failed logins on both instances: guesses on one lock the account on the other', async () => {
    const attempt = (app: LantuApp, password: string) =>
      app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { username: 'victim', password },
        remoteAddress: '192.0.2.9',
      });
    for (let i = 0; i < 5; i += 1)
      expect((await attempt(i % 2 === 0 ? a : b, 'wrong-password')).statusCode).toBe(401);
    expect((await attempt(b, testPassword)).statusCode).toBe(429);
    expect((await attempt(a, testPassword)).statusCode).toBe(429);
  });

  it('shows on one instance the progress and outcome of an upload the other runs', async () => {
    const content = Buffer.from('单位编码,指标编码,期间编码,本期数值\nT,JOBS,202503,42\n');
    const started = await a.inject({
      method: 'POST',
      url: '/api/collection/upload',
      headers: admin,
      payload: { fileName: 'march.csv', contentBase64: content.toString('base64') },
    });
    expect(started.statusCode, started.body).toBe(202);
    const { id } = started.json<{ id: string }>();
    let job: { status: string; written: number } | null = null;
    for (let i = 0; i < 200; i += 1) {
      const polled = await b.inject({
        method: 'GET',
        url: `/api/collection/upload/${id}`,
        headers: admin,
      });
      expect(polled.statusCode, polled.body).toBe(200);
      job = polled.json<{ status: string; written: number }>();
      if (!['parsing', 'validating', 'writing'].includes(job.status)) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(job).toMatchObject({ status: 'done', written: 1 });
    const stored = await second.db
      .selectFrom('observation')
      .select('value')
      .where('period_id', '=', '202503')
      .executeTakeFirst();
    expect(stored?.value).toBe(42);
  });
});
