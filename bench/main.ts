/**
 * `npm run bench`: Lantu's figures against the raw engine on this machine, in one run.
 *
 *   npm run bench                      readable tables
 *   npm run bench -- --json            JSON lines {"name","value","unit","ratio"?} on stdout
 *   npm run bench -- --only=writes,assess,upload,extract,web,load,upload-loop,upload-memory,documents,warnings,projects
 *   npm run bench -- --no-postgres     SQLite only
 *   npm run bench -- --levels=1000000  assess at 1 M observations only (the 10 M fill is the slow part)
 *   npm run bench -- --only=warnings --warning-observations=1000000  the rules at 1 M observations
 *
 * PostgreSQL: BENCH_DATABASE_URL or TEST_DATABASE_URL (a server where the bench may create
 * and drop databases), else a throw-away cluster when initdb is installed, else skipped.
 * BENCH_WEB_ROOT points the web section at another build than dist/web.
 */
import os from 'node:os';
import { assessmentSection, defaultAssessmentOptions } from './assessment.bench.ts';
import { documentsSection } from './documents.bench.ts';
import { uploadLoopSection, uploadMemorySection } from './upload-loop.bench.ts';
import { defaultWarningsOptions, warningsSection } from './warnings.bench.ts';
import { defaultExcelUploadOptions, excelUploadSection } from './excel-upload.bench.ts';
import { extractionSection } from './extraction.bench.ts';
import { loadSection } from './load.bench.ts';
import { projectsPostgresSection, projectsSection } from './projects.bench.ts';
import { createReport, seconds, type BenchSection } from './harness.ts';
import { webSection } from './web.bench.ts';
import { postgresWritesSection, sqliteWritesSection } from './writes.bench.ts';
import { redactUrl } from '../src/store/database.ts';

interface ThrowawayCluster {
  readonly url: string;
  stop(): void;
}

const args = process.argv.slice(2);
const json = args.includes('--json');
const only = args
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const wants = (section: string) => !only || only.includes(section);
const report = createReport({ json });

async function findPostgres(): Promise<
  { url: string; label: string; stop?: () => void } | { skipped: string }
> {
  if (args.includes('--no-postgres')) return { skipped: '--no-postgres given' };
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (url) return { url, label: redactUrl(url) };
  // A variable specifier: the helper is plain JavaScript without type declarations.
  const clusterModule = '../scripts/pg-cluster.mjs';
  const { findPostgresBin, startThrowawayCluster } = (await import(clusterModule)) as {
    findPostgresBin: () => string | null;
    startThrowawayCluster: () => Promise<ThrowawayCluster>;
  };
  if (!findPostgresBin())
    return { skipped: 'no BENCH_DATABASE_URL/TEST_DATABASE_URL and no initdb on this machine' };
  const cluster = await startThrowawayCluster();
  process.once('exit', () => cluster.stop());
  return {
    url: cluster.url,
    label: 'throw-away local cluster, fsync=off',
    stop: () => cluster.stop(),
  };
}

const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

async function main() {
  const started = performance.now();
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const say = (line: string) => (json ? process.stderr : process.stdout).write(`${line}\n`);
  say(
    `Lantu bench — ${new Date().toISOString()} — node ${process.version}, ${os.availableParallelism()} CPUs (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, load average ${loadAverage()}`,
  );

  const sections: BenchSection[] = [];
  let postgres: Awaited<ReturnType<typeof findPostgres>> | null = null;
  if (wants('writes')) {
    sections.push(sqliteWritesSection());
    postgres = await findPostgres().catch((error: unknown) => ({
      skipped: `could not start PostgreSQL: ${error instanceof Error ? error.message : String(error)}`,
    }));
    if ('url' in postgres) sections.push(postgresWritesSection(postgres.url, postgres.label));
  }
  const levels = args
    .find((a) => a.startsWith('--levels='))
    ?.slice('--levels='.length)
    .split(',')
    .map(Number);
  if (wants('assess'))
    sections.push(
      assessmentSection(
        levels ? { ...defaultAssessmentOptions, levels } : defaultAssessmentOptions,
      ),
    );
  if (wants('upload')) {
    sections.push(excelUploadSection());
    postgres ??= await findPostgres().catch((error: unknown) => ({
      skipped: `could not start PostgreSQL: ${error instanceof Error ? error.message : String(error)}`,
    }));
    if ('url' in postgres)
      sections.push(
        excelUploadSection(
          { ...defaultExcelUploadOptions, postgresUrl: postgres.url },
          `PostgreSQL (${postgres.label})`,
        ),
      );
  }
  if (wants('extract')) sections.push(extractionSection());
  if (wants('web')) sections.push(webSection());
  if (wants('load')) sections.push(loadSection());
  if (wants('upload-loop')) sections.push(uploadLoopSection());
  if (wants('upload-memory')) sections.push(uploadMemorySection());
  if (wants('documents')) sections.push(documentsSection());
  const warningObservations = args
    .find((a) => a.startsWith('--warning-observations='))
    ?.slice('--warning-observations='.length);
  if (wants('warnings'))
    sections.push(
      warningsSection(
        warningObservations
          ? { ...defaultWarningsOptions, observations: Number(warningObservations) }
          : defaultWarningsOptions,
      ),
    );
  if (wants('projects')) {
    sections.push(projectsSection());
    postgres ??= await findPostgres().catch((error: unknown) => ({
      skipped: `could not start PostgreSQL: ${error instanceof Error ? error.message : String(error)}`,
    }));
    if ('url' in postgres) sections.push(projectsPostgresSection(postgres.url, postgres.label));
  }

  let failed = false;
  try {
    for (const section of sections) {
      report.heading(section.title);
      try {
        await section.run(report);
      } catch (error) {
        failed = true;
        report.notice(
          `section failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
      }
      if (/^(1|9)\. /.test(section.title) && postgres && 'skipped' in postgres)
        report.notice(`PostgreSQL skipped: ${postgres.skipped}`);
    }
  } finally {
    if (postgres && 'stop' in postgres) postgres.stop?.();
  }
  // Other work on the machine moves absolute figures; the load says how busy it was.
  say(`\nbench finished in ${seconds(performance.now() - started)}, load average ${loadAverage()}`);
  if (failed) process.exitCode = 1;
}

await main();
