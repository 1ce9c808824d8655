import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testEngine, type TestDatabase } from '../store/test-database.ts';
import { buildApp, type LantuApp } from './app.ts';
import { buildTestAppDeps } from './test-app.ts';
import { loginAs, type SessionHeaders } from './test-session.ts';

describe(`security headers, caching and compression (${testEngine})`, () => {
  let database: TestDatabase;
  let app: LantuApp;
  let viewer: SessionHeaders;
  const webRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'lantu-web-'));
  const script = `console.log(${JSON.stringify('蓝图'.repeat(2000))});`;
  // A script the build compressed already (vite.config.ts writes .br and .gz beside each).
  const built = `console.log(${JSON.stringify('计划'.repeat(2000))});`;

  beforeAll(async () => {
    fs.mkdirSync(path.join(webRoot, 'assets'));
    fs.writeFileSync(path.join(webRoot, 'index.html'), '<!doctype html><div id="root"></div>');
    fs.writeFileSync(path.join(webRoot, 'assets', 'index-Bx7dQ2kA.js'), script);
    const builtFile = path.join(webRoot, 'assets', 'app-Cq81xZ0p.js');
    fs.writeFileSync(builtFile, built);
    fs.writeFileSync(`${builtFile}.br`, zlib.brotliCompressSync(built));
    fs.writeFileSync(`${builtFile}.gz`, zlib.gzipSync(built));
    database = await createTestDatabase();
    const deps = buildTestAppDeps(database, 's');
    app = await buildApp({ ...deps, webRoot });
    viewer = await loginAs(app, deps, 'viewer', { unitCodes: [] });
  });
  afterAll(async () => {
    await app.close();
    await database.dispose();
    fs.rmSync(webRoot, { recursive: true, force: true });
  });

  it.each(['/api/health', '/', '/assets/index-Bx7dQ2kA.js', '/api/no-such-route'])(
    'sends the security headers with %s',
    async (url) => {
      const response = await app.inject({ method: 'GET', url });
      const csp = String(response.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-eval');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['referrer-policy']).toBe('same-origin');
      expect(response.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    },
  );

  it('keeps a hashed asset for a year and checks index.html on every load', async () => {
    const asset = await app.inject({ method: 'GET', url: '/assets/index-Bx7dQ2kA.js' });
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const page = await app.inject({ method: 'GET', url: '/' });
    expect(page.headers['cache-control']).toBe('no-cache');
  });

  it('compresses JSON and assets for a client that accepts it, and not for one that does not', async () => {
    const json = await app.inject({
      method: 'GET',
      url: '/api/docs/json',
      headers: { ...viewer, 'accept-encoding': 'br, gzip' },
    });
    expect(json.headers['content-encoding']).toBe('br');
    const spec = JSON.parse(zlib.brotliDecompressSync(json.rawPayload).toString('utf8')) as {
      openapi: string;
    };
    expect(spec.openapi).toMatch(/^3\./);

    const asset = await app.inject({
      method: 'GET',
      url: '/assets/index-Bx7dQ2kA.js',
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(asset.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(asset.rawPayload).toString('utf8')).toBe(script);

    const plain = await app.inject({ method: 'GET', url: '/assets/index-Bx7dQ2kA.js' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(script);
  });

  it("sends the build's own .br or .gz of an asset as it is, kept for a year like the asset", async () => {
    for (const [accept, encoding, decode] of [
      ['br, gzip', 'br', zlib.brotliDecompressSync],
      ['gzip', 'gzip', zlib.gunzipSync],
    ] as const) {
      const asset = await app.inject({
        method: 'GET',
        url: '/assets/app-Cq81xZ0p.js',
        headers: { 'accept-encoding': accept },
      });
      expect(asset.statusCode).toBe(200);
      expect(asset.headers['content-encoding']).toBe(encoding);
      expect(String(asset.headers['content-type'])).toMatch(/javascript/);
      expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(decode(asset.rawPayload).toString('utf8')).toBe(built);
    }
    const plain = await app.inject({ method: 'GET', url: '/assets/app-Cq81xZ0p.js' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(built);
  });
});
