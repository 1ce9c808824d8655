/**
 * The demo in examples/shapingba-2025 is Lantu's own importer output for the seed report,
 * and it is honest: every figure not from the report is marked simulated.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractPlan } from '../extract/extract-plan.ts';
import { loadDemo } from '../services/demo-service.ts';
import { systemActor } from '../services/ports.ts';
import { createTestDatabase, testEngine, type TestDatabase } from '../store/test-database.ts';
import { buildApp, buildServices, type LantuApp } from './app.ts';
import { demoFolder, readDemoData, repositoryRoot } from './server.ts';
import { buildTestAppDeps } from './test-app.ts';

const seedPath = path.resolve(repositoryRoot, '../shared/corpus/00_shapingba_2025_plan.txt');
const hasCorpus = fs.existsSync(seedPath);
if (!hasCorpus)
  console.warn(`[demo-data.test] ${seedPath} is absent: the demo-equality test is skipped`);

const REGENERATE =
  'examples/shapingba-2025/plan.json no longer equals what the importer reads from the seed report; ' +
  'regenerate it with: npx lantu extract ../shared/corpus/00_shapingba_2025_plan.txt --format json --out examples/shapingba-2025/plan.json';

describe.skipIf(!hasCorpus)('the demo plan', () => {
  it('equals what the importer extracts from the seed report', () => {
    const stored = JSON.parse(fs.readFileSync(path.join(demoFolder, 'plan.json'), 'utf8')) as {
      document: string;
      plan: unknown;
    };
    const extracted = extractPlan(fs.readFileSync(seedPath, 'utf8'));
    expect(stored.document).toBe(path.basename(seedPath));
    // Compared through JSON, as the file was written: undefined fields are absent there too.
    expect(stored.plan, REGENERATE).toEqual(JSON.parse(JSON.stringify(extracted)));
  });
});

describe(`the loaded demo on ${testEngine}`, () => {
  let database: TestDatabase;
  let app: LantuApp;

  beforeAll(async () => {
    database = await createTestDatabase();
    const deps = buildTestAppDeps(database, 'd', 'test');
    await loadDemo(readDemoData(), buildServices(deps), systemActor);
    // The public cockpit (LANTU_PUBLIC_READ=1): what it shows without a login.
    app = await buildApp({ ...deps, auth: { publicRead: true } });
  });
  afterAll(async () => {
    await app.close();
    await database.dispose();
  });

  it('marks every observation that is not from the document as simulated', async () => {
    const counts = await database.db
      .selectFrom('observation')
      .select(['source', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('source')
      .orderBy('source')
      .execute();
    expect(counts.map((c) => c.source)).toEqual(['document', 'simulated']);
    const simulated = await database.db
      .selectFrom('observation')
      .select(['source_ref', 'year'])
      .where('source', '=', 'simulated')
      .execute();
    expect(simulated.every((o) => o.source_ref === 'demo')).toBe(true);
    const fromDocument = await database.db
      .selectFrom('observation')
      .select(['source_ref', 'period_id'])
      .where('source', '=', 'document')
      .execute();
    for (const o of fromDocument) {
      expect(o.period_id).toBe('2024');
      expect(o.source_ref).toMatch(/^00_shapingba_2025_plan\.txt#\d+$/);
    }
  });

  it('shows the source with every value the API returns', async () => {
    const indicators = (await app.inject({ method: 'GET', url: '/api/indicators' })).json<
      { code: string; cadence: string; measure: string }[]
    >();
    const monthly = indicators.find((i) => i.cadence === 'month' && i.measure === 'flow')!;
    const response = await app.inject({
      method: 'GET',
      url: `/api/indicators/${monthly.code}/series?unit=500106&from=202401&to=202509`,
    });
    expect(response.statusCode).toBe(200);
    const points = response.json<{ points: { periodId: string; source: string | null }[] }>()
      .points;
    expect(points.length).toBeGreaterThan(12);
    // The district's monthly flows are the sum of simulated street values: an aggregate of them.
    for (const p of points) expect(['simulated', 'aggregate', 'document']).toContain(p.source);

    const street = await app.inject({
      method: 'GET',
      url: `/api/indicators/${monthly.code}/series?unit=500106001&from=202401&to=202509`,
    });
    const streetPoints = street.json<{ points: { source: string | null }[] }>().points;
    expect(streetPoints.length).toBeGreaterThan(12);
    expect(streetPoints.every((p) => p.source === 'simulated')).toBe(true);
  });
});
