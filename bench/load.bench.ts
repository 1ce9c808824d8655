/**
 * Load over loopback (autocannon) against the real server on a temp SQLite file with the
 * demo: the plan tree (GET /api/plans/{id}, brotli, as a browser asks) at concurrency 10,
 * /api/health for the server's own ceiling, and batch writes of 10 observations as the
 * demo administrator — every acknowledged batch is then checked to be in the database.
 * Each run is bounded in time (LOAD_SECONDS, default 10 s).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import type { BenchSection, Report } from './harness.ts';
import { startServerProcess } from './server-process.ts';

const demoPassword = 'lantu-demo-2025';
const seconds = Number(process.env.LOAD_SECONDS ?? 10);

interface Session {
  readonly cookie: string;
  readonly csrfToken: string;
}

async function logIn(baseUrl: string, username: string): Promise<Session> {
  const response = await fetch(`${baseUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: demoPassword }),
  });
  if (!response.ok) throw new Error(`login of ${username}: ${response.status}`);
  const body = (await response.json()) as { csrfToken: string };
  return {
    cookie: (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '',
    csrfToken: body.csrfToken,
  };
}

function record(report: Report, name: string, result: autocannon.Result, note: string) {
  const errors = result.errors + result.timeouts + result.non2xx;
  report.add({
    name: `${name}.requests_per_second`,
    value: result.requests.average,
    unit: 'req/s',
    note: `${note}; ${result.requests.total} requests in ${result.duration.toFixed(0)} s, ${errors} errors or non-2xx`,
  });
  report.add({ name: `${name}.p99_latency`, value: result.latency.p99, unit: 'ms', note });
  report.add({ name: `${name}.errors`, value: errors, unit: 'count', note });
}

export function loadSection(): BenchSection {
  return {
    title: `7. Load over loopback (autocannon, ${seconds} s per run)`,
    async run(report) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantu-bench-load-'));
      const server = await startServerProcess(path.join(dir, 'load.sqlite'));
      try {
        const viewer = await logIn(server.url, 'viewer');
        const admin = await logIn(server.url, 'admin');
        const plans = (await (
          await fetch(`${server.url}/api/plans`, { headers: { cookie: viewer.cookie } })
        ).json()) as { id: string }[];
        const planUrl = `${server.url}/api/plans/${plans[0]!.id}`;
        // A warm-up fills the tree cache, as the first visitor of the day does.
        await fetch(planUrl, { headers: { cookie: viewer.cookie } });
        const treeBytes = (
          await (await fetch(planUrl, { headers: { cookie: viewer.cookie } })).arrayBuffer()
        ).byteLength;

        const health = await autocannon({
          url: `${server.url}/api/health`,
          connections: 10,
          duration: seconds,
        });
        record(report, 'load.health', health, 'GET /api/health, concurrency 10');

        const tree = await autocannon({
          url: planUrl,
          connections: 10,
          duration: seconds,
          headers: { cookie: viewer.cookie, 'accept-encoding': 'br, gzip' },
        });
        record(
          report,
          'load.plan_tree',
          tree,
          `GET /api/plans/{id} as viewer, br, concurrency 10 (${(treeBytes / 1024).toFixed(0)} KiB uncompressed); goal ≥ 2000 req/s, p99 ≤ 50 ms`,
        );

        // Batch writes: 10 rows of one street each, a distinct month per batch so none repeats.
        const streets = ['500106001', '500106002', '500106003', '500106004', '500106005'];
        let batch = 0;
        const acknowledged: number[] = [];
        // What each acknowledged batch wrote, by key (unit|period) → values; a later batch
        // may overwrite an earlier one's key, so a key holds the value of one of its writers.
        const acknowledgedValues = new Map<string, number[]>();
        // Batches in flight when the run stops may be written without their answer being
        // read, so a key may also hold the value of any batch that was sent.
        const sentValues = new Map<string, number[]>();
        const statuses = new Map<number, number>();
        const rowsOf = (n: number) =>
          Array.from({ length: 10 }, (_, i) => ({
            indicatorCode: 'RETAIL',
            unitCode: streets[i % streets.length]!,
            // Years clear of the demo's approved 2024–2025, distinct within the batch.
            periodId: `${(i < 5 ? 1960 : 2030) + ((n >> 4) % 60)}${String((n % 12) + 1).padStart(2, '0')}`,
            value: n + i / 10,
            // A key is rewritten by later batches with larger values: the jump is explained.
            comment: 'load test',
          }));
        const writes = await autocannon({
          url: `${server.url}/api/observations/batch`,
          connections: 10,
          duration: seconds,
          method: 'POST',
          headers: {
            cookie: admin.cookie,
            'x-csrf-token': admin.csrfToken,
            'content-type': 'application/json',
          },
          requests: [
            {
              // One connection sends one request at a time, so its context names the batch
              // the next response answers.
              setupRequest: (request, context) => {
                const n = ++batch;
                (context as { batch?: number }).batch = n;
                for (const row of rowsOf(n)) {
                  const key = `${row.unitCode}|${row.periodId}`;
                  sentValues.set(key, [...(sentValues.get(key) ?? []), row.value]);
                }
                return {
                  ...request,
                  body: JSON.stringify({ rows: rowsOf(n), reason: `load ${n}` }),
                };
              },
              onResponse: (status, body, context) => {
                statuses.set(status, (statuses.get(status) ?? 0) + 1);
                if (status !== 200) return;
                const reason = /"written":(\d+)/.exec(body);
                if (!reason) return;
                acknowledged.push(Number(reason[1]));
                for (const row of rowsOf((context as { batch: number }).batch)) {
                  const key = `${row.unitCode}|${row.periodId}`;
                  acknowledgedValues.set(key, [...(acknowledgedValues.get(key) ?? []), row.value]);
                }
              },
            },
          ],
        });
        record(
          report,
          'load.batch_writes',
          writes,
          'POST /api/observations/batch of 10 rows as admin, concurrency 10; goal ≥ 500 req/s',
        );
        // Every acknowledged batch appended one audit entry with its reason.
        const audit = (await (
          await fetch(`${server.url}/api/audit?limit=1000`, {
            headers: { cookie: admin.cookie },
          })
        ).json()) as { reason: string }[];
        const logged = audit.filter((a) => a.reason.startsWith('load ')).length;
        report.add({
          name: 'load.batch_writes.acknowledged',
          value: acknowledged.length,
          unit: 'batches',
          note: `${acknowledged.filter((w) => w === 10).length} with 10 rows written; ${logged} of the newest ≤1000 audit entries are load batches`,
        });
        if (acknowledged.length > 0 && Math.min(acknowledged.length, 1000) > logged)
          report.notice('some acknowledged batches have no audit entry');

        // Row by row: every key an acknowledged batch wrote is in the database and holds the
        // value of one of the acknowledged batches that wrote it.
        const stored = new Map<string, number>();
        const reader = new Database(path.join(dir, 'load.sqlite'), { readonly: true });
        try {
          const rows = reader
            .prepare(
              `select u.code as unit, o.period_id as period, o.value as value
                 from observation o join unit u on u.id = o.unit_id
                 join indicator i on i.id = o.indicator_id
                where i.code = 'RETAIL' and (o.year < 2024 or o.year > 2025)`,
            )
            .all() as { unit: string; period: string; value: number }[];
          for (const row of rows) stored.set(`${row.unit}|${row.period}`, row.value);
        } finally {
          reader.close();
        }
        let missing = 0;
        let foreign = 0;
        for (const [key, values] of acknowledgedValues) {
          const value = stored.get(key);
          if (value === undefined) missing++;
          else if (!(sentValues.get(key) ?? values).some((v) => Math.abs(v - value) < 1e-6))
            foreign++;
        }
        report.add({
          name: 'load.batch_writes.keys_checked',
          value: acknowledgedValues.size,
          unit: 'keys',
          note: `row by row after the run: ${missing} missing, ${foreign} holding a value no batch sent; answers by status ${[...statuses].map(([k, v]) => `${k}: ${v}`).join(', ')}`,
        });
        if (missing + foreign > 0) report.notice('acknowledged writes are not all present');
      } finally {
        await server.close();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
