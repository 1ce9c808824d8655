/**
 * An .xlsx's rows read on a thread of their own, kept warm between readings: the thread
 * inflates and scans the sheet (workbook-rows.ts) while the caller's thread checks and writes
 * the rows it has already been handed, so the parse of part k + 1 no longer waits behind the
 * write of part k. One thread serves every reading of the process; it starts on first use
 * (a thread that runs Lantu's TypeScript takes ~300 ms to start, too much for each upload)
 * and does not keep the process alive while idle.
 *
 * Rows cross the threads as typed arrays (moved, not copied) with each batch's distinct
 * strings once: a structured clone of the rows as objects cost about what reading them does.
 */
import { Worker } from 'node:worker_threads';
import { DomainError, type DomainErrorCode } from '../core/domain-error.ts';
import type { CellContent, WorkbookRow } from './workbook-rows.ts';

export interface ThreadReadOptions {
  readonly maxUnpackedBytes?: number;
  /**
   * After a sheet's first row, read only the columns whose first-row cell (trimmed) is one of
   * these texts — a declarative `columnsAfterFirstRow`, as a function cannot cross threads.
   * Every column when absent.
   */
  readonly headers?: readonly string[];
  readonly onShareRead?: (share: number) => void;
}

/** One batch of rows as it crosses the threads. */
export interface EncodedBatch {
  readonly sheet: string;
  /** Each row's number. */
  readonly numbers: Int32Array;
  /** Cells per row in `cells`: the batch's widest row. */
  readonly width: number;
  /** Row k's column c at k × width + c: 0 empty, i > 0 `strings[i - 1]`, i < 0 `values[-i - 1]`. */
  readonly cells: Int32Array;
  readonly values: Float64Array;
  readonly strings: readonly string[];
  /** The share of the sheets' XML read once this batch was. */
  readonly share: number;
}

export type ThreadRequest =
  | {
      readonly kind: 'read';
      readonly id: number;
      readonly path: string;
      readonly options: Omit<ThreadReadOptions, 'onShareRead'>;
      /** Batches it may send before the caller asks for more. */
      readonly credit: number;
    }
  | { readonly kind: 'more'; readonly id: number }
  | { readonly kind: 'cancel'; readonly id: number };

export type ThreadReply =
  | { readonly kind: 'batch'; readonly id: number; readonly batch: EncodedBatch }
  | { readonly kind: 'end'; readonly id: number }
  | {
      readonly kind: 'error';
      readonly id: number;
      readonly error: { code: DomainErrorCode | null; message: string; messageEn?: string };
    };

/** Rows as batches with typed arrays (the thread's side). */
export function encodeBatch(rows: readonly WorkbookRow[], share: number): EncodedBatch {
  let width = 0;
  for (const row of rows) if (row.values.length > width) width = row.values.length;
  const numbers = new Int32Array(rows.length);
  const cells = new Int32Array(rows.length * width);
  const values: number[] = [];
  const strings: string[] = [];
  const stringIndex = new Map<string, number>();
  for (let k = 0; k < rows.length; k++) {
    const row = rows[k]!;
    numbers[k] = row.number;
    const base = k * width;
    const v = row.values;
    for (let c = 0; c < v.length; c++) {
      const cell = v[c];
      if (cell === undefined || cell === null) continue;
      if (typeof cell === 'number') {
        values.push(cell);
        cells[base + c] = -values.length;
        continue;
      }
      let i = stringIndex.get(cell);
      if (i === undefined) {
        i = strings.push(cell);
        stringIndex.set(cell, i);
      }
      cells[base + c] = i;
    }
  }
  const sheet = rows[0]?.sheet ?? '';
  return { sheet, numbers, width, cells, values: Float64Array.from(values), strings, share };
}

/** The rows of a batch as the reader gives them (the caller's side). */
export function decodeBatch(batch: EncodedBatch): WorkbookRow[] {
  const { sheet, numbers, width, cells, values, strings } = batch;
  const rows: WorkbookRow[] = new Array<WorkbookRow>(numbers.length);
  for (let k = 0; k < numbers.length; k++) {
    const row: CellContent[] = [];
    const base = k * width;
    for (let c = 0; c < width; c++) {
      const code = cells[base + c]!;
      if (code > 0) row[c] = strings[code - 1]!;
      else if (code < 0) row[c] = values[-code - 1]!;
    }
    rows[k] = { sheet, number: numbers[k]!, values: row };
  }
  return rows;
}

/** The reading thread stopped (crashed, ran out of memory, or was stopped) before a reading ended. */
export class WorkbookThreadStopped extends Error {}

/** Batches handed over ahead of the caller: the thread reads this far ahead, no further. */
const creditBatches = 8;

interface Reading {
  readonly onMessage: (reply: ThreadReply) => void;
  readonly onStopped: (error: Error) => void;
}

let thread: { worker: Worker; readings: Map<number, Reading>; nextId: number } | undefined;

/** The warm thread, started now if it is not running. */
function readingThread() {
  if (thread) return thread;
  const worker = new Worker(new URL('./workbook-row-thread-entry.mjs', import.meta.url));
  const started = { worker, readings: new Map<number, Reading>(), nextId: 1 };
  thread = started;
  worker.unref();
  const stop = (error: Error) => {
    if (thread === started) thread = undefined;
    for (const reading of started.readings.values()) reading.onStopped(error);
    started.readings.clear();
  };
  worker.on('message', (reply: ThreadReply) => started.readings.get(reply.id)?.onMessage(reply));
  worker.once('error', (error) =>
    stop(new WorkbookThreadStopped(`the thread reading the file failed: ${error.message}`)),
  );
  worker.once('exit', (code) =>
    stop(new WorkbookThreadStopped(`the thread reading the file stopped (exit code ${code})`)),
  );
  return started;
}

/** Starts the reading thread ahead of its first reading (a server at its start, a bench before it times). */
export function startWorkbookRowThread(): void {
  readingThread();
}

/** Stops the reading thread; a reading in progress ends with `WorkbookThreadStopped`. */
export async function stopWorkbookRowThread(): Promise<void> {
  const running = thread;
  if (!running) return;
  thread = undefined;
  await running.worker.terminate();
}

/**
 * `readWorkbookRowBatches` on the warm thread: the same rows in the same batches, read up to
 * `creditBatches` ahead of the caller. A thread that stops mid-reading ends it with
 * `WorkbookThreadStopped` (the next reading starts a new thread); a caller that stops early
 * cancels the reading there.
 */
export async function* readWorkbookRowBatchesInThread(
  path: string,
  options: ThreadReadOptions = {},
): AsyncGenerator<WorkbookRow[]> {
  const running = readingThread();
  const id = running.nextId++;
  const queue: ThreadReply[] = [];
  let stopped: Error | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  running.readings.set(id, {
    onMessage: (reply) => {
      // Ended: a thread that stops from now on no longer concerns this reading.
      if (reply.kind !== 'batch') running.readings.delete(id);
      queue.push(reply);
      notify();
    },
    onStopped: (error) => {
      stopped = error;
      notify();
    },
  });
  if (running.readings.size === 1) running.worker.ref();
  const post = (request: ThreadRequest) => running.worker.postMessage(request);
  let ended = false;
  try {
    const { onShareRead, ...sent } = options;
    post({ kind: 'read', id, path, options: sent, credit: creditBatches });
    for (;;) {
      // A thread that stopped before this reading's end ends it, batches received or not.
      if (stopped) throw stopped;
      const reply = queue.shift();
      if (reply === undefined) {
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      if (reply.kind === 'end') {
        ended = true;
        return;
      }
      if (reply.kind === 'error') {
        ended = true;
        const { code, message, messageEn } = reply.error;
        throw code === null
          ? new Error(message)
          : new DomainError(code, message, messageEn ?? message);
      }
      post({ kind: 'more', id });
      onShareRead?.(reply.batch.share);
      yield decodeBatch(reply.batch);
    }
  } finally {
    running.readings.delete(id);
    if (!ended && !stopped && thread === running) post({ kind: 'cancel', id });
    if (running.readings.size === 0 && thread === running) running.worker.unref();
  }
}
