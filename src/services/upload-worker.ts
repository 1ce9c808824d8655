/**
 * Runs an upload in a worker thread with its own database connection: parsing a large sheet,
 * checking every row and writing them in one transaction take seconds of CPU that, on the
 * server's thread, would stall every other request (a 163,000-row file once held /api/health
 * for 10 s). The job object the progress route reads is kept up to date from the worker.
 *
 * The thread is kept warm: started by the first upload and reused by the next, because
 * starting one (loading Lantu's TypeScript through tsx, opening the database) cost about
 * 0.3 s an upload — as much as reading and writing 100,000 values. While it is idle it does
 * not keep the process alive; an upload that arrives while it is busy gets a thread of its own,
 * ended when that upload is.
 */
import { Worker } from 'node:worker_threads';
import { DomainError, type DomainErrorCode } from '../core/domain-error.ts';
import type { Actor, UploadWorkerConfig } from './ports.ts';
import type { UploadJob } from './spreadsheet-exchange.ts';
import type { UploadFile } from './upload-file.ts';

/** The worker's old-generation heap, MiB: about four times what a 300,000-row upload keeps alive. */
export const defaultWorkerHeapMb = 192;

/** What a worker thread is started with: where the database is and how to run. */
export interface UploadWorkerData {
  readonly config: UploadWorkerConfig;
}

export interface UploadWorkerInput {
  readonly job: UploadJob;
  /** The received file on disk: the worker reads it as it parses, never whole. */
  readonly file: UploadFile;
  readonly actor: Actor;
}

/** To the thread: run an upload, or close the database and end. */
export type UploadWorkerRequest =
  | { readonly kind: 'upload'; readonly seq: number; readonly input: UploadWorkerInput }
  | { readonly kind: 'stop' };

export type UploadWorkerMessage =
  | { readonly kind: 'progress' | 'done'; readonly job: UploadJob }
  | {
      readonly kind: 'error';
      readonly error: { code: DomainErrorCode | null; message: string; messageEn?: string };
    };

/** A message from the thread: which upload it is about, and which thread ran it. */
type FromThread = UploadWorkerMessage & { readonly seq: number; readonly threadId: number };

interface UploadThread {
  readonly worker: Worker;
  readonly config: UploadWorkerConfig;
  /** The upload it runs now, if any. */
  running: { readonly seq: number; readonly settle: (outcome: Settled) => void } | null;
}

type Settled =
  | { readonly ok: true; readonly message: FromThread }
  | { readonly ok: false; readonly error: Error };

/** The warm thread of each configuration (one per database the process serves). */
const warmThreads = new Map<string, UploadThread>();
let nextSeq = 1;

function startThread(config: UploadWorkerConfig, onEnd: () => void): UploadThread {
  const worker = new Worker(new URL('./upload-worker-entry.mjs', import.meta.url), {
    workerData: { config } satisfies UploadWorkerData,
    // The parse makes garbage fast; a bounded heap is collected before it grows with the file.
    resourceLimits: { maxOldGenerationSizeMb: config.heapMb ?? defaultWorkerHeapMb },
  });
  const thread: UploadThread = { worker, config, running: null };
  const end = (error: Error) => {
    onEnd();
    const running = thread.running;
    thread.running = null;
    running?.settle({ ok: false, error });
  };
  worker.on('message', (message: FromThread) => {
    if (thread.running?.seq === message.seq) thread.running.settle({ ok: true, message });
  });
  worker.once('error', (error) => end(error));
  worker.once('exit', (code) =>
    end(new Error(`the upload worker stopped (exit code ${code}) before it finished`)),
  );
  worker.unref();
  return thread;
}

/** Runs one upload on the thread, keeping the job the caller holds up to date. */
function runOn(thread: UploadThread, input: UploadWorkerInput, job: UploadJob): Promise<UploadJob> {
  const seq = nextSeq++;
  return new Promise((resolve, reject) => {
    thread.worker.ref();
    const finish = () => {
      thread.running = null;
      thread.worker.unref();
    };
    thread.running = {
      seq,
      settle: (outcome) => {
        if (!outcome.ok) {
          finish();
          reject(outcome.error);
          return;
        }
        const message = outcome.message;
        if (message.kind === 'error') {
          finish();
          const { code, message: zh, messageEn } = message.error;
          reject(code === null ? new Error(zh) : new DomainError(code, zh, messageEn ?? zh));
          return;
        }
        // The id and file name stay; the counters, status and outcome are the worker's.
        Object.assign(job, message.job);
        if (message.kind === 'done') {
          finish();
          resolve(job);
        }
      },
    };
    thread.worker.postMessage({ kind: 'upload', seq, input } satisfies UploadWorkerRequest);
  });
}

export async function runUploadInWorker(
  config: UploadWorkerConfig,
  job: UploadJob,
  file: UploadFile,
  actor: Actor,
): Promise<UploadJob> {
  const input: UploadWorkerInput = { job: { ...job }, file, actor };
  const key = JSON.stringify(config);
  let warm = warmThreads.get(key);
  if (!warm) {
    const started = startThread(config, () => {
      if (warmThreads.get(key) === started) warmThreads.delete(key);
    });
    warmThreads.set(key, (warm = started));
  }
  if (warm.running === null) return runOn(warm, input, job);
  // Busy: this upload runs beside it, on a thread of its own that ends with it.
  const own = startThread(config, () => {});
  try {
    return await runOn(own, input, job);
  } finally {
    own.worker.postMessage({ kind: 'stop' } satisfies UploadWorkerRequest);
  }
}

/** The thread id of the warm upload thread of a configuration, if one is running. */
export function warmUploadThreadId(config: UploadWorkerConfig): number | undefined {
  return warmThreads.get(JSON.stringify(config))?.worker.threadId;
}

/**
 * Ends the warm threads serving this database (the server's close): each closes its connection
 * and exits. An upload still running on one fails with the thread's end.
 */
export async function stopUploadWorkers(databaseLocation: string): Promise<void> {
  const ending: Promise<unknown>[] = [];
  for (const [key, thread] of warmThreads) {
    if (thread.config.databaseLocation !== databaseLocation) continue;
    // Stopped already, its exit not yet told: nothing to wait for.
    if (thread.worker.threadId < 0) {
      warmThreads.delete(key);
      continue;
    }
    warmThreads.delete(key);
    // Held while it ends: an idle thread is unref'd, and waiting on it alone would let the loop run dry.
    thread.worker.ref();
    ending.push(new Promise((resolve) => thread.worker.once('exit', resolve)));
    thread.worker.postMessage({ kind: 'stop' } satisfies UploadWorkerRequest);
  }
  await Promise.all(ending);
}
