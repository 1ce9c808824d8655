/**
 * kill -9 mid-write (issue 9 §8): the real server in a child process on an SQLite file is
 * killed during a burst of batch writes and during the write of a large upload, then
 * started again on the same file. Every acknowledged batch is there whole, no batch is
 * there in part, the upload is there whole or not at all (its audit entry says which, and
 * so does its job, kept in the database, once the restarted server has ended it), and the
 * file passes SQLite's integrity check.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '../store/test-database.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const demoPassword = 'lantu-demo-2025';

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Running {
  readonly child: ChildProcess;
  readonly url: string;
}

async function startServer(
  databaseFile: string,
  env: Record<string, string> = {},
): Promise<Running> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--port', String(port)],
    {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: databaseFile, LOG_LEVEL: 'warn', ...env },
      stdio: 'ignore',
    },
  );
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i += 1) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return { child, url };
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new Error('server did not start within 60 s');
}

const killHard = (running: Running) =>
  new Promise<void>((resolve) => {
    running.child.once('exit', () => resolve());
    running.child.kill('SIGKILL');
  });

async function logIn(url: string) {
  const response = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: demoPassword }),
  });
  if (!response.ok) throw new Error(`login: ${response.status}`);
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
}

const streets = ['500106001', '500106002', '500106003', '500106004', '500106005'];
/** Batch n: 10 months of RETAIL for one street, in years no other batch uses. */
const batchRows = (n: number) =>
  Array.from({ length: 10 }, (_, i) => ({
    indicatorCode: 'RETAIL',
    unitCode: streets[n % streets.length]!,
    periodId: `${1960 + Math.floor(n / streets.length)}${String(i + 1).padStart(2, '0')}`,
    value: 1000 + n,
  }));

describe.skipIf(testEngine !== 'sqlite')('kill -9 mid-write (SQLite file)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantu-kill-'));
  const databaseFile = path.join(dir, 'lantu.sqlite');
  let server: Running | null = null;

  /** How many of a batch's 10 values are stored, with the batch's value. */
  const storedOf = (db: Database.Database, n: number) =>
    (
      db
        .prepare(
          `SELECT count(*) AS c FROM observation o JOIN unit u ON u.id = o.unit_id
           JOIN indicator i ON i.id = o.indicator_id
           WHERE i.code = 'RETAIL' AND u.code = ? AND o.period_id LIKE ? AND o.value = ?`,
        )
        .get(
          streets[n % streets.length],
          `${1960 + Math.floor(n / streets.length)}%`,
          1000 + n,
        ) as {
        c: number;
      }
    ).c;

  beforeAll(async () => {
    server = await startServer(databaseFile);
  }, 120_000);
  afterAll(async () => {
    if (server?.child.exitCode === null) await killHard(server);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every acknowledged batch whole and no batch in part after a kill mid-burst', async () => {
    const running = server!;
    const headers = await logIn(running.url);
    const acknowledged: number[] = [];
    let next = 0;
    let killed = false;
    const worker = async () => {
      while (!killed && next < 2000) {
        const n = next++;
        try {
          const response = await fetch(`${running.url}/api/observations/batch`, {
            method: 'POST',
            headers,
            body: JSON.stringify({ rows: batchRows(n) }),
          });
          if (response.status === 200) acknowledged.push(n);
          else if (!killed)
            throw new Error(`batch ${n}: ${response.status} ${await response.text()}`);
        } catch (error) {
          if (!killed) throw error;
        }
      }
    };
    const workers = Array.from({ length: 8 }, worker);
    while (acknowledged.length < 40) await sleep(5);
    killed = true;
    await killHard(running);
    await Promise.allSettled(workers);
    const sent = next;

    server = await startServer(databaseFile);
    const db = new Database(databaseFile, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      for (const n of acknowledged) expect(storedOf(db, n), `batch ${n}`).toBe(10);
      for (let n = 0; n < sent; n += 1) expect([0, 10], `batch ${n}`).toContain(storedOf(db, n));
    } finally {
      db.close();
    }
  }, 180_000);

  it('leaves a large upload whole or absent after a kill while it writes, as its audit entry says', async () => {
    const running = server!;
    const headers = await logIn(running.url);
    // Every town × every monthly indicator × the months of 1949–1958, years no batch uses:
    // about 80,000 rows, large enough that the kill lands while it writes.
    const units = (await (await fetch(`${running.url}/api/units`, { headers })).json()) as {
      code: string;
      level: string;
      kind: string;
    }[];
    const towns = units.filter((u) => u.kind === 'region' && /^\d{9}$/.test(u.code));
    const indicators = (
      (await (await fetch(`${running.url}/api/indicators`, { headers })).json()) as {
        code: string;
        cadence: string;
      }[]
    ).filter((i) => i.cadence === 'month');
    const lines = ['单位编码,指标编码,期间编码,本期数值'];
    for (let year = 1949; year < 1959; year += 1)
      for (const town of towns)
        for (const indicator of indicators)
          for (let month = 1; month <= 12; month += 1)
            lines.push(
              `${town.code},${indicator.code},${year}${String(month).padStart(2, '0')},10`,
            );
    const rows = lines.length - 1;
    const started = await fetch(`${running.url}/api/collection/upload`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        fileName: 'big.csv',
        contentBase64: Buffer.from(lines.join('\n')).toString('base64'),
      }),
    });
    expect(started.status).toBe(202);
    const { id } = (await started.json()) as { id: string };
    // The write is one transaction that holds the process: once the job has validated, a
    // progress poll that goes unanswered for 100 ms means it is writing, and the kill lands.
    let last = '';
    for (let i = 0; i < 20_000; i += 1) {
      const poll = await fetch(`${running.url}/api/collection/upload/${id}`, {
        headers,
        signal: AbortSignal.timeout(last.startsWith('validating') ? 100 : 30_000),
      })
        .then(async (r) => (await r.json()) as { status: string; validated: number })
        .catch(() => null);
      if (poll === null) {
        last = 'busy after validating';
        break;
      }
      last = `${poll.status} (${poll.validated} validated)`;
      if (!['parsing', 'validating'].includes(poll.status)) break;
      await sleep(5);
    }
    await killHard(running);

    // A job not saved for 2 s lost its runner: the restarted server ends it within that window.
    server = await startServer(databaseFile, { LANTU_UPLOAD_STALE_MS: '2000' });
    const db = new Database(databaseFile, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const { c: stored } = db
        .prepare(
          `SELECT count(*) AS c FROM observation o JOIN indicator i ON i.id = o.indicator_id
           WHERE i.cadence = 'month' AND o.period_id < '1959' AND o.value = 10`,
        )
        .get() as { c: number };
      const { c: audited } = db
        .prepare(`SELECT count(*) AS c FROM audit_log WHERE entity_id = ?`)
        .get(`upload:${id}`) as { c: number };
      expect([0, rows], `killed at ${last}`).toContain(stored);
      expect(stored === rows).toBe(audited > 0);
      // The job's state is known after the restart: it is in the database, and once its
      // runner's heartbeat is stale it reads done with every row, or failed with nothing written.
      const again = await logIn(server.url);
      type Job = { status: string; written: number; error: { code: string } | null };
      let job: Job | null = null;
      for (let i = 0; i < 100; i += 1) {
        const response = await fetch(`${server.url}/api/collection/upload/${id}`, {
          headers: again,
        });
        expect(response.status).toBe(200);
        const read = (await response.json()) as Job;
        job = read;
        if (['done', 'failed'].includes(read.status)) break;
        await sleep(100);
      }
      const seen = `killed at ${last}, then ${JSON.stringify(job)}`;
      if (stored === rows) expect(job, seen).toMatchObject({ status: 'done', written: rows });
      else
        expect(job, seen).toMatchObject({ status: 'failed', error: { code: 'UPLOAD_ABANDONED' } });
    } finally {
      db.close();
    }
  }, 180_000);
});
