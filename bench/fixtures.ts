/**
 * Databases for the bench: fresh SQLite files in the temp folder and fresh PostgreSQL
 * databases on a server, each migrated and holding the Shapingba demo, plus the
 * observation rows the write benchmarks use.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { defaultLightThresholds } from '../src/core/light-thresholds.ts';
import type { ObservationInput } from '../src/core/observation.ts';
import { parsePeriod, yearOfPeriod } from '../src/core/period.ts';
import { buildServices, type Services } from '../src/http/app.ts';
import { lantuVersion, readDemoData } from '../src/http/server.ts';
import { loadDemo, type DemoData } from '../src/services/demo-service.ts';
import {
  createSystemClock,
  createUuidIds,
  systemActor,
  type ServiceDeps,
} from '../src/services/ports.ts';
import { migrateToLatest, openDatabase, type LantuDatabase } from '../src/store/database.ts';
import type { CodeKeys, StoredRow } from './raw-paths.ts';

/** A migrated database holding the demo, with its services and a way to get rid of it. */
export interface BenchDatabase {
  readonly deps: ServiceDeps;
  readonly services: Services;
  readonly planId: string;
  readonly demo: DemoData;
  /** Closes the handle and deletes the file or drops the database. */
  dispose(): Promise<void>;
}

let demoData: DemoData | undefined;
/** The demo as the server reads it, parsed once per run. */
export const benchDemo = (): DemoData => (demoData ??= readDemoData());

async function prepare(database: LantuDatabase, withDemo: boolean) {
  await migrateToLatest(database);
  const deps: ServiceDeps = {
    database,
    clock: createSystemClock(),
    ids: createUuidIds(),
    thresholds: defaultLightThresholds,
  };
  const services = buildServices({ ...deps, version: lantuVersion });
  const demo = benchDemo();
  let planId = '';
  if (withDemo) planId = (await loadDemo(demo, services, systemActor)).planId;
  else {
    // The registry alone: the write benchmarks want an empty observation table.
    for (const unit of demo.units.units) await services.registry.createUnit(unit, systemActor);
    for (const category of demo.indicators.categories)
      await services.registry.createCategory(category, systemActor);
    for (const indicator of demo.indicators.indicators)
      await services.registry.createIndicator(indicator, systemActor);
  }
  return { deps, services, planId, demo };
}

/** A fresh SQLite file in the temp folder with Lantu's pragmas, migrated, with the demo or its registry. */
export async function openSqliteBenchDatabase(options: {
  withDemo: boolean;
}): Promise<BenchDatabase & { file: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantu-bench-'));
  const file = path.join(dir, 'bench.sqlite');
  const database = openDatabase(file);
  const prepared = await prepare(database, options.withDemo);
  return {
    ...prepared,
    file,
    async dispose() {
      await database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh database on the PostgreSQL server that `serverUrl` reaches, dropped again on dispose. */
export async function openPostgresBenchDatabase(
  serverUrl: string,
  options: { withDemo: boolean },
): Promise<BenchDatabase & { url: string }> {
  const name = `lantu_bench_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = openDatabase(url.toString());
  // DROP … WITH (FORCE) below ends whatever connection is still idle; that is expected, not an error.
  if (database.raw.kind === 'postgres') database.raw.pool.on('error', () => undefined);
  const prepared = await prepare(database, options.withDemo);
  return {
    ...prepared,
    url: url.toString(),
    async dispose() {
      await database.close();
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * `count` monthly observations for the demo's towns and monthly indicators, in the years
 * before the demo's own data (so they are fresh inserts next to it), indicator by town by month.
 */
export function buildObservationInputs(demo: DemoData, count: number): ObservationInput[] {
  const district = demo.units.units.find((u) => u.kind === 'region' && u.parentCode === null)!;
  const towns = demo.units.units.filter(
    (u) => u.kind === 'region' && u.parentCode === district.code,
  );
  const monthly = demo.indicators.indicators.filter((i) => i.cadence === 'month');
  const months: string[] = [];
  for (let year = 2023; months.length * towns.length * monthly.length < count; year--)
    for (let m = 12; m >= 1; m--) months.push(`${year}${String(m).padStart(2, '0')}`);
  months.sort();
  const rows: ObservationInput[] = [];
  let k = 0;
  for (const indicator of monthly)
    for (const town of towns)
      for (const periodId of months) {
        if (rows.length === count) return rows;
        rows.push({
          indicatorCode: indicator.code,
          unitCode: town.code,
          periodId,
          value: 100 + ((k++ * 7919) % 10_000) / 10,
          // What a reporter writes: typed values, with the explanation the y/y rule may ask for.
          source: 'entered',
          comment: '基准测试',
        });
      }
  return rows;
}

/**
 * Observation inputs resolved to table rows (ids and integer keys for codes, version 1, draft),
 * as a bulk loader would hand them to the raw engine paths.
 */
export async function resolveStoredRows(
  bench: BenchDatabase,
  inputs: readonly ObservationInput[],
): Promise<StoredRow[]> {
  const { db } = bench.deps.database;
  const units = new Map(
    (await db.selectFrom('unit').select(['id', 'code', 'num']).execute()).map((u) => [u.code, u]),
  );
  const indicators = new Map(
    (await db.selectFrom('indicator').select(['id', 'code', 'num']).execute()).map((i) => [
      i.code,
      i,
    ]),
  );
  const now = new Date().toISOString();
  return inputs.map((input) => {
    const period = parsePeriod(input.periodId);
    const indicator = indicators.get(input.indicatorCode)!;
    const unit = units.get(input.unitCode)!;
    return {
      indicator_id: indicator.id,
      unit_id: unit.id,
      indicator_num: indicator.num,
      unit_num: unit.num,
      period_id: period.id,
      period_type: period.type,
      year: yearOfPeriod(period),
      value: input.value,
      source: input.source ?? 'entered',
      source_ref: input.sourceRef ?? '',
      state: 'draft',
      version: 1,
      updated_at: now,
      updated_by: systemActor.id,
      comment: input.comment ?? '',
    };
  });
}

/** The registry's integer keys by public code, read once, as a service keeps them. */
export async function readCodeKeys(bench: BenchDatabase): Promise<CodeKeys> {
  const { db } = bench.deps.database;
  const pairs = (rows: readonly { code: string; num: number }[]) =>
    new Map(rows.map((r) => [r.code, r.num] as const));
  return {
    indicators: pairs(await db.selectFrom('indicator').select(['code', 'num']).execute()),
    units: pairs(await db.selectFrom('unit').select(['code', 'num']).execute()),
  };
}
