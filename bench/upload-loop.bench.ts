/**
 * Whether the server keeps answering while a large upload runs (issue 9 §5): the server in a
 * process of its own on a temp SQLite file with the demo, a 163,000-row .xlsx posted as the
 * demo administrator (the file itself as the body), and /api/health asked back to back until
 * the upload's job ends — once with the upload in a worker thread (the default) and once in
 * the server's own thread (LANTU_UPLOAD_WORKER=0), in the same run. The server's peak memory
 * is read from /proc.
 *
 * `upload-memory`: whether the server's memory stays bounded whatever the file's size — the
 * same server, one fresh process per upload, 163,000 and 300,000 rows sent as the body, and
 * 163,000 rows sent as base64 JSON for comparison; the server's resident memory sampled from
 * /proc every 50 ms while the job runs, against what it held before the upload.
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

type SessionHeaders = Record<'cookie' | 'x-csrf-token', string>;

async function login(url: string): Promise<SessionHeaders> {
  const response = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: demoPassword }),
  });
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return {
    cookie: (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '',
    'x-csrf-token': csrfToken,
  };
}

/** Starts the upload of an .xlsx: the file itself as the body, or base64 in JSON. */
async function postUpload(
  url: string,
  headers: SessionHeaders,
  content: Buffer,
  form: 'file' | 'json',
): Promise<Job> {
  const posted =
    form === 'file'
      ? await fetch(`${url}/api/collection/upload/file?fileName=bench.xlsx`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/octet-stream' },
          body: new Uint8Array(content),
        })
      : await fetch(`${url}/api/collection/upload`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify({
            fileName: 'bench.xlsx',
            contentBase64: content.toString('base64'),
          }),
        });
  if (posted.status !== 202)
    throw new Error(`upload answered ${posted.status}: ${await posted.text()}`);
  return (await posted.json()) as Job;
}

async function measure(
  report: Report,
  label: string,
  env: NodeJS.ProcessEnv,
  workbook: { content: Buffer; rows: number },
) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantu-bench-upload-'));
  const server = await startServerProcess(path.join(dir, 'upload.sqlite'), env);
  try {
    const headers = await login(server.url);
    const before = memoryOf(server.pid);
    const started = performance.now();
    let job = await postUpload(server.url, headers, workbook.content, 'file');
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

/**
 * One upload in a fresh server process, its resident memory sampled every 50 ms until the
 * job ends: the peak against what the server held before the upload began.
 */
async function measureMemory(
  report: Report,
  label: string,
  workbook: { content: Buffer; rows: number },
  form: 'file' | 'json',
) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantu-bench-memory-'));
  const server = await startServerProcess(path.join(dir, 'upload.sqlite'));
  try {
    const headers = await login(server.url);
    // Settled after the demo's load, so the baseline is the idle server's.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const before = memoryOf(server.pid);
    if (!before) {
      report.notice("no /proc: the server's memory cannot be read here");
      return;
    }
    let peak = before.rss;
    const sampler = setInterval(() => {
      const now = memoryOf(server.pid);
      if (now) peak = Math.max(peak, now.rss);
    }, 50);
    const started = performance.now();
    let job: Job;
    try {
      job = await postUpload(server.url, headers, workbook.content, form);
      while (!['done', 'rejected', 'failed'].includes(job.status)) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        job = (await (
          await fetch(`${server.url}/api/collection/upload/${job.id}`, { headers })
        ).json()) as Job;
      }
    } finally {
      clearInterval(sampler);
    }
    const ms = performance.now() - started;
    const note = `${workbook.rows.toLocaleString('en-US')} rows (${(workbook.content.length / 2 ** 20).toFixed(1)} MiB .xlsx) sent as ${form === 'file' ? 'the body' : 'base64 JSON'}, job ${job.status} (${job.written.toLocaleString('en-US')} written) in ${seconds(ms)}; ${before.rss.toFixed(0)} MiB before`;
    report.add({ name: `upload_memory.${label}.peak_rss`, value: peak, unit: 'MiB', note });
    report.add({
      name: `upload_memory.${label}.growth`,
      value: peak - before.rss,
      unit: 'MiB',
      note: "peak resident memory while the job ran, less the idle server's",
    });
    if (job.status !== 'done') report.notice(`${label}: the upload ended ${job.status}`);
  } finally {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function uploadMemorySection(sizes: readonly number[] = [163_000, 300_000]): BenchSection {
  return {
    title: `8b. The server's memory during uploads of ${sizes.map((n) => n.toLocaleString('en-US')).join(' and ')} rows (worker thread, SQLite file): the file as the body vs base64 JSON`,
    async run(report) {
      for (const rows of sizes) {
        const { content } = await buildWorkbook(rows);
        await measureMemory(report, `file_${rows / 1000}k`, { content, rows }, 'file');
        if (rows === sizes[0])
          await measureMemory(report, `json_${rows / 1000}k`, { content, rows }, 'json');
      }
    },
  };
}
