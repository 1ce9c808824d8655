/**
 * Key projects at scale (issue 12 §8): the demo in an SQLite file grown to 1,000 and then
 * 10,000 projects × 12 months of investment (plan and actual) with 5,000 and then 50,000
 * blockers, milestones on a third of the projects; at each size the district summary (what
 * the cockpit's GET /api/projects/summary calls) and the Gantt data of a department and of a
 * town, through the service, median of ≥ 20 warm runs. Goal ≤ 50 ms on SQLite, and the time
 * grows with the page shown, not with the registry: one department keeps the same 25 projects
 * at every size, so its Gantt must stay flat while the registry grows tenfold.
 *
 * The fill is SQL generated inside SQLite (INSERT … SELECT over a counter), set-up, not a
 * measurement. Next to the summary: the same rows' grouped sum over a minimal integer-keyed
 * table, for the ratio.
 */
import type SqliteDatabase from 'better-sqlite3';
import { buildApp, type Services } from '../src/http/app.ts';
import { lantuVersion } from '../src/http/server.ts';
import { projectKinds, stageTrackOf } from '../src/core/project.ts';
import { standardMilestones } from '../src/core/milestone.ts';
import { blockerTypes } from '../src/core/blocker.ts';
import { systemActor } from '../src/services/ports.ts';
import { openPostgresBenchDatabase, openSqliteBenchDatabase } from './fixtures.ts';
import { seconds, timeMedian, timeOnce, type BenchSection, type Report } from './harness.ts';

export interface ProjectsBenchOptions {
  /** Registry sizes, ascending; the database grows from one to the next. */
  readonly levels: readonly { readonly projects: number; readonly blockers: number }[];
  readonly runs: number;
}

export const defaultProjectsOptions: ProjectsBenchOptions = {
  levels: [
    { projects: 1_000, blockers: 5_000 },
    { projects: 10_000, blockers: 50_000 },
  ],
  runs: 30,
};

/** The department that keeps the same projects at every size. */
const FIXED_DEPARTMENT_PROJECTS = 25;
const YEAR = 2025;
const GOAL_MS = 50;

/** Temp tables the fill joins against: units, kind × stage along each kind's track, months, nodes. */
export function createFillTables(
  handle: SqliteDatabase.Database,
  departments: readonly string[],
  towns: readonly string[],
) {
  handle.exec(`CREATE TEMP TABLE bench_department (n INTEGER PRIMARY KEY, id TEXT NOT NULL);
    CREATE TEMP TABLE bench_town (n INTEGER PRIMARY KEY, id TEXT NOT NULL);
    CREATE TEMP TABLE bench_kind_stage (n INTEGER PRIMARY KEY, kind TEXT NOT NULL, stage TEXT NOT NULL);
    CREATE TEMP TABLE bench_month (n INTEGER PRIMARY KEY, period_id TEXT NOT NULL);
    CREATE TEMP TABLE bench_node (n INTEGER PRIMARY KEY, node TEXT NOT NULL);
    CREATE TEMP TABLE bench_blocker_type (n INTEGER PRIMARY KEY, type TEXT NOT NULL);`);
  handle.transaction(() => {
    const put = (table: string, values: readonly (readonly unknown[])[]) => {
      const insert = handle.prepare(
        `INSERT INTO ${table} VALUES (${values[0]!.map(() => '?').join(', ')})`,
      );
      for (const v of values) insert.run(...v);
    };
    put(
      'bench_department',
      departments.map((id, n) => [n, id]),
    );
    put(
      'bench_town',
      towns.map((id, n) => [n, id]),
    );
    put(
      'bench_kind_stage',
      projectKinds
        .flatMap((kind) => stageTrackOf(kind).map((stage) => [kind, stage]))
        .map(([kind, stage], n) => [n, kind, stage]),
    );
    put(
      'bench_month',
      Array.from({ length: 12 }, (_, m) => [m, `${YEAR}${String(m + 1).padStart(2, '0')}`]),
    );
    put(
      'bench_node',
      standardMilestones.map((node, n) => [n, node]),
    );
    put(
      'bench_blocker_type',
      blockerTypes.map((type, n) => [n, type]),
    );
  })();
  const kindStages = projectKinds.reduce((a, k) => a + stageTrackOf(k).length, 0);
  const counter = `WITH RECURSIVE k(n) AS (SELECT @from UNION ALL SELECT n + 1 FROM k WHERE n + 1 < @to)`;
  const projectId = `printf('zbench-project-%06d', k.n)`;
  // Projects 0–24 belong to the fixed department; every later one to one of the others.
  const projects = handle.prepare<[{ from: number; to: number; now: string }]>(
    `${counter}
     INSERT INTO project (id, code, name, content, kind, level, stage, owner_name, unit_id,
       town_unit_id, leader, longitude, latitude, total_investment_yuan, start_date, finish_date,
       progress_note, version, created_at, updated_at)
     SELECT ${projectId}, printf('ZB%06d', k.n), '基准测试项目' || k.n, '基准测试建设内容', ks.kind,
       CASE k.n % 3 WHEN 0 THEN 'city' ELSE 'district' END, ks.stage, '基准测试业主', d.id, t.id,
       '', NULL, NULL, 1e8 * (1 + k.n % 40), date('2024-01-01', '+' || (k.n % 700) || ' days'),
       date('2024-01-01', '+' || (k.n % 700 + 400 + k.n % 600) || ' days'), '', 1, @now, @now
     FROM k
     JOIN bench_kind_stage ks ON ks.n = k.n % ${kindStages}
     JOIN bench_department d ON d.n = CASE WHEN k.n < ${FIXED_DEPARTMENT_PROJECTS} THEN 0
       ELSE 1 + k.n % ${departments.length - 1} END
     JOIN bench_town t ON t.n = k.n % ${towns.length}`,
  );
  const years = handle.prepare<[{ from: number; to: number; now: string }]>(
    `${counter}
     INSERT INTO project_year (project_id, year, plan_yuan, listed_actual_yuan, listed_through_month, updated_at)
     SELECT ${projectId}, ${YEAR}, 1.2e7 * (1 + k.n % 50), NULL, NULL, @now FROM k`,
  );
  // Most months approved; one in 17 still submitted (not counted).
  const investment = handle.prepare<[{ from: number; to: number; now: string }]>(
    `${counter}
     INSERT INTO project_investment (project_id, period_id, year, plan_yuan, actual_yuan, state, version, updated_at, updated_by)
     SELECT ${projectId}, m.period_id, ${YEAR}, 1e6 * (1 + k.n % 50),
       1e6 * (1 + k.n % 50) * (0.5 + ((k.n + m.n) % 10) / 10.0),
       CASE WHEN (k.n + m.n) % 17 = 0 THEN 'submitted' ELSE 'approved' END, 1, @now, 'bench'
     FROM k CROSS JOIN bench_month m`,
  );
  const milestones = handle.prepare<[{ from: number; to: number; now: string; today: string }]>(
    `${counter}
     INSERT INTO project_milestone (project_id, node, planned_date, forecast_date, actual_date, baseline_date, updated_at)
     SELECT ${projectId}, b.node,
       date('2024-01-01', '+' || (k.n % 700 + b.n * 90) || ' days'),
       date('2024-01-01', '+' || (k.n % 700 + b.n * 90 + (k.n % 5) * 10) || ' days'),
       CASE WHEN date('2024-01-01', '+' || (k.n % 700 + b.n * 90) || ' days') < @today
         AND (k.n + b.n) % 4 != 0 THEN date('2024-01-01', '+' || (k.n % 700 + b.n * 90) || ' days') END,
       date('2024-01-01', '+' || (k.n % 700 + b.n * 90 - (k.n % 3) * 15) || ' days'), @now
     FROM k CROSS JOIN bench_node b WHERE k.n % 3 = 0`,
  );
  // States: 3 open, 2 in progress, 1 待销号, 3 销号, 1 reopened in every 10; raised over two years.
  const blockers = handle.prepare<
    [{ from: number; to: number; projects: number; now: string; today: string }]
  >(
    `${counter}
     INSERT INTO project_blocker (id, project_id, type, description, unit_id, due_date, state, level,
       evidence, raised_by, raised_on, closed_on, version, updated_at)
     SELECT printf('zbench-blocker-%07d', k.n), printf('zbench-project-%06d', k.n % @projects),
       bt.type, '基准测试卡点', d.id, date(@today, '-' || (k.n % 720) || ' days', '+30 days'),
       CASE k.n % 10 WHEN 0 THEN 'open' WHEN 1 THEN 'open' WHEN 2 THEN 'open'
         WHEN 3 THEN 'in-progress' WHEN 4 THEN 'in-progress' WHEN 5 THEN 'resolved'
         WHEN 9 THEN 'reopened' ELSE 'closed' END,
       CASE k.n % 4 WHEN 0 THEN 'unit' WHEN 1 THEN 'lead-department' WHEN 2 THEN 'leader' ELSE 'meeting' END,
       '', 'bench', date(@today, '-' || (k.n % 720) || ' days'),
       CASE WHEN k.n % 10 IN (6, 7, 8) THEN date(@today, '-' || (k.n % 720) || ' days', '+' || (k.n % 60) || ' days') END,
       1, @now
     FROM k
     JOIN bench_blocker_type bt ON bt.n = k.n % ${blockerTypes.length}
     JOIN bench_department d ON d.n = k.n % ${departments.length}`,
  );
  return { projects, years, investment, milestones, blockers };
}

/** The same investment rows in a minimal integer-keyed table, and their grouped sum: the raw aggregate. */
function createRawAggregate(handle: SqliteDatabase.Database) {
  handle.exec(`DROP TABLE IF EXISTS temp.bench_min_project; DROP TABLE IF EXISTS temp.bench_min_investment;
    CREATE TEMP TABLE bench_min_project (id INTEGER PRIMARY KEY, grp INTEGER NOT NULL);
    CREATE TEMP TABLE bench_min_investment (project INTEGER NOT NULL, month INTEGER NOT NULL,
      actual REAL, PRIMARY KEY (project, month)) WITHOUT ROWID;
    INSERT INTO bench_min_project
      SELECT rowid, (CASE kind WHEN 'industry' THEN 0 WHEN 'infrastructure' THEN 1 ELSE 2 END) * 2
        + (level = 'city') FROM project;
    INSERT INTO bench_min_investment
      SELECT p.rowid, CAST(substr(i.period_id, 5, 2) AS INTEGER), i.actual_yuan
      FROM project_investment i JOIN project p ON p.id = i.project_id
      WHERE i.state = 'approved' ORDER BY 1, 2;`);
  const query = handle.prepare(
    `SELECT p.grp, count(*) AS n, sum(i.actual) AS actual
     FROM bench_min_investment i JOIN bench_min_project p ON p.id = i.project GROUP BY p.grp`,
  );
  return () => query.all();
}

/** The Gantt pages the cockpit asks for, each timed through the service. */
async function timeGantts(
  report: Report,
  service: Services['projects'],
  label: string,
  projects: number,
  runs: number,
  codes: { fixedDepartment: string; busyDepartment: string; town: string },
) {
  // The page the cockpit shows first (200 rows), and one deep in the district's whole list.
  for (const [name, query] of [
    ['gantt_fixed_department', { unitCode: codes.fixedDepartment }],
    ['gantt_department', { unitCode: codes.busyDepartment }],
    ['gantt_town', { townCode: codes.town }],
    ['gantt_district_page', { offset: Math.floor(projects / 2) }],
  ] as const) {
    const shown = await service.getGantt(query);
    const timing = await timeMedian(() => service.getGantt(query), { runs, warmup: 3 });
    report.add({
      name: `projects.${name}_${label}`,
      value: timing.medianMs,
      unit: 'ms',
      note: `getGantt ${JSON.stringify(query)}: ${shown.rows.length} of ${shown.total} rows, ${shown.rows.reduce((a, r) => a + r.milestones.length, 0)} milestones; median of ${timing.runs} (min ${timing.minMs.toFixed(1)}, max ${timing.maxMs.toFixed(1)}); goal ≤ ${GOAL_MS} ms`,
    });
  }
}

export function projectsSection(options = defaultProjectsOptions): BenchSection {
  return {
    title:
      '9. Key projects at scale: district summary and Gantt data — SQLite file in the temp folder',
    async run(report: Report) {
      const setup = await timeOnce(() => openSqliteBenchDatabase({ withDemo: true }));
      const bench = setup.value;
      try {
        const raw = bench.deps.database.raw;
        if (raw.kind !== 'sqlite') throw new Error('expected SQLite');
        const handle = raw.handle;
        const units = handle
          .prepare('SELECT id, code, kind, parent_id FROM unit ORDER BY code')
          .all() as { id: string; code: string; kind: string; parent_id: string | null }[];
        const district = units.find((u) => u.kind === 'region' && u.parent_id === null)!;
        const departments = units.filter((u) => u.kind === 'department');
        const towns = units.filter((u) => u.kind === 'region' && u.parent_id === district.id);
        const demoProjects = (
          handle.prepare('SELECT count(*) AS n FROM project').get() as {
            n: number;
          }
        ).n;
        report.notice(
          `demo loaded in ${seconds(setup.ms)}: ${demoProjects} projects, ${departments.length} departments, ${towns.length} towns`,
        );
        const fill = createFillTables(
          handle,
          departments.map((d) => d.id),
          towns.map((t) => t.id),
        );
        const today = bench.deps.clock.today();
        const { projects: service } = bench.services;
        const countOf = (sql: string, ...params: unknown[]) =>
          (handle.prepare(sql).get(...params) as { n: number }).n;
        const fixedDepartment = departments[0]!;
        const busyDepartment = departments[1]!;
        const town = towns[0]!;

        let filledProjects = 0;
        let filledBlockers = 0;
        for (const level of options.levels) {
          const started = performance.now();
          handle.pragma('foreign_keys = OFF');
          handle.pragma('synchronous = OFF');
          const now = new Date().toISOString();
          handle.transaction(() => {
            const span = { from: filledProjects, to: level.projects, now };
            fill.projects.run(span);
            fill.years.run(span);
            fill.investment.run(span);
            fill.milestones.run({ ...span, today });
            fill.blockers.run({
              from: filledBlockers,
              to: level.blockers,
              projects: level.projects,
              now,
              today,
            });
          })();
          handle.pragma('synchronous = NORMAL');
          handle.pragma('foreign_keys = ON');
          handle.exec('ANALYZE');
          filledProjects = level.projects;
          filledBlockers = level.blockers;
          const fillMs = performance.now() - started;
          const totals = {
            projects: countOf('SELECT count(*) AS n FROM project'),
            investment: countOf('SELECT count(*) AS n FROM project_investment'),
            blockers: countOf('SELECT count(*) AS n FROM project_blocker'),
            milestones: countOf('SELECT count(*) AS n FROM project_milestone'),
          };
          const label = level.projects >= 1000 ? `${level.projects / 1000}k` : `${level.projects}`;
          report.notice(
            `filled in ${seconds(fillMs)}: ${totals.projects.toLocaleString('en-US')} projects, ${totals.investment.toLocaleString('en-US')} investment months, ${totals.blockers.toLocaleString('en-US')} blockers, ${totals.milestones.toLocaleString('en-US')} milestones`,
          );

          const summary = await timeMedian(() => service.getDistrictSummary(), {
            runs: options.runs,
            warmup: 3,
          });
          const rawAggregate = createRawAggregate(handle);
          const rawTiming = await timeMedian(rawAggregate, { runs: options.runs, warmup: 3 });
          report.add({
            name: `projects.raw_grouped_sum_${label}`,
            value: rawTiming.medianMs,
            unit: 'ms',
            note: `the approved months' grouped sum over a minimal integer-keyed table (project, month, actual) joined to (project, group), median of ${rawTiming.runs}`,
          });
          const checked = await service.getDistrictSummary();
          report.add({
            name: `projects.summary_${label}`,
            value: summary.medianMs,
            unit: 'ms',
            ratio: summary.medianMs / rawTiming.medianMs,
            note: `getDistrictSummary (${checked.stageCounts.reduce((a, s) => a + s.count, 0)} projects, ${checked.blockers.active} active blockers), median of ${summary.runs} (min ${summary.minMs.toFixed(1)}, max ${summary.maxMs.toFixed(1)}); goal ≤ ${GOAL_MS} ms; ratio = summary/raw grouped sum`,
          });

          await timeGantts(report, service, label, level.projects, options.runs, {
            fixedDepartment: fixedDepartment.code,
            busyDepartment: busyDepartment.code,
            town: town.code,
          });
        }

        // Once over HTTP, as the cockpit asks: the route's validation and serialisation on top.
        await bench.services.accounts.createUser(
          {
            username: 'bench-viewer',
            password: 'bench-viewer-password',
            roles: ['viewer'],
            unitCodes: [district.code],
          },
          systemActor,
        );
        const app = await buildApp({ ...bench.deps, version: lantuVersion, logger: false });
        try {
          const login = await app.inject({
            method: 'POST',
            url: '/api/session',
            payload: { username: 'bench-viewer', password: 'bench-viewer-password' },
          });
          if (login.statusCode !== 200) throw new Error(`login: ${login.statusCode}`);
          const cookie = String(login.headers['set-cookie'] ?? '').split(';')[0] ?? '';
          for (const [name, url] of [
            ['http_summary', '/api/projects/summary'],
            ['http_gantt_department', `/api/projects/gantt?unitCode=${busyDepartment.code}`],
          ] as const) {
            let bytes = 0;
            const timing = await timeMedian(
              async () => {
                const response = await app.inject({ method: 'GET', url, headers: { cookie } });
                if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode}`);
                bytes = response.rawPayload.length;
              },
              { runs: options.runs, warmup: 3 },
            );
            report.add({
              name: `projects.${name}`,
              value: timing.medianMs,
              unit: 'ms',
              note: `GET ${url} with inject at ${filledProjects.toLocaleString('en-US')} bench projects, ${bytes.toLocaleString('en-US')} bytes, median of ${timing.runs}`,
            });
          }
        } finally {
          await app.close();
        }
      } finally {
        await bench.dispose();
      }
    },
  };
}

/**
 * The same registry on PostgreSQL: the fill is one INSERT … SELECT over generate_series per
 * table (units, kinds and stages as array parameters), then ANALYZE; the reads are the same
 * service calls, timed the same way.
 */
export function projectsPostgresSection(
  serverUrl: string,
  serverLabel: string,
  options = defaultProjectsOptions,
): BenchSection {
  return {
    title: `9b. Key projects at scale: district summary and Gantt data — PostgreSQL (${serverLabel})`,
    async run(report: Report) {
      const setup = await timeOnce(() => openPostgresBenchDatabase(serverUrl, { withDemo: true }));
      const bench = setup.value;
      try {
        const raw = bench.deps.database.raw;
        if (raw.kind !== 'postgres') throw new Error('expected PostgreSQL');
        const query = (text: string, values: unknown[] = []) => raw.pool.query(text, values);
        const units = (await query('SELECT id, code, kind, parent_id FROM unit ORDER BY code'))
          .rows as { id: string; code: string; kind: string; parent_id: string | null }[];
        const district = units.find((u) => u.kind === 'region' && u.parent_id === null)!;
        const departments = units.filter((u) => u.kind === 'department');
        const towns = units.filter((u) => u.kind === 'region' && u.parent_id === district.id);
        report.notice(`demo loaded in ${seconds(setup.ms)}`);
        const kindStages = projectKinds.flatMap((kind) =>
          stageTrackOf(kind).map((stage) => ({ kind, stage })),
        );
        const today = bench.deps.clock.today();
        const { projects: service } = bench.services;
        const day = (offset: string) => `to_char(date '2024-01-01' + (${offset}), 'YYYY-MM-DD')`;
        const pid = `'zbench-project-' || lpad(k.n::text, 6, '0')`;
        let filledProjects = 0;
        let filledBlockers = 0;
        for (const level of options.levels) {
          const started = performance.now();
          const now = new Date().toISOString();
          const range = `generate_series(${filledProjects}::int, ${level.projects - 1}::int) AS k(n)`;
          await query(
            `INSERT INTO project (id, code, name, content, kind, level, stage, owner_name, unit_id,
               town_unit_id, leader, total_investment_yuan, start_date, finish_date, progress_note,
               version, created_at, updated_at)
             SELECT ${pid}, 'ZB' || lpad(k.n::text, 6, '0'), '基准测试项目' || k.n, '基准测试建设内容',
               ($1::text[])[1 + k.n % $3], CASE k.n % 3 WHEN 0 THEN 'city' ELSE 'district' END,
               ($2::text[])[1 + k.n % $3], '基准测试业主',
               ($4::text[])[CASE WHEN k.n < ${FIXED_DEPARTMENT_PROJECTS} THEN 1 ELSE 2 + k.n % ($6 - 1) END],
               ($5::text[])[1 + k.n % $7], '', 1e8 * (1 + k.n % 40), ${day('k.n % 700')},
               ${day('k.n % 700 + 400 + k.n % 600')}, '', 1, $8, $8
             FROM ${range}`,
            [
              kindStages.map((x) => x.kind),
              kindStages.map((x) => x.stage),
              kindStages.length,
              departments.map((d) => d.id),
              towns.map((t) => t.id),
              departments.length,
              towns.length,
              now,
            ],
          );
          await query(
            `INSERT INTO project_year (project_id, year, plan_yuan, updated_at)
             SELECT ${pid}, ${YEAR}, 1.2e7 * (1 + k.n % 50), $1 FROM ${range}`,
            [now],
          );
          await query(
            `INSERT INTO project_investment (project_id, period_id, year, plan_yuan, actual_yuan, state, version, updated_at, updated_by)
             SELECT ${pid}, '${YEAR}' || lpad(m::text, 2, '0'), ${YEAR}, 1e6 * (1 + k.n % 50),
               1e6 * (1 + k.n % 50) * (0.5 + ((k.n + m - 1) % 10) / 10.0),
               CASE WHEN (k.n + m - 1) % 17 = 0 THEN 'submitted' ELSE 'approved' END, 1, $1, 'bench'
             FROM ${range} CROSS JOIN generate_series(1, 12) AS m`,
            [now],
          );
          await query(
            `INSERT INTO project_milestone (project_id, node, planned_date, forecast_date, actual_date, baseline_date, updated_at)
             SELECT ${pid}, ($1::text[])[b], ${day('k.n % 700 + (b - 1) * 90')},
               ${day('k.n % 700 + (b - 1) * 90 + (k.n % 5) * 10')},
               CASE WHEN ${day('k.n % 700 + (b - 1) * 90')} < $2 AND (k.n + b - 1) % 4 != 0
                 THEN ${day('k.n % 700 + (b - 1) * 90')} END,
               ${day('k.n % 700 + (b - 1) * 90 - (k.n % 3) * 15')}, $3
             FROM ${range} CROSS JOIN generate_series(1, ${standardMilestones.length}) AS b
             WHERE k.n % 3 = 0`,
            [[...standardMilestones], today, now],
          );
          const raisedOn = `to_char(date '${today}' - (k.n % 720), 'YYYY-MM-DD')`;
          await query(
            `INSERT INTO project_blocker (id, project_id, type, description, unit_id, due_date, state, level,
               evidence, raised_by, raised_on, closed_on, version, updated_at)
             SELECT 'zbench-blocker-' || lpad(k.n::text, 7, '0'),
               'zbench-project-' || lpad((k.n % ${level.projects})::text, 6, '0'),
               ($1::text[])[1 + k.n % ${blockerTypes.length}], '基准测试卡点',
               ($2::text[])[1 + k.n % ${departments.length}],
               to_char(date '${today}' - (k.n % 720) + 30, 'YYYY-MM-DD'),
               CASE k.n % 10 WHEN 0 THEN 'open' WHEN 1 THEN 'open' WHEN 2 THEN 'open'
                 WHEN 3 THEN 'in-progress' WHEN 4 THEN 'in-progress' WHEN 5 THEN 'resolved'
                 WHEN 9 THEN 'reopened' ELSE 'closed' END,
               CASE k.n % 4 WHEN 0 THEN 'unit' WHEN 1 THEN 'lead-department' WHEN 2 THEN 'leader' ELSE 'meeting' END,
               '', 'bench', ${raisedOn},
               CASE WHEN k.n % 10 IN (6, 7, 8)
                 THEN to_char(date '${today}' - (k.n % 720) + (k.n % 60), 'YYYY-MM-DD') END,
               1, $3
             FROM generate_series(${filledBlockers}::int, ${level.blockers - 1}::int) AS k(n)`,
            [[...blockerTypes], departments.map((d) => d.id), now],
          );
          await query('ANALYZE');
          filledProjects = level.projects;
          filledBlockers = level.blockers;
          const label = level.projects >= 1000 ? `${level.projects / 1000}k` : `${level.projects}`;
          report.notice(
            `filled to ${level.projects.toLocaleString('en-US')} bench projects and ${level.blockers.toLocaleString('en-US')} blockers in ${seconds(performance.now() - started)}`,
          );
          const summary = await timeMedian(() => service.getDistrictSummary(), {
            runs: options.runs,
            warmup: 3,
          });
          report.add({
            name: `projects.pg_summary_${label}`,
            value: summary.medianMs,
            unit: 'ms',
            note: `getDistrictSummary, median of ${summary.runs} (min ${summary.minMs.toFixed(1)}, max ${summary.maxMs.toFixed(1)}); goal (SQLite) ≤ ${GOAL_MS} ms`,
          });
          await timeGantts(report, service, `pg_${label}`, level.projects, options.runs, {
            fixedDepartment: departments[0]!.code,
            busyDepartment: departments[1]!.code,
            town: towns[0]!.code,
          });
        }
      } finally {
        await bench.dispose();
      }
    },
  };
}
