/**
 * Whether the server keeps answering while a large upload runs (issue 9 §5): the server in a
 * process of its own on a temp SQLite file with the demo, a 163,000-row .xlsx posted as the
 * demo administrator, and /api/health asked back to back until the upload's job ends — once
 * with the upload in a worker thread (the default) and once in the server's own thread
 * (LANTU_UPLOAD_WORKER=0), in the same run. The server's peak memory is read from /proc.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildWorkbook } from './excel-upload.bench.ts';
import { seconds, type BenchSection, type Report } from './harness.ts';
import { memoryOf, startServerProcess } from './server-process.ts';

const demoPassword = 'lantu-demo-2025';

interface Job {
  readonly id: string;
  readonly status: string;
  readonly written: number;
  readonly problemCount: number;
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;

async function measure(
  report: Report,
  label: string,
  env: NodeJS.ProcessEnv,
  workbook: { content: Buffer; rows: number },
) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantu-bench-upload-'));
  const server = await startServerProcess(path.join(dir, 'upload.sqlite'), env);
  try {
    const login = await fetch(`${server.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: demoPassword }),
    });
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const headers = {
      cookie: (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '',
      'x-csrf-token': csrfToken,
    };
    const before = memoryOf(server.pid);
    const started = performance.now();
    const posted = await fetch(`${server.url}/api/collection/upload`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({
        fileName: 'bench.xlsx',
        contentBase64: workbook.content.toString('base64'),
      }),
    });
    let job = (await posted.json()) as Job;
    if (posted.status !== 202) throw new Error(`upload answered ${posted.status}`);
    const latencies: number[] = [];
    let lastPoll = 0;
    while (!['done', 'rejected', 'failed'].includes(job.status)) {
      const t = performance.now();
      await (await fetch(`${server.url}/api/health`)).arrayBuffer();
      latencies.push(performance.now() - t);
      if (performance.now() - lastPoll > 250) {
        lastPoll = performance.now();
        job = (await (
          await fetch(`${server.url}/api/collection/upload/${job.id}`, { headers })
        ).json()) as Job;
      }
    }
    const ms = performance.now() - started;
    const after = memoryOf(server.pid);
    const sorted = [...latencies].sort((a, b) => a - b);
    const note = `${workbook.rows.toLocaleString('en-US')} rows, job ${job.status} (${job.written.toLocaleString('en-US')} written) in ${seconds(ms)}; ${latencies.length} health requests back to back`;
    report.add({
      name: `upload_loop.${label}.health_p99`,
      value: percentile(sorted, 99),
      unit: 'ms',
      note: `${note}; goal < 100 ms`,
    });
    report.add({
      name: `upload_loop.${label}.health_max`,
      value: sorted[sorted.length - 1] ?? NaN,
      unit: 'ms',
      note,
    });
    report.add({
      name: `upload_loop.${label}.health_p50`,
      value: percentile(sorted, 50),
      unit: 'ms',
      note,
    });
    if (before && after)
      report.add({
        name: `upload_loop.${label}.peak_memory`,
        value: after.peak,
        unit: 'MiB',
        note: `server's peak resident memory (VmHWM); ${before.rss.toFixed(0)} MiB before the upload`,
      });
    if (job.status !== 'done') report.notice(`${label}: the upload ended ${job.status}`);
  } finally {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function uploadLoopSection(rows = 163_000): BenchSection {
  return {
    title: `8. /api/health while a ${rows.toLocaleString('en-US')}-row upload runs: worker thread vs the server's own thread (SQLite file)`,
    async run(report) {
      const { content } = await buildWorkbook(rows);
      report.notice(`workbook: ${(content.length / 2 ** 20).toFixed(1)} MiB`);
      await measure(report, 'worker', {}, { content, rows });
      await measure(report, 'in_process', { LANTU_UPLOAD_WORKER: '0' }, { content, rows });
    },
  };
}
