import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../services/ports.ts';
import { createTestDatabase, testEngine, type TestDatabase } from '../store/test-database.ts';
import { buildApp, buildServices, type LantuApp } from './app.ts';
import { buildTestAppDeps, countRows } from './test-app.ts';
import { loginAs, type SessionHeaders } from './test-session.ts';

const errorShape = expect.objectContaining({
  code: expect.any(String),
  message: expect.stringMatching(/[\u4e00-\u9fff]/),
  messageEn: expect.any(String),
});

/** Sends raw bytes to a listening app and returns the status line and the body. */
function sendRaw(port: number, request: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(request));
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString('utf8')));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', body = ''] = text.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), body });
    });
  });
}

describe(`errors in the one shape (${testEngine})`, () => {
  let database: TestDatabase;
  let app: LantuApp;
  let admin: SessionHeaders;

  beforeAll(async () => {
    database = await createTestDatabase();
    const deps = buildTestAppDeps(database, 'e');
    await buildServices(deps).registry.createCategory(
      { code: 'ECONOMY', name: '经济', parentCode: null },
      systemActor,
    );
    app = await buildApp(deps);
    admin = await loginAs(app, deps, 'admin', { unitCodes: [] });
  });
  afterAll(async () => {
    await app.close();
    await database.dispose();
  });

  it('answers a duplicate category code with 409 CONFLICT, writing nothing', async () => {
    const audits = await countRows(database, 'audit_log');
    const response = await app.inject({
      method: 'POST',
      url: '/api/categories',
      headers: admin,
      payload: { code: 'ECONOMY', name: '又一个经济', parentCode: null },
    });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toEqual(errorShape);
    expect(response.json()).toMatchObject({ code: 'CONFLICT' });
    expect(await countRows(database, 'category')).toBe(1);
    expect(await countRows(database, 'audit_log')).toBe(audits);
  });

  it.each([
    [
      'a rule of 1e309 (Infinity once parsed)',
      '{"minValue":null,"maxValue":1e309,"maxYoyChangePct":null}',
    ],
    ['a rule beyond 10^15', '{"minValue":-1e16,"maxValue":null,"maxYoyChangePct":null}'],
  ])('refuses %s with 400 VALIDATION_FAILED', async (_case, payload) => {
    const response = await app.inject({
      method: 'PUT',
      url: '/api/collection/rules/RETAIL',
      headers: { ...admin, 'content-type': 'application/json' },
      payload,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(response.json()).toEqual(errorShape);
  });

  it('answers a malformed JSON body with 400 INVALID_JSON', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/categories',
      headers: { ...admin, 'content-type': 'application/json' },
      payload: '{"code": "X",',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual(errorShape);
    expect(response.json()).toMatchObject({ code: 'INVALID_JSON' });
  });

  it.each([
    ['a login of 8 KB', '/api/session', {}, { username: 'a', password: 'p'.repeat(8 * 1024) }],
    ['a category of 100 KB', '/api/categories', 'admin', { code: 'C', name: '名'.repeat(40_000) }],
  ])(
    'refuses %s with 413 PAYLOAD_TOO_LARGE before parsing it',
    async (_case, url, who, payload) => {
      const response = await app.inject({
        method: 'POST',
        url,
        headers: who === 'admin' ? admin : {},
        payload,
      });
      expect(response.statusCode).toBe(413);
      expect(response.json()).toEqual(errorShape);
      expect(response.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    },
  );

  it('answers a malformed URL (/%c0%ae) with 400 BAD_URL', async () => {
    const response = await app.inject({ method: 'GET', url: '/%c0%ae' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual(errorShape);
    expect(response.json()).toMatchObject({ code: 'BAD_URL' });
  });

  it('answers a URL of 20 KB (beyond Node’s header limit) with 431 in the one shape', async () => {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as net.AddressInfo;
    const { status, body } = await sendRaw(
      port,
      `GET /api/health?q=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: localhost\r\n\r\n`,
    );
    expect(status).toBe(431);
    expect(JSON.parse(body)).toEqual(errorShape);
    expect(JSON.parse(body)).toMatchObject({ code: 'HEADERS_TOO_LARGE' });
  });
});
