/**
 * Hostile input on every write route (issue 9): each string and number a client writes is
 * bounded, so a control character, a lone surrogate, a bidi override, an over-long string,
 * a number beyond ±10^15 or JSON's 1e309 (Infinity) is refused with a 4xx in the one error
 * shape, and the database (a hash of every table) is unchanged.
 */
import { createHash } from 'node:crypto';
import { Ajv } from 'ajv';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxMagnitude } from '../contract/common.ts';
import { systemActor } from '../services/ports.ts';
import { createTestDatabase, testEngine, type TestDatabase } from '../store/test-database.ts';
import { buildApp, buildServices, type LantuApp } from './app.ts';
import type { WriteRoute } from './auth.ts';
import { buildTestAppDeps } from './test-app.ts';
import { loginAs, type SessionHeaders } from './test-session.ts';

/** A JSON schema as TypeBox emits it, reduced to what the walker reads. */
interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
}

/** A string or number in a request: where it sits and its schema. */
interface Leaf {
  readonly part: 'body' | 'params';
  readonly path: readonly (string | number)[];
  readonly schema: Schema;
}

const isNullSchema = (s: Schema) => s.type === 'null';

/** Every string and number leaf of a schema, arrays entered at index 0. */
function leavesOf(schema: Schema, part: Leaf['part'], path: (string | number)[] = []): Leaf[] {
  if (schema.anyOf) {
    const options = schema.anyOf.filter((s) => !isNullSchema(s));
    // A union of literals is an enum; a nullable value is its non-null branch.
    if (options.every((s) => s.const !== undefined)) return [{ part, path, schema }];
    return options.flatMap((s) => leavesOf(s, part, path));
  }
  if (schema.enum || schema.const !== undefined) return [{ part, path, schema }];
  switch (schema.type) {
    case 'object':
      return Object.entries(schema.properties ?? {}).flatMap(([key, s]) =>
        leavesOf(s, part, [...path, key]),
      );
    case 'array':
      return schema.items ? leavesOf(schema.items, part, [...path, 0]) : [];
    case 'string':
    case 'number':
    case 'integer':
      return [{ part, path, schema }];
    default:
      return [];
  }
}

/** Every array of a schema, with its path. */
function arraysOf(schema: Schema, path = ''): { path: string; schema: Schema }[] {
  if (schema.anyOf) return schema.anyOf.flatMap((s) => arraysOf(s, path));
  if (schema.type === 'object')
    return Object.entries(schema.properties ?? {}).flatMap(([k, s]) => arraysOf(s, `${path}/${k}`));
  if (schema.type === 'array')
    return [{ path, schema }, ...(schema.items ? arraysOf(schema.items, `${path}/0`) : [])];
  return [];
}

/** A string that matches the patterns the contract uses. */
function validString(schema: Schema): string {
  const pattern = schema.pattern ?? '';
  if (pattern.includes('0[1-9]|1[0-2]') || pattern.includes('S[12]')) return '202503';
  if (pattern.includes('\\d{4}-\\d{2}')) return '2025-03-01';
  if (pattern.includes('A-Za-z0-9+/=')) return 'QUJD';
  if (pattern.includes('@')) return 'a@b.cn';
  const text = 'A1b';
  return text.padEnd(schema.minLength ?? 1, 'x').slice(0, schema.maxLength ?? text.length);
}

/** A value valid for a schema (the shape of a request that the hostile leaf then spoils). */
function validValue(schema: Schema): unknown {
  if (schema.anyOf) {
    const first = schema.anyOf.find((s) => !isNullSchema(s)) ?? schema.anyOf[0];
    return first ? validValue(first) : null;
  }
  if (schema.enum) return schema.enum[0];
  if (schema.const !== undefined) return schema.const;
  switch (schema.type) {
    case 'object':
      return Object.fromEntries(
        Object.entries(schema.properties ?? {}).map(([k, s]) => [k, validValue(s)]),
      );
    case 'array':
      return schema.items
        ? Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => validValue(schema.items!))
        : [];
    case 'string':
      return validString(schema);
    case 'number':
    case 'integer':
      return Math.max(schema.minimum ?? 0, Math.min(schema.maximum ?? 1, 1));
    case 'boolean':
      return false;
    default:
      return null;
  }
}

const setAt = (root: unknown, path: readonly (string | number)[], value: unknown) => {
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1]!] = value;
};

/** Characters no field accepts: control, bidi override, zero-width, BOM, lone surrogates. */
const badCharacters = [
  '\u0000',
  '\u0007',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u200b',
  '\u200f',
  '\u202e',
  '\u2066',
  '\ufeff',
  '\ud800',
  '\udfff',
  '\ue000',
];

/** A hostile string for a string leaf: a bad character somewhere, or one character too many. */
const hostileString = (schema: Schema): fc.Arbitrary<string> => {
  const base = validString(schema);
  return fc.oneof(
    fc
      .tuple(fc.constantFrom(...badCharacters), fc.nat({ max: base.length }))
      .map(([bad, at]) => `${base.slice(0, at)}${bad}${base.slice(at)}`),
    fc.constant('A'.repeat((schema.maxLength ?? 1_000_000) + 1)),
    fc.constant(`${'中'.repeat(schema.maxLength ?? 1_000_000)}中`),
  );
};

/** Raw JSON number text: beyond ±maxMagnitude, or Infinity once parsed. */
const hostileNumberText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('1e309', '-1e309', '1e308', '-1e308', '1e16', '-1e16', '9007199254740993'),
  fc.double({ min: maxMagnitude * 1.5, max: 1e300, noNaN: true }).map(String),
  fc.double({ min: -1e300, max: -maxMagnitude * 1.5, noNaN: true }).map(String),
);

const placeholder = '__HOSTILE_NUMBER__';

/** A path parameter as a client would send it; a lone surrogate as the bytes it would take. */
const encodeParam = (text: string) =>
  text
    .split(/[\ud800-\udfff]/)
    .map(encodeURIComponent)
    .join('%ED%A0%80');

/** Every row of every table, hashed in a stable order. */
async function hashDatabase(database: TestDatabase): Promise<string> {
  const tables =
    testEngine === 'sqlite'
      ? await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table'`.execute(
          database.db,
        )
      : await sql<{
          name: string;
        }>`SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()`.execute(
          database.db,
        );
  const hash = createHash('sha256');
  for (const { name } of tables.rows.sort((a, b) => a.name.localeCompare(b.name))) {
    const rows = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(name)}`.execute(
      database.db,
    );
    hash.update(name);
    for (const line of rows.rows.map((r) => JSON.stringify(r)).sort()) hash.update(line);
  }
  return hash.digest('hex');
}

describe(`hostile input on every write route (${testEngine})`, () => {
  let database: TestDatabase;
  let app: LantuApp;
  let admin: SessionHeaders;
  let routes: WriteRoute[];

  beforeAll(async () => {
    database = await createTestDatabase();
    const deps = buildTestAppDeps(database, 'x');
    const services = buildServices(deps);
    await services.registry.createUnit(
      { code: 'A1b', name: '区', kind: 'region', level: 'district', parentCode: null },
      systemActor,
    );
    await services.registry.createIndicator(
      {
        code: 'A1b',
        name: '指标',
        unit: '个',
        kind: 'kpi',
        measure: 'flow',
        direction: 'higher',
        cadence: 'month',
      },
      systemActor,
    );
    app = await buildApp(deps);
    admin = await loginAs(app, deps, 'admin', { unitCodes: [] });
    // Login and logout are reachable without a session and count failures by design.
    routes = app.lantuWriteRoutes.filter((r) => !r.isSessionOptional);
  });
  afterAll(async () => {
    await app.close();
    await database.dispose();
  });

  const schemaOf = (route: WriteRoute, part: Leaf['part']) =>
    route.schema[part] as Schema | undefined;

  it('bounds every string, number and array that a write route accepts', () => {
    const unbounded: string[] = [];
    for (const route of routes)
      for (const part of ['body', 'params'] as const) {
        const schema = schemaOf(route, part);
        if (!schema) continue;
        for (const leaf of leavesOf(schema, part)) {
          const where = `${route.method} ${route.url} ${part}/${leaf.path.join('/')}`;
          const s = leaf.schema;
          if (s.enum || s.anyOf || s.const !== undefined) continue;
          if (s.type === 'string' && (s.maxLength === undefined || s.pattern === undefined))
            unbounded.push(`${where}: string without maxLength and pattern`);
          if (
            (s.type === 'number' || s.type === 'integer') &&
            (s.minimum === undefined ||
              s.maximum === undefined ||
              Math.abs(s.minimum) > maxMagnitude ||
              Math.abs(s.maximum) > maxMagnitude)
          )
            unbounded.push(`${where}: number without bounds within ±${maxMagnitude}`);
        }
        for (const array of arraysOf(schema))
          if (array.schema.maxItems === undefined)
            unbounded.push(
              `${route.method} ${route.url} ${part}${array.path}: array without maxItems`,
            );
      }
    expect(unbounded).toEqual([]);
  });

  it('builds a request that passes validation for every write route (the fuzz’s baseline)', () => {
    const ajv = new Ajv({ strict: false, strictNumbers: true });
    expect(routes.length).toBeGreaterThan(15);
    for (const route of routes)
      for (const part of ['body', 'params'] as const) {
        const schema = schemaOf(route, part);
        if (!schema) continue;
        const ok = ajv.validate(schema, validValue(schema));
        expect({ route: `${route.method} ${route.url} ${part}`, ok, errors: ajv.errors }).toEqual({
          route: `${route.method} ${route.url} ${part}`,
          ok: true,
          errors: null,
        });
      }
  });

  it('refuses a hostile string or number in any field with a 4xx in the one error shape, changing nothing', async () => {
    const before = await hashDatabase(database);
    const cases = routes.flatMap((route) =>
      (['body', 'params'] as const).flatMap((part) => {
        const schema = schemaOf(route, part);
        return schema
          ? leavesOf(schema, part)
              .filter((l) => !l.schema.enum && !l.schema.anyOf && l.schema.const === undefined)
              .map((leaf) => ({ route, leaf }))
          : [];
      }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom(...cases)
          .chain(({ route, leaf }) =>
            (leaf.schema.type === 'string'
              ? hostileString(leaf.schema).map((value) => ({ kind: 'string' as const, value }))
              : hostileNumberText.map((value) => ({ kind: 'number' as const, value }))
            ).map((hostile) => ({ route, leaf, hostile })),
          ),
        async ({ route, leaf, hostile }) => {
          const bodySchema = schemaOf(route, 'body');
          const paramsSchema = schemaOf(route, 'params');
          const body = bodySchema ? validValue(bodySchema) : undefined;
          const params = (paramsSchema ? validValue(paramsSchema) : {}) as Record<string, unknown>;
          const value = hostile.kind === 'string' ? hostile.value : placeholder;
          setAt(leaf.part === 'body' ? body : params, leaf.path, value);
          const url = route.url.replace(/:(\w+)/g, (_m, name: string) =>
            encodeParam(String(params[name])),
          );
          const payload =
            body === undefined
              ? undefined
              : JSON.stringify(body).replace(`"${placeholder}"`, hostile.value);
          const response = await app.inject({
            method: route.method as 'POST',
            url,
            headers: { ...admin, 'content-type': 'application/json' },
            ...(payload === undefined ? {} : { payload }),
          });
          expect(
            response.statusCode,
            `${route.method} ${url} ${leaf.path.join('/')}`,
          ).toBeGreaterThanOrEqual(400);
          expect(response.statusCode).toBeLessThan(500);
          expect(response.json()).toEqual(
            expect.objectContaining({
              code: expect.any(String),
              message: expect.any(String),
              messageEn: expect.any(String),
            }),
          );
        },
      ),
      { numRuns: 300, seed: 9 },
    );
    expect(await hashDatabase(database)).toBe(before);
  });
});
