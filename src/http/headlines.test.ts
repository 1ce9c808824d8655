/**
 * GET /api/plans/:id/headlines on the demo: the Overview's headline figures in one answer,
 * each equal to what the approved observations give when summed by hand here, and a total
 * over the towns that waits for some of them says it is partial.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanHeadlines } from '../contract/plan.ts';
import { samePeriodLastYear, parsePeriod } from '../core/period.ts';
import { loadDemo } from '../services/demo-service.ts';
import { systemActor } from '../services/ports.ts';
import { createTestDatabase, testEngine, type TestDatabase } from '../store/test-database.ts';
import { buildApp, buildServices, type LantuApp } from './app.ts';
import { readDemoData } from './server.ts';
import { buildLateDemoDeps, demoStreetPeople } from './test-app.ts';

describe(`the headline figures of the demo plan on ${testEngine}`, () => {
  let database: TestDatabase;
  let app: LantuApp;
  let services: ReturnType<typeof buildServices>;
  let planId: string;
  // A year after the plan year, as today: the demo's months are long past due.
  const deps = (db: TestDatabase) => buildLateDemoDeps(db, 'h');

  beforeAll(async () => {
    database = await createTestDatabase();
    services = buildServices(deps(database));
    planId = (await loadDemo(readDemoData(), services, systemActor)).planId;
    app = await buildApp({ ...deps(database), auth: { publicRead: true } });
  });
  afterAll(async () => {
    await app.close();
    await database.dispose();
  });

  const headlines = async () => {
    const response = await app.inject({ method: 'GET', url: `/api/plans/${planId}/headlines` });
    expect(response.statusCode).toBe(200);
    return response.json<PlanHeadlines>();
  };

  /**
   * The approved values of an indicator for the plan's unit, by period, read straight from
   * the observations: the unit's own value, else the sum over every unit below it.
   */
  async function approvedByPeriod(indicatorCode: string, unitCode: string) {
    const unit = await database.db
      .selectFrom('unit')
      .select(['id', 'path'])
      .where('code', '=', unitCode)
      .executeTakeFirstOrThrow();
    const rows = await database.db
      .selectFrom('observation')
      .innerJoin('indicator', 'indicator.id', 'observation.indicator_id')
      .innerJoin('unit', 'unit.id', 'observation.unit_id')
      .select(['observation.period_id', 'observation.value', 'observation.source', 'unit.id'])
      .where('indicator.code', '=', indicatorCode)
      .where('unit.path', 'like', `${unit.path}%`)
      .where('observation.state', '=', 'approved')
      .execute();
    const own = new Map<string, number>();
    const below = new Map<string, number>();
    const sources = new Map<string, Set<string>>();
    for (const r of rows) {
      if (r.id === unit.id) own.set(r.period_id, r.value);
      else below.set(r.period_id, (below.get(r.period_id) ?? 0) + r.value);
      sources.set(r.period_id, (sources.get(r.period_id) ?? new Set()).add(r.source));
    }
    const values = new Map(below);
    for (const [p, v] of own) values.set(p, v);
    return { values, sources };
  }

  /** Year to date for a monthly or quarterly flow, with the same months last year. */
  function yearToDate(values: Map<string, number>, type: 'month' | 'quarter') {
    const ids = [...values.keys()].filter((id) => parsePeriod(id).type === type).sort();
    const last = ids[ids.length - 1]!;
    const thisYear = ids.filter((id) => id.startsWith(last.slice(0, 4)));
    const priorIds = thisYear.map((id) => samePeriodLastYear(parsePeriod(id)).id);
    return {
      periodId: last,
      value: thisYear.reduce((s, id) => s + values.get(id)!, 0),
      lastYearValue: priorIds.every((id) => values.has(id))
        ? priorIds.reduce((s, id) => s + values.get(id)!, 0)
        : null,
      months: thisYear,
    };
  }

  it('serves six cards whose figures are the approved values summed by hand', async () => {
    const found = await headlines();
    expect(found.planId).toBe(planId);
    expect(found.items).toHaveLength(6);
    for (const { indicator, headline } of found.items) {
      const { values, sources } = await approvedByPeriod(indicator.code, found.unitCode);
      // The demo's headline indicators are the economy's monthly and quarterly amounts.
      expect(indicator.measure, indicator.code).toBe('flow');
      const type = parsePeriod(headline.periodId).type as 'month' | 'quarter';
      const expected = yearToDate(values, type);
      expect(headline.periodId, indicator.code).toBe(expected.periodId);
      expect(headline.isYearToDate).toBe(true);
      expect(headline.value, indicator.code).toBeCloseTo(expected.value, 6);
      if (expected.lastYearValue === null) expect(headline.lastYearValue).toBeNull();
      else expect(headline.lastYearValue, indicator.code).toBeCloseTo(expected.lastYearValue, 6);
      expect(headline.isSimulated).toBe(
        expected.months.some((m) => sources.get(m)?.has('simulated')),
      );
      expect(headline.partialPeriods, indicator.code).toEqual([]);
    }
  });

  it('says a total is partial while one town’s new month waits for the others, and counts it', async () => {
    const before = await headlines();
    const item = before.items.find(
      (i) => i.headline.source === 'aggregate' && parsePeriod(i.headline.periodId).type === 'month',
    );
    if (!item) throw new Error('the demo has no monthly headline summed from the towns');
    const next = String(Number(item.headline.periodId) + 1);
    const { street, reporter, reviewer } = await demoStreetPeople(database);
    const value = 12.5;
    const written = await services.observations.writeObservations(
      [
        {
          indicatorCode: item.indicator.code,
          unitCode: street,
          periodId: next,
          value,
          comment: '按月报表填报',
        },
      ],
      reporter,
    );
    expect(written.ok ? [] : written.problems).toEqual([]);
    // A submitted value does not count yet.
    await services.collection.submit({ unit: street, period: next }, reporter);
    const submitted = (await headlines()).items.find(
      (i) => i.indicator.code === item.indicator.code,
    );
    expect(submitted?.headline).toEqual(item.headline);

    await services.collection.review({ unit: street, period: next, decision: 'approve' }, reviewer);
    const after = (await headlines()).items.find((i) => i.indicator.code === item.indicator.code);
    expect(after?.headline.periodId).toBe(next);
    expect(after?.headline.value).toBeCloseTo(item.headline.value + value, 6);
    expect(after?.headline.partialPeriods).toEqual([next]);
  });

  it('answers 404 for a plan that does not exist', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/plans/nope/headlines' });
    expect(response.statusCode).toBe(404);
  });
});
