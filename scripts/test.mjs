/**
 * `npm test`: every suite on SQLite, the database-touching suites again on PostgreSQL,
 * then the browser journeys, and one closing line `N passed, M failed` over all passes.
 *
 * PostgreSQL comes from TEST_DATABASE_URL when set, else from a throw-away cluster
 * (scripts/pg-cluster.mjs) when initdb is installed; with neither it is skipped with a
 * notice, except under CI=true, where that is a failure. See
 * docs/decisions/0002-tests-on-both-engines.md.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The folders whose tests touch the database, and so run a second time on PostgreSQL. */
export const POSTGRES_SUITES = ['src/store', 'src/services', 'src/http', 'src/cli'];

const CHROMIUM = '/usr/bin/chromium';

/**
 * One pass's counts from a Vitest JSON report. A test file that failed without a failing
 * test (an import error, a throwing hook) counts as one failure, and so does a pass that
 * exited non-zero with nothing failed in its report: the closing line never says
 * "0 failed" for a run that failed.
 * @param {any} report Vitest's JSON report, or null when none was written
 * @param {number} exitCode
 * @returns {{ passed: number; failed: number; skipped: number; brokenFiles: number; ok: boolean }}
 */
export function summarizeVitestReport(report, exitCode) {
  const passed = Number(report?.numPassedTests ?? 0);
  let failed = Number(report?.numFailedTests ?? 0);
  const skipped = Number(report?.numPendingTests ?? 0) + Number(report?.numTodoTests ?? 0);
  const files = Array.isArray(report?.testResults) ? report.testResults : [];
  const brokenFiles = files.filter(
    (file) =>
      file?.status === 'failed' &&
      !(
        Array.isArray(file.assertionResults) &&
        file.assertionResults.some((t) => t?.status === 'failed')
      ),
  ).length;
  failed += brokenFiles;
  if (exitCode !== 0 && failed === 0) failed = 1;
  return { passed, failed, skipped, brokenFiles, ok: exitCode === 0 && failed === 0 };
}

/**
 * The plain closing line over all passes, e.g. `312 passed, 0 failed`.
 * @param {ReadonlyArray<{ passed: number; failed: number }>} passes
 */
export function formatClosingLine(passes) {
  const passed = passes.reduce((sum, p) => sum + p.passed, 0);
  const failed = passes.reduce((sum, p) => sum + p.failed, 0);
  return `${passed} passed, ${failed} failed`;
}

/** Whether CI is set the way CI systems set it (`true`, `1`). */
export function isCiEnvironment(env = process.env) {
  return /^(true|1)$/i.test(env.CI ?? '');
}

/** A notice framed so it is not lost in a long test log. */
export function formatNotice(title, lines) {
  const body = [title, ...lines];
  const width = Math.max(...body.map((l) => l.length)) + 4;
  const rule = '='.repeat(width);
  return `\n${rule}\n${body.map((l) => `  ${l}`).join('\n')}\n${rule}\n`;
}

/** @type {import('node:child_process').ChildProcess | null} */
let currentChild = null;
/** @type {{ url: string; stop(): void } | null} */
let cluster = null;
/** @type {string | null} */
let reportDir = null;

/** Stops the cluster and removes the reports; safe to call from exit and signal handlers. */
function cleanUp() {
  stopCluster();
  if (reportDir) fs.rmSync(reportDir, { recursive: true, force: true });
  reportDir = null;
}

function stopCluster() {
  const running = cluster;
  cluster = null;
  running?.stop();
}

function runChild(command, args, env) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: repoRoot, env, stdio: 'inherit' });
    currentChild = child;
    child.on('error', (error) => {
      process.stderr.write(`could not start ${command}: ${error.message}\n`);
    });
    child.on('close', (code, signal) => {
      currentChild = null;
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

/**
 * Runs one pass and reads its JSON report.
 * @returns {Promise<{ name: string; passed: number; failed: number; skipped: number; brokenFiles: number; ok: boolean; durationMs: number; note: string }>}
 */
async function runPass(name, command, args, env, reports) {
  const reportFile = path.join(reports, `${name}.json`);
  const reporterArgs = ['--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`];
  const shown = command === process.execPath ? ['vitest', ...args.slice(1)] : [command, ...args];
  process.stdout.write(`\n▶ ${name}: ${shown.join(' ')}\n`);
  const startedAt = Date.now();
  const exitCode = await runChild(command, [...args, ...reporterArgs], env);
  let report = null;
  try {
    report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
  } catch {
    // no report: the runner died before writing one; summarizeVitestReport counts the failure
  }
  const summary = summarizeVitestReport(report, exitCode);
  const note =
    summary.brokenFiles > 0 ? `${summary.brokenFiles} file(s) failed to load or run` : '';
  return { name, ...summary, durationMs: Date.now() - startedAt, note };
}

function skippedPass(name, note, ok = true) {
  return {
    name,
    passed: 0,
    failed: ok ? 0 : 1,
    skipped: 0,
    brokenFiles: 0,
    ok,
    durationMs: 0,
    note,
    isSkip: ok,
  };
}

function hasE2eSpecs() {
  const dir = path.join(repoRoot, 'e2e');
  if (!fs.existsSync(dir)) return false;
  return fs.readdirSync(dir, { recursive: true }).some((file) => String(file).endsWith('.spec.ts'));
}

async function main() {
  const ci = isCiEnvironment();
  const vitestBin = path.join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs');
  if (!fs.existsSync(vitestBin)) {
    process.stderr.write('Vitest is not installed: run `npm ci` first.\n');
    return 1;
  }
  if (process.argv.length > 2) {
    process.stderr.write(
      'npm test runs everything and takes no arguments. For a subset: npx vitest run <path>\n' +
        '(add TEST_DATABASE_URL=postgres://… for PostgreSQL; `node scripts/pg-cluster.mjs` starts one).\n',
    );
    return 2;
  }

  const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'lantu-test-'));
  reportDir = reports;
  const baseEnv = { ...process.env, TZ: 'UTC' };
  delete baseEnv.TEST_DATABASE_URL;
  const passes = [];
  try {
    passes.push(
      await runPass(
        'sqlite',
        process.execPath,
        [vitestBin, 'run'],
        { ...baseEnv, LANTU_ENGINE_LABEL: 'sqlite' },
        reports,
      ),
    );

    passes.push(await runPostgresPass({ ci, vitestBin, baseEnv, reports }));

    if (!hasE2eSpecs()) {
      passes.push(skippedPass('e2e', 'no e2e/*.spec.ts yet'));
    } else if (!fs.existsSync(CHROMIUM) && !ci) {
      process.stdout.write(
        formatNotice('Browser journeys (e2e) skipped: no /usr/bin/chromium.', [
          'To run them: apt-get install chromium fonts-noto-cjk   (CI always runs them)',
        ]),
      );
      passes.push(skippedPass('e2e', `skipped: ${CHROMIUM} absent`));
    } else {
      passes.push(await runPass('e2e', 'npm', ['run', 'e2e', '--'], baseEnv, reports));
    }
  } finally {
    cleanUp();
  }

  process.stdout.write('\n── Summary ──\n');
  for (const pass of passes) {
    const verdict = pass.isSkip ? 'skipped' : pass.ok ? 'ok' : 'FAILED';
    const parts = [pass.name.padEnd(9), verdict.padEnd(8)];
    if (!pass.isSkip) {
      parts.push(
        `${pass.passed} passed, ${pass.failed} failed${pass.skipped ? `, ${pass.skipped} skipped` : ''}`,
      );
    }
    if (pass.durationMs) parts.push(`in ${(pass.durationMs / 1000).toFixed(1)} s`);
    if (pass.note) parts.push(`(${pass.note})`);
    process.stdout.write(`${parts.join(' ')}\n`);
  }
  process.stdout.write(`${formatClosingLine(passes)}\n`);
  return passes.every((pass) => pass.ok) ? 0 : 1;
}

async function runPostgresPass({ ci, vitestBin, baseEnv, reports }) {
  let url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const { findPostgresBin, startThrowawayCluster } = await import('./pg-cluster.mjs');
    if (!findPostgresBin()) {
      const how = [
        'No TEST_DATABASE_URL, and no initdb on PATH or in /usr/lib/postgresql/*/bin.',
        'To enable: apt-get install postgresql   (the runner then starts a throw-away cluster)',
        '       or: TEST_DATABASE_URL=postgres://user@host:port/postgres npm test',
      ];
      if (ci) {
        process.stdout.write(formatNotice('PostgreSQL missing: CI must test both engines.', how));
        return skippedPass('postgres', 'PostgreSQL missing under CI', false);
      }
      process.stdout.write(formatNotice('PostgreSQL skipped: only SQLite was tested.', how));
      return skippedPass('postgres', 'skipped: no PostgreSQL; apt-get install postgresql');
    }
    try {
      process.stdout.write('\nStarting a throw-away PostgreSQL cluster…\n');
      cluster = await startThrowawayCluster();
      url = cluster.url;
    } catch (error) {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      return skippedPass('postgres', 'the throw-away cluster did not start', false);
    }
  }
  const env = { ...baseEnv, TEST_DATABASE_URL: url, LANTU_ENGINE_LABEL: 'postgres' };
  try {
    return await runPass(
      'postgres',
      process.execPath,
      [vitestBin, 'run', ...POSTGRES_SUITES, '--passWithNoTests'],
      env,
      reports,
    );
  } finally {
    stopCluster();
  }
}

function onSignal(signal) {
  process.stderr.write(`\n${signal}: stopping…\n`);
  currentChild?.kill(signal);
  cleanUp();
  process.exit(signal === 'SIGINT' ? 130 : 143);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('exit', cleanUp);
  main().then(
    (code) => process.exit(code),
    (error) => {
      process.stderr.write(
        `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      cleanUp();
      process.exit(1);
    },
  );
}
