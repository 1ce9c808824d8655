/**
 * Assessing every target of the demo plan with 1 million and with 10 million observations
 * in an SQLite file, next to the naive GROUP BY over the whole observation table; then one
 * write through the service and whether the next assessment shows it.
 *
 * The bulk fill is raw SQL generated inside SQLite: the plan's monthly indicators in every
 * unit for 1990–2023 (the same index prefixes as the plan's rows, outside the years it reads),
 * then synthetic daily indicators × every unit × days of 2023–2025 (sharing the tables, not
 * the plan).
 */
import { performance } from 'node:perf_hooks';
import type SqliteDatabase from 'better-sqlite3';
import { createAssessmentService } from '../src/services/assessment-service.ts';
import { systemActor } from '../src/services/ports.ts';
import { openSqliteBenchDatabase, type BenchDatabase } from './fixtures.ts';
import { seconds, timeMedian, timeOnce, type BenchSection, type Report } from './harness.ts';
import { observationColumns } from './raw-paths.ts';

export interface AssessmentBenchOptions {
  /** Observation counts to assess at, ascending; the database grows from one to the next. */
  readonly levels: readonly number[];
  readonly runs: number;
  /** Time the naive GROUP BY may take per level before it stops repeating (at least 3 runs). */
  readonly naiveBudgetMs: number;
}

export const defaultAssessmentOptions: AssessmentBenchOptions = {
  levels: [1_000_000, 10_000_000],
  runs: 20,
  naiveBudgetMs: 20_000,
};

const SYNTHETIC_INDICATORS = 200;
const NAIVE_SQL =
  'SELECT indicator_id, unit_id, year, sum(value) AS value FROM observation GROUP BY indicator_id, unit_id, year';

const DAYS_FROM = 2023;
const DAYS_TO = 2025;
const HISTORY_FROM = 1990;
const HISTORY_TO = 2023;

const syntheticIndicatorId = (i: number) => `zbench-indicator-${String(i).padStart(4, '0')}`;

export function insertSyntheticIndicators(handle: SqliteDatabase.Database) {
  const insert = handle.prepare(
    `INSERT INTO indicator (id, code, name, name_en, aliases, unit, kind, measure, direction, cadence, decimals, source)
     VALUES (?, ?, ?, ?, '[]', '个', 'statistic', 'flow', 'higher', 'day', 0, 'bench')`,
  );
  // The registry changed outside its service: its revision says so to whoever keeps it built.
  const bump = handle.prepare(
    `INSERT INTO setting (key, value, version, updated_at, updated_by) VALUES ('registry.revision', '{}', 1, datetime('now'), 'bench')
     ON CONFLICT (key) DO UPDATE SET version = setting.version + 1`,
  );
  handle.transaction(() => {
    for (let i = 0; i < SYNTHETIC_INDICATORS; i++)
      insert.run(syntheticIndicatorId(i), `BENCH_${i}`, `基准测试指标${i}`, `Bench indicator ${i}`);
    bump.run();
  })();
}

/**
 * The bulk fill, generated inside SQLite (INSERT … SELECT over small temp tables of units,
 * days, months and indicators) so that 10 million rows take about a minute rather than the
 * several that binding parameters from JavaScript costs on a small machine. Rows come in key
 * order (indicator, unit, period, all sorted by their integer keys), so every index is
 * appended to. The fill is set-up, not a measurement.
 */
export function createFiller(
  handle: SqliteDatabase.Database,
  planIndicatorIds: readonly string[],
  unitIds: readonly string[],
) {
  handle.exec(`CREATE TEMP TABLE bench_unit (n INTEGER PRIMARY KEY, num INTEGER NOT NULL);
    CREATE TEMP TABLE bench_day (n INTEGER PRIMARY KEY, period_id TEXT NOT NULL, year INTEGER NOT NULL);
    CREATE TEMP TABLE bench_month (n INTEGER PRIMARY KEY, period_id TEXT NOT NULL, year INTEGER NOT NULL);
    CREATE TEMP TABLE bench_plan_indicator (n INTEGER PRIMARY KEY, num INTEGER NOT NULL);`);
  const days: { id: string; year: number }[] = [];
  for (let t = Date.UTC(DAYS_FROM, 0, 1); t <= Date.UTC(DAYS_TO, 11, 31); t += 86_400_000) {
    const d = new Date(t).toISOString();
    days.push({
      id: `${d.slice(0, 4)}${d.slice(5, 7)}${d.slice(8, 10)}`,
      year: Number(d.slice(0, 4)),
    });
  }
  const months: { id: string; year: number }[] = [];
  for (let y = HISTORY_FROM; y <= HISTORY_TO; y++)
    for (let m = 1; m <= 12; m++) months.push({ id: `${y}${String(m).padStart(2, '0')}`, year: y });
  // Rows are stored under the registry's integer keys (migration 0030), filled in key order.
  const numOf = (table: 'unit' | 'indicator', ids: readonly string[]) => {
    const find = handle.prepare<[string], { num: number }>(`SELECT num FROM ${table} WHERE id = ?`);
    return ids.map((id) => find.get(id)!.num).sort((a, b) => a - b);
  };
  handle.transaction(() => {
    const unit = handle.prepare('INSERT INTO bench_unit VALUES (?, ?)');
    numOf('unit', unitIds).forEach((num, n) => unit.run(n, num));
    const day = handle.prepare('INSERT INTO bench_day VALUES (?, ?, ?)');
    days.forEach((d, n) => day.run(n, d.id, d.year));
    const month = handle.prepare('INSERT INTO bench_month VALUES (?, ?, ?)');
    months.forEach((m, n) => month.run(n, m.id, m.year));
    const indicator = handle.prepare('INSERT INTO bench_plan_indicator VALUES (?, ?)');
    numOf('indicator', planIndicatorIds).forEach((num, n) => indicator.run(n, num));
  })();

  const now = new Date().toISOString();
  // One write's stamp for the whole history (migration 0031), as a simulated load would record.
  const change = Number(
    handle
      .prepare(
        `INSERT INTO observation_change (updated_at, updated_by, source, source_ref) VALUES (?, 'bench', 'simulated', 'bench')`,
      )
      .run(now).lastInsertRowid,
  );
  const tail = `'', 'approved', ${change}, 1`;
  const columns = observationColumns.join(', ');
  // CROSS JOIN keeps SQLite's loop order as written, which is the key order.
  const history = handle.prepare<[{ limit: number }]>(
    `INSERT INTO observation_cell (${columns})
     SELECT i.num, u.num, m.period_id, ((i.n + u.n + m.n) % 997) + 0.5, ${tail}
     FROM bench_plan_indicator i CROSS JOIN bench_unit u CROSS JOIN bench_month m LIMIT @limit`,
  );
  const synthetic = handle.prepare<[{ from: number; to: number; limit: number }]>(
    `WITH RECURSIVE k(n) AS (SELECT @from UNION ALL SELECT n + 1 FROM k WHERE n + 1 < @to)
     INSERT INTO observation_cell (${columns})
     SELECT (SELECT num FROM indicator WHERE id = printf('zbench-indicator-%04d', k.n)), u.num, d.period_id,
            ((k.n + u.n + d.n) % 997) + 0.5, ${tail}
     FROM k CROSS JOIN bench_unit u CROSS JOIN bench_day d LIMIT @limit`,
  );
  const historyRows = planIndicatorIds.length * unitIds.length * months.length;
  let historyDone = false;
  let nextSynthetic = 0;

  /**
   * Appends `count` rows: the plan indicators' history first, then synthetic indicators, one
   * transaction per indicator so that the WAL is checkpointed as it goes instead of growing
   * to gigabytes inside one transaction.
   */
  return (count: number): number => {
    let written = 0;
    if (!historyDone && count > 0) {
      written += history.run({ limit: Math.min(count, historyRows) }).changes;
      historyDone = true;
    }
    while (written < count) {
      if (nextSynthetic >= SYNTHETIC_INDICATORS)
        throw new Error('not enough synthetic indicators for this level');
      written += synthetic.run({
        from: nextSynthetic,
        to: nextSynthetic + 1,
        limit: count - written,
      }).changes;
      // A partly filled indicator stays partial: the next level starts on a fresh one.
      nextSynthetic += 1;
    }
    return written;
  };
}

export const countObservations = (handle: SqliteDatabase.Database) =>
  (handle.prepare('SELECT count(*) AS n FROM observation_cell').get() as { n: number }).n;

/** A target whose actual must move when its unit's new month is approved: monthly flow, the first by code. */
async function pickProbeTarget(bench: BenchDatabase) {
  const { db } = bench.deps.database;
  const candidates = await db
    .selectFrom('target')
    .innerJoin('indicator', 'indicator.id', 'target.indicator_id')
    .innerJoin('unit', 'unit.id', 'target.unit_id')
    .select([
      'target.id as targetId',
      'indicator.id as indicatorId',
      'indicator.code as indicatorCode',
      'unit.id as unitId',
      'unit.code as unitCode',
    ])
    .where('target.plan_id', '=', bench.planId)
    .where('target.kind', '=', 'indicator')
    .where('target.status', '!=', 'rejected')
    .where('indicator.cadence', '=', 'month')
    .where('indicator.measure', '=', 'flow')
    .orderBy('indicator.code')
    .execute();
  const probe = candidates[0];
  if (!probe) return null;
  // The target's own unit reports it: its own approved value is the actual.
  return { ...probe, reporter: { id: probe.unitId, code: probe.unitCode } };
}

export function assessmentSection(options = defaultAssessmentOptions): BenchSection {
  return {
    title: `2. Assessing every target of the demo plan vs the naive GROUP BY — SQLite file in the temp folder`,
    async run(report: Report) {
      const setup = await timeOnce(() => openSqliteBenchDatabase({ withDemo: true }));
      const bench = setup.value;
      try {
        const raw = bench.deps.database.raw;
        if (raw.kind !== 'sqlite') throw new Error('expected SQLite');
        const handle = raw.handle;
        const { db } = bench.deps.database;
        const targets = await db
          .selectFrom('target')
          .select(['indicator_id', 'unit_id'])
          .where('plan_id', '=', bench.planId)
          .execute();
        const planIndicatorIds = [
          ...new Set(targets.map((t) => t.indicator_id).filter((i): i is string => i !== null)),
        ];
        const monthlyPlanIndicators = (
          await db.selectFrom('indicator').select(['id', 'cadence']).execute()
        )
          .filter((i) => i.cadence === 'month' && planIndicatorIds.includes(i.id))
          .map((i) => i.id);
        const unitIds = (await db.selectFrom('unit').select('id').execute())
          .map((u) => u.id)
          .sort();
        report.notice(
          `demo loaded in ${seconds(setup.ms)}: ${targets.length} targets, ${planIndicatorIds.length} linked indicators, ${countObservations(handle).toLocaleString('en-US')} observations`,
        );
        insertSyntheticIndicators(handle);
        const fill = createFiller(handle, monthlyPlanIndicators, unitIds);
        const assessment = createAssessmentService(bench.deps);
        const assess = () => assessment.assessPlan(bench.planId);

        for (const level of options.levels) {
          const have = countObservations(handle);
          const started = performance.now();
          // Set-up, not a measurement: rows valid by construction need no foreign-key lookups and no sync; Lantu's pragmas return before anything is timed.
          handle.pragma('foreign_keys = OFF');
          handle.pragma('synchronous = OFF');
          const added = fill(level - have);
          handle.pragma('synchronous = NORMAL');
          handle.pragma('foreign_keys = ON');
          const fillMs = performance.now() - started;
          const total = countObservations(handle);
          const label = level >= 1_000_000 ? `${level / 1_000_000}M` : String(level);
          report.add({
            name: `assess.fill_${label}`,
            value: added / (fillMs / 1000),
            unit: 'rows/s',
            note: `INSERT … SELECT generated in SQLite, key order, synchronous off: +${added.toLocaleString('en-US')} rows in ${seconds(fillMs)} → ${total.toLocaleString('en-US')} observations`,
          });

          const lantu = await timeMedian(assess, { runs: options.runs, warmup: 2 });
          const naive = await timeMedian(() => handle.prepare(NAIVE_SQL).all(), {
            runs: options.runs,
            warmup: 1,
            budgetMs: options.naiveBudgetMs,
            minRuns: 3,
          });
          report.add({
            name: `assess.naive_groupby_${label}`,
            value: naive.medianMs,
            unit: 'ms',
            note: `median of ${naive.runs} (min ${naive.minMs.toFixed(0)}, max ${naive.maxMs.toFixed(0)}): ${NAIVE_SQL.slice(0, 60)}…`,
          });
          report.add({
            name: `assess.plan_${label}`,
            value: lantu.medianMs,
            unit: 'ms',
            ratio: lantu.medianMs / naive.medianMs,
            note: `assessPlan, ${targets.length} targets, median of ${lantu.runs} (min ${lantu.minMs.toFixed(1)}, max ${lantu.maxMs.toFixed(1)}); ratio = assessPlan/naive`,
          });
        }

        const probe = await pickProbeTarget(bench);
        if (!probe) {
          report.notice('no monthly flow target in the plan: write-then-assess skipped');
          return;
        }
        const actualOf = (result: Awaited<ReturnType<typeof assess>>) =>
          result.results.find((r) => r.targetId === probe.targetId)?.assessment.actual ?? null;
        const before = await assess();
        const existing = await db
          .selectFrom('observation')
          .select('period_id')
          .where('indicator_id', '=', probe.indicatorId)
          .where('unit_id', '=', probe.reporter.id)
          .where('period_id', 'like', '2025%')
          .orderBy('period_id', 'desc')
          .executeTakeFirst();
        const lastMonth = existing ? Number(existing.period_id.slice(4, 6)) : 0;
        const periodId = `2025${String(Math.min(12, lastMonth + 1)).padStart(2, '0')}`;
        const write = await timeOnce(() =>
          bench.services.observations.writeObservations(
            [
              {
                indicatorCode: probe.indicatorCode,
                unitCode: probe.reporter.code,
                periodId,
                value: 12_345,
                source: 'entered',
                // Far above last year's month: the y/y rule asks the reporter why, as it should.
                comment: '基准测试：写入后立即评估',
              },
            ],
            systemActor,
            { reason: 'bench: write then assess' },
          ),
        );
        if (!write.value.ok) throw new Error(JSON.stringify(write.value.problems));
        // Only reviewed data counts (decision 0004): the value is submitted, then approved.
        const cell = {
          unit: probe.reporter.code,
          period: periodId,
          indicatorCodes: [probe.indicatorCode],
        };
        await bench.services.collection.submit(cell, systemActor);
        await bench.services.collection.review({ ...cell, decision: 'approve' }, systemActor);
        const next = await timeOnce(assess);
        const reflected = actualOf(before) !== actualOf(next.value);
        report.add({
          name: 'assess.write_one_observation',
          value: write.ms,
          unit: 'ms',
          note: `${probe.indicatorCode} ${probe.reporter.code} ${periodId} through writeObservations, at ${countObservations(handle).toLocaleString('en-US')} observations`,
        });
        report.add({
          name: 'assess.next_assessment_reflects_write',
          value: reflected ? 1 : 0,
          unit: 'yes=1',
          note: `${reflected ? 'yes' : 'NO'}: actual of target ${probe.indicatorCode} ${String(actualOf(before))} → ${String(actualOf(next.value))}; that assessment took ${next.ms.toFixed(1)} ms`,
        });
      } finally {
        await bench.dispose();
      }
    },
  };
}
