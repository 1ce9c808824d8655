/**
 * The bench's measuring kit: a result type that prints as a table row or a JSON line,
 * timers that take medians, and a report that collects results as sections finish.
 */
import { performance } from 'node:perf_hooks';

/** One measured figure; `ratio` is Lantu's figure over its raw counterpart where one exists. */
export interface BenchResult {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly ratio?: number;
  /**
   * The figure over the engine's limit for its shape, measured in the same run: for write
   * rates, the same rows into the minimal keyed table (bench/raw-paths.ts).
   */
  readonly limitRatio?: number;
  /** Printed in the table only: what was measured, how many runs, caveats. */
  readonly note?: string;
}

/** A section of the bench: a title and a function that measures and reports. */
export interface BenchSection {
  readonly title: string;
  run(report: Report): Promise<void>;
}

/** Collects results and notices; prints each as it arrives (table or JSON lines). */
export interface Report {
  add(result: BenchResult): void;
  notice(message: string): void;
  heading(title: string): void;
  readonly results: readonly BenchResult[];
}

export function createReport(options: { json: boolean; out?: (line: string) => void }): Report {
  const out = options.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  // In JSON mode stdout carries results only; notices go to stderr so the lines stay parseable.
  const say = options.json ? (line: string) => process.stderr.write(`${line}\n`) : out;
  const results: BenchResult[] = [];
  return {
    results,
    add(result) {
      results.push(result);
      if (options.json) {
        const { note: _note, ...line } = result;
        out(
          JSON.stringify({
            ...line,
            value: round(line.value),
            ratio: roundRatio(line.ratio),
            limitRatio: roundRatio(line.limitRatio),
          }),
        );
      } else out(formatRow(result));
    },
    notice: (message) => say(`  ! ${message}`),
    heading(title) {
      say('');
      say(title);
      if (!options.json) say(formatHeader());
    },
  };
}

const widths = { name: 44, value: 14, unit: 10, ratio: 7, limit: 7 };

function formatHeader(): string {
  const line = `  ${'measure'.padEnd(widths.name)} ${'value'.padStart(widths.value)} ${'unit'.padEnd(widths.unit)} ${'ratio'.padStart(widths.ratio)} ${'limit'.padStart(widths.limit)}  note`;
  return `${line}\n  ${'-'.repeat(line.length + 10)}`;
}

const formatRatio = (r: number | undefined) => (r === undefined ? '' : r.toFixed(r < 0.01 ? 4 : 2));

function formatRow(r: BenchResult): string {
  return `  ${r.name.padEnd(widths.name)} ${formatValue(r.value).padStart(widths.value)} ${r.unit.padEnd(widths.unit)} ${formatRatio(r.ratio).padStart(widths.ratio)} ${formatRatio(r.limitRatio).padStart(widths.limit)}  ${r.note ?? ''}`;
}

function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString('en-US');
  if (Math.abs(v) >= 10) return v.toFixed(1);
  return v.toFixed(v === Math.round(v) ? 0 : 3);
}

const round = (v: number) =>
  Math.abs(v) >= 100 ? Math.round(v * 10) / 10 : Number(v.toPrecision(4));
const roundRatio = (r: number | undefined) =>
  r === undefined ? undefined : Number(r.toPrecision(4));

/** Milliseconds that `work` takes, once. */
export async function timeOnce<T>(work: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Runs `work` `runs` times after `warmup` unmeasured runs and returns the median in ms;
 * stops early (after at least `minRuns`) once `budgetMs` is spent, so a slow raw query
 * cannot eat the bench's time. `runs` in the answer says how many were taken.
 */
export async function timeMedian(
  work: () => unknown,
  options: { runs: number; warmup?: number; budgetMs?: number; minRuns?: number },
): Promise<{ medianMs: number; runs: number; minMs: number; maxMs: number }> {
  for (let i = 0; i < (options.warmup ?? 1); i++) await work();
  const times: number[] = [];
  const started = performance.now();
  for (let i = 0; i < options.runs; i++) {
    times.push((await timeOnce(work)).ms);
    const spent = performance.now() - started;
    if (
      options.budgetMs !== undefined &&
      spent > options.budgetMs &&
      i + 1 >= (options.minRuns ?? 3)
    )
      break;
  }
  return {
    medianMs: median(times),
    runs: times.length,
    minMs: Math.min(...times),
    maxMs: Math.max(...times),
  };
}

/** A duration in seconds with one decimal, for progress notices. */
export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
