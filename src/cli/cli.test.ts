/**
 * The `lantu` command run as a child process, as an operator runs it. The database is a
 * temporary SQLite file, or a fresh PostgreSQL database when TEST_DATABASE_URL is set.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGbk } from '../extract/text-encoding-test-support.ts';
import { repositoryRoot } from '../http/server.ts';
import { openDatabase } from '../store/database.ts';
import { testEngine } from '../store/test-database.ts';

const sharedRoot = path.resolve(repositoryRoot, '../shared');
const seedPath = path.join(sharedRoot, 'corpus', '00_shapingba_2025_plan.txt');
const hasCorpus = fs.existsSync(seedPath);
if (!hasCorpus)
  console.warn(`[cli.test] ${seedPath} is absent: the tests that read the seed report are skipped`);

interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `lantu …` and resolves with its exit code and output, whatever the code. */
function runLantu(args: readonly string[], timeout = 60_000): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', path.join(repositoryRoot, 'src/cli/main.ts'), ...args],
      { cwd: repositoryRoot, timeout, maxBuffer: 64 * 1024 * 1024, env: { ...process.env } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** A database location for the CLI on the run's engine, and how to remove it. */
async function createCliDatabase(
  dir: string,
): Promise<{ location: string; drop(): Promise<void> }> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) return { location: path.join(dir, 'lantu.sqlite'), drop: async () => {} };
  const name = `lantu_cli_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    location: url.toString(),
    async drop() {
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

let workDir: string;
beforeAll(() => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantu-cli-'));
});
afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

describe.concurrent('lantu extract', () => {
  it.skipIf(!hasCorpus)(
    'prints, with --format eval, JSON in the scorer’s shape that the scorer accepts',
    async () => {
      const result = await runLantu(['extract', seedPath, '--format', 'eval']);
      expect(result.code, result.stderr).toBe(0);
      const printed = JSON.parse(result.stdout) as { document: string; items: unknown[] };
      expect(printed.document).toBe('00_shapingba_2025_plan.txt');
      expect(printed.items.length).toBeGreaterThan(100);
      expect(printed.items[0]).toEqual(
        expect.objectContaining({
          offset: expect.any(Number),
          kind: expect.stringMatching(/^(achievement|target)$/),
          metric: expect.any(String),
          value: expect.any(Number),
          unit: expect.any(String),
          comparator: expect.any(String),
        }),
      );

      const gold = path.join(workDir, 'gold');
      const predictions = path.join(workDir, 'pred');
      fs.mkdirSync(gold);
      fs.mkdirSync(predictions);
      fs.copyFileSync(
        path.join(sharedRoot, 'eval', 'gold', '00_shapingba_2025_plan.json'),
        path.join(gold, '00_shapingba_2025_plan.json'),
      );
      fs.writeFileSync(path.join(predictions, '00_shapingba_2025_plan.json'), result.stdout);
      const scored = await new Promise<CliResult>((resolve) =>
        execFile(
          process.execPath,
          [path.join(sharedRoot, 'eval', 'score.mjs'), '--gold', gold, '--pred', predictions],
          (error, stdout, stderr) =>
            resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
        ),
      );
      expect(scored.code, scored.stderr).toBe(0);
      const lastLine = scored.stdout.trim().split('\n').at(-1) ?? '';
      expect(Number(/([0-9.]+)\s*$/.exec(lastLine)?.[1])).toBeGreaterThan(0.5);
    },
  );

  it('exits 1 with a Chinese and an English message when the file is missing', async () => {
    const result = await runLantu(['extract', path.join(workDir, 'no-such-report.txt')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/无法读取文件/);
    expect(result.stderr).toMatch(/cannot read .*no-such-report\.txt/);
    expect(result.stdout).toBe('');
  });

  it('reads a plan saved in GBK and says it read it as GB18030', async () => {
    const file = path.join(workDir, 'gbk-plan.txt');
    fs.writeFileSync(
      file,
      encodeGbk('某街道2026年工作计划\n一、主要目标\n（一）稳增长\n1. 新增就业岗位1000个以上。\n'),
    );
    const result = await runLantu(['extract', file]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/GB18030/);
    const printed = JSON.parse(result.stdout) as { encoding: string; plan: { title: string } };
    expect(printed).toMatchObject({ encoding: 'gb18030', plan: { title: '某街道2026年工作计划' } });
  });

  it('exits 2 on an unknown option', async () => {
    const result = await runLantu(['extract', 'report.txt', '--no-such-option']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown option/);
  });
});

describe(`lantu on a database (${testEngine})`, () => {
  let database: Awaited<ReturnType<typeof createCliDatabase>>;
  beforeAll(async () => {
    database = await createCliDatabase(workDir);
    const demo = await runLantu(['--database', database.location, 'demo']);
    expect(demo.code, demo.stderr).toBe(0);
  });
  afterAll(() => database.drop());

  it('generates the 月通报 as a new archived version and writes its .docx and .xlsx', async () => {
    const outDir = path.join(workDir, 'reports');
    const run = () =>
      runLantu(['--database', database.location, 'report', 'monthly-bulletin', '-o', outDir]);
    const first = await run();
    expect(first.code, first.stderr).toBe(0);
    const second = await run();
    expect(second.stderr).toContain('第2版');
    const files = fs.readdirSync(outDir).sort();
    expect(files.filter((f) => f.endsWith('-v2.docx'))).toHaveLength(1);
    expect(files.filter((f) => f.endsWith('-v2.xlsx'))).toHaveLength(1);
  });

  it('refuses an unknown document kind in Chinese and English', async () => {
    const result = await runLantu(['--database', database.location, 'report', 'weekly-poem']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('unknown document kind weekly-poem');
  });

  it('exports the demo plan as a workbook with its targets sheet', async () => {
    const out = path.join(workDir, 'plan.xlsx');
    const result = await runLantu([
      '--database',
      database.location,
      'export',
      '--format',
      'xlsx',
      '-o',
      out,
    ]);
    expect(result.code, result.stderr).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    const names = workbook.worksheets.map((w) => w.name);
    const targets = workbook.worksheets.find((w) => /目标|target/i.test(w.name));
    expect(targets, `sheets: ${names.join(', ')}`).toBeDefined();
    expect(targets!.rowCount).toBeGreaterThan(40);
  });

  it.skipIf(!hasCorpus)(
    'reports a second import of the same report as a revision with no changes',
    async () => {
      // The demo's 2025 plan is adopted (a revision of it needs reopening first): import as 2026.
      const importAs2026 = [
        '--database',
        database.location,
        'import-plan',
        seedPath,
        '--year',
        '2026',
      ];
      const first = await runLantu(importAs2026);
      expect(first.code, first.stderr).toBe(0);
      expect((JSON.parse(first.stdout) as { isNew: boolean }).isNew).toBe(true);
      const second = await runLantu(importAs2026);
      expect(second.code, second.stderr).toBe(0);
      const result = JSON.parse(second.stdout) as Record<string, unknown>;
      expect(result).toMatchObject({
        isNew: false,
        added: [],
        changed: [],
        removed: [],
        keptEdits: [],
      });
      expect(result.planId).toBe((JSON.parse(first.stdout) as { planId: string }).planId);
      expect(second.stderr).toMatch(/修订 \/ revision/);
    },
  );

  it('finds a roll-up that disagrees with the observations, and rebuilds it', async () => {
    const check = () => runLantu(['--database', database.location, 'rollup', '--check']);
    const clean = await check();
    expect(clean.code, clean.stderr).toBe(0);
    expect(clean.stderr).toMatch(/一致 \/ the roll-up agrees/);

    // Corrupt one roll-up row behind the application's back.
    const opened = openDatabase(database.location);
    await opened.db
      .updateTable('rollup_cell')
      .set({ descendants_sum: -1 })
      .where('descendants_count', '>', 0)
      .execute();
    await opened.close();
    const broken = await check();
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/不一致.*lantu rollup --rebuild/);

    const rebuilt = await runLantu(['--database', database.location, 'rollup', '--rebuild']);
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    expect((await check()).code).toBe(0);
  }, 180_000); // four runs of the CLI, each starting Node and tsx: slow on a busy machine
});
