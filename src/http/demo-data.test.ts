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
import { buildLateDemoDeps, buildTestAppDeps, demoStreetPeople } from './test-app.ts';

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
    expect(counts.map((c) => c.source)).toEqual(['document', 'project', 'simulated']);
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

  it('counts its new starts and completions from its project list, not a simulation', async () => {
    // The registry's rule (DESIGN.md, decision 0007): a project counts in the month its 开工
    // (竣工验收) happened — its recorded date, else the list's start (finish) once its stage
    // has reached 新开工 (竣工). Recomputed here from the rows, month by month.
    const projects = await database.db
      .selectFrom('project')
      .select(['id', 'kind', 'stage', 'start_date', 'finish_date'])
      .execute();
    const actual = await database.db
      .selectFrom('project_milestone')
      .select(['project_id', 'node', 'actual_date'])
      .where('actual_date', 'is not', null)
      .execute();
    const actualOf = (id: string, node: string) =>
      actual.find((m) => m.project_id === id && m.node === node)?.actual_date ?? null;
    const construction = ['new-start', 'construction', 'completed', 'operating'];
    const countIn = (month: string, node: string, stages: string[], listed: 'start' | 'finish') =>
      projects.filter((p) => {
        const date =
          actualOf(p.id, node) ??
          (p.kind !== 'promotion' && stages.includes(p.stage)
            ? listed === 'start'
              ? p.start_date
              : p.finish_date
            : null);
        return date !== null && date.slice(0, 7).replace('-', '') === month;
      }).length;
    const stored = await database.db
      .selectFrom('observation as o')
      .innerJoin('indicator as i', 'i.id', 'o.indicator_id')
      .innerJoin('unit as u', 'u.id', 'o.unit_id')
      .select(['i.code', 'o.period_id', 'o.value', 'o.source', 'u.code as unit'])
      .where('i.code', 'in', ['KEY_PROJECT_NEW_STARTS', 'KEY_PROJECT_COMPLETIONS'])
      .execute();
    const months = Array.from({ length: 9 }, (_, k) => `2025${String(k + 1).padStart(2, '0')}`);
    expect(stored).toHaveLength(2 * months.length);
    for (const month of months) {
      const at = (code: string) => stored.find((o) => o.code === code && o.period_id === month);
      expect(at('KEY_PROJECT_NEW_STARTS')).toMatchObject({
        source: 'project',
        unit: '500106',
        value: countIn(month, 'start', construction, 'start'),
      });
      expect(at('KEY_PROJECT_COMPLETIONS')).toMatchObject({
        source: 'project',
        value: countIn(month, 'acceptance', ['completed', 'operating'], 'finish'),
      });
    }
    // Something to count: the list is not one where nothing happens.
    expect(stored.reduce((n, o) => n + o.value, 0)).toBeGreaterThan(0);
  });

  it('imports targets that each name a metric once, as a noun phrase', async () => {
    const targets = await database.db
      .selectFrom('target')
      .select(['node_id', 'unit_id', 'metric', 'kind', 'source_text'])
      .execute();
    expect(targets.length).toBeGreaterThan(50);
    const seen = new Map<string, number>();
    const notNounPhrases: string[] = [];
    for (const t of targets) {
      const key = `${t.node_id}|${t.unit_id}|${t.metric}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
      // A quoted name ("“15分钟品质文化生活圈”") or a numbered one (轨道7号线) is a noun
      // whatever digits it holds.
      const bare = t.metric.replace(/“[^“”]*”/gu, '名称').replace(/[0-9]+号/gu, '号');
      // A noun phrase: two characters at least; no bullet or dash, no leading verb of
      // progress or region word; no trailing verb of change, comparator, rank or
      // punctuation; no year, no figure.
      if (
        bare.trim().length < 2 ||
        /^(?:——|—|-|·|[“”、,，;；:：(（])|^(?:全区|全市|全年|开行|完工|开工建设|优化升级|逐步实现|力争|确保|实现|完成)|(?:增长|提高|提升|下降|达到|突破|完成|超过|以上|左右)$|第[一二三四五六七八九十0-9]+[位名]|居全|(?:19|20)[0-9]{2}年|[0-9]|[“”、,，;；:：(（]$/u.test(
          bare,
        )
      ) {
        notNounPhrases.push(`${t.metric} ← ${t.source_text}`);
      }
    }
    expect(notNounPhrases).toEqual([]);
    expect([...seen].filter(([, n]) => n > 1)).toEqual([]);
  });

  it('shows the source with every value the API returns', async () => {
    const indicators = (await app.inject({ method: 'GET', url: '/api/indicators' })).json<
      { code: string; cadence: string; measure: string }[]
    >();
    // A monthly flow the streets report (not a department's district-wide figure).
    const monthly = indicators.find((i) => i.code === 'RETAIL')!;
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

describe(`a demo that agrees with its report, on ${testEngine}`, () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
    const deps = buildTestAppDeps(database, 'a', 'test');
    await loadDemo(readDemoData(), buildServices(deps), systemActor);
  });
  afterAll(() => database.dispose());

  /** Last year's total of an indicator as the cockpit would count it: the district's own values, else its towns'. */
  const simulatedTotal = async (code: string, year: number) => {
    const rows = await database.db
      .selectFrom('observation')
      .innerJoin('indicator', 'indicator.id', 'observation.indicator_id')
      .innerJoin('unit', 'unit.id', 'observation.unit_id')
      .select(['unit.code as unit', 'observation.value', 'observation.period_type'])
      .where('indicator.code', '=', code)
      .where('observation.year', '=', year)
      .where('observation.source', '=', 'simulated')
      .execute();
    const own = rows.filter((r) => r.unit === '500106');
    return (own.length > 0 ? own : rows).reduce((sum, r) => sum + r.value, 0);
  };

  it('adds up each simulated indicator’s 2024 months to the 2024 result the importer read from the report', async () => {
    const results = await database.db
      .selectFrom('observation')
      .innerJoin('indicator', 'indicator.id', 'observation.indicator_id')
      .select(['indicator.code', 'indicator.measure', 'observation.value'])
      .where('observation.source', '=', 'document')
      .where('observation.period_id', '=', '2024')
      .execute();
    const checked: string[] = [];
    for (const r of results) {
      if (r.measure !== 'flow') continue;
      const total = await simulatedTotal(r.code, 2024);
      if (total === 0) continue; // an annual indicator: the report's figure is the only one
      expect(total, r.code).toBeCloseTo(r.value, 1);
      checked.push(r.code);
    }
    // GDP (总量突破1200亿元), trade (3013.3亿元), FDI (28.7亿元), jobs (3.3万人) among them.
    expect(checked).toEqual(expect.arrayContaining(['GDP', 'TRADE', 'FDI_USED', 'URBAN_JOBS_NEW']));
  });

  it('keeps the relations a statistician checks', async () => {
    for (const year of [2024, 2025]) {
      const v = async (code: string) => simulatedTotal(code, year);
      const gdp = await v('GDP');
      expect((await v('SECONDARY_VA')) + (await v('TERTIARY_VA'))).toBeLessThanOrEqual(gdp);
      expect(await v('CONSTRUCTION_VA')).toBeLessThan(await v('SECONDARY_VA'));
      expect(await v('FISCAL_REVENUE')).toBeLessThan(gdp * 0.2);
      expect(await v('TAX_REVENUE')).toBeLessThan(await v('FISCAL_REVENUE'));
      expect(await v('DISPOSABLE_INCOME_URBAN')).toBeGreaterThan(await v('DISPOSABLE_INCOME'));
      expect(await v('DISPOSABLE_INCOME')).toBeGreaterThan(await v('DISPOSABLE_INCOME_RURAL'));
    }
  });

  it('has departments report the district-wide figures they own for the district, and no town report them', async () => {
    const owned = readDemoData()
      .indicators.indicators.filter((i) => i.ownerUnitCode !== undefined)
      .map((i) => i.code);
    expect(owned).toEqual(expect.arrayContaining(['URBAN_JOBS_NEW', 'INTL_TRAINS']));
    const byUnit = await database.db
      .selectFrom('observation')
      .innerJoin('indicator', 'indicator.id', 'observation.indicator_id')
      .innerJoin('unit', 'unit.id', 'observation.unit_id')
      .select(['indicator.code', 'unit.code as unit'])
      .distinct()
      .where('indicator.code', 'in', owned)
      .where('observation.source', '=', 'simulated')
      .execute();
    expect(byUnit.length).toBeGreaterThan(0);
    expect(byUnit.filter((r) => r.unit !== '500106')).toEqual([]);
  });

  it('gives the department timeliness table a row for each department that reports', async () => {
    const services = buildServices(buildTestAppDeps(database, 'a2', 'test'));
    const timeliness = await services.collection.getTimeliness({ year: 2025, asOf: '2025-10-20' });
    const owners = new Set(
      readDemoData()
        .indicators.indicators.map((i) => i.ownerUnitCode)
        .filter((c): c is string => c !== undefined),
    );
    expect(timeliness.departments.map((d) => d.unitCode).sort()).toEqual([...owners].sort());
    for (const d of timeliness.departments) expect(d.due).toBeGreaterThan(0);
  });
});

describe(`only approved values count, on ${testEngine}`, () => {
  let database: TestDatabase;
  let services: ReturnType<typeof buildServices>;
  let planId: string;
  // A year after the plan year, as today: October and November 2025 are long past due.
  const deps = (db: TestDatabase) => buildLateDemoDeps(db, 'c');
  const street = '500106001';
  const parking = (tree: Awaited<ReturnType<typeof services.plans.getPlanTree>>) => {
    const all = tree.nodes.flatMap(function flat(n): (typeof n)['targets'] {
      return [...n.targets, ...n.children.flatMap(flat)];
    });
    const target = all.find((t) => t.indicator?.code === 'PUBLIC_PARKING_NEW');
    if (!target) throw new Error('the demo has no parking target');
    return target;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    services = buildServices(deps(database));
    planId = (await loadDemo(readDemoData(), services, systemActor)).planId;
  });
  afterAll(() => database.dispose());

  it('leaves the cockpit unchanged by a street’s drafts, then moves it by that street’s share once approved', async () => {
    const before = await services.plans.getPlanTree(planId);
    const { reporter, reviewer } = await demoStreetPeople(database);
    const drafts = [
      {
        indicatorCode: 'PUBLIC_PARKING_NEW',
        unitCode: street,
        periodId: '202510',
        value: 40,
        comment: '新停车场投用',
      },
      {
        indicatorCode: 'PUBLIC_PARKING_NEW',
        unitCode: street,
        periodId: '202511',
        value: 35,
        comment: '新停车场投用',
      },
    ];
    const written = await services.observations.writeObservations(drafts, reporter);
    expect(written.ok ? [] : written.problems).toEqual([]);

    const withDrafts = await services.plans.getPlanTree(planId);
    expect(withDrafts.asOf).toBe(before.asOf);
    expect(withDrafts.lights).toEqual(before.lights);
    expect(parking(withDrafts).assessment).toEqual(parking(before).assessment);

    for (const period of ['202510', '202511']) {
      await services.collection.submit({ unit: street, period }, reporter);
      await services.collection.review({ unit: street, period, decision: 'approve' }, reviewer);
    }
    const after = await services.plans.getPlanTree(planId);
    expect(after.dataThrough).toBe('2025-11-30');
    expect(after.dataPartial).toBe(true);
    const moved = parking(after).assessment;
    expect(moved.actual).toBeCloseTo((parking(before).assessment.actual ?? 0) + 40 + 35, 6);
    expect(moved.completeness).toMatchObject({ periodId: '202511', approved: 1, partial: true });
    expect(moved.completeness?.expected).toBe(26);
    expect(moved.reason.zh).toContain('26个单位中已审核1个');
  });

  it('refuses a user’s claim that a value comes from a document, and writes nothing', async () => {
    const count = async () =>
      Number(
        (
          await database.db
            .selectFrom('observation')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const n = await count();
    const result = await services.observations.writeObservations(
      [
        {
          indicatorCode: 'RETAIL',
          unitCode: street,
          periodId: '202512',
          value: -5,
          source: 'document',
          sourceRef: 'forged.txt#1',
        },
      ],
      { ...systemActor, id: 'u', name: 'u' },
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.field)).toContain('source');
    expect(await count()).toBe(n);
  });
});
