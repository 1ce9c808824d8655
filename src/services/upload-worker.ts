/**
 * Runs an upload in a worker thread with its own database connection: parsing a large sheet,
 * checking every row and writing them in one transaction take seconds of CPU that, on the
 * server's thread, would stall every other request (a 163,000-row file once held /api/health
 * for 10 s). The job object the progress route reads is kept up to date from the worker.
 */
import { Worker } from 'node:worker_threads';
import { DomainError, type DomainErrorCode } from '../core/domain-error.ts';
import type { Actor, UploadWorkerConfig } from './ports.ts';
import type { UploadJob } from './spreadsheet-exchange.ts';
import type { UploadFile } from './upload-file.ts';

/** The worker's old-generation heap, MiB: about four times what a 300,000-row upload keeps alive. */
export const defaultWorkerHeapMb = 192;

export interface UploadWorkerInput {
  readonly config: UploadWorkerConfig;
  readonly job: UploadJob;
  /** The received file on disk: the worker reads it as it parses, never whole. */
  readonly file: UploadFile;
  readonly actor: Actor;
}

export type UploadWorkerMessage =
  | { readonly kind: 'progress' | 'done'; readonly job: UploadJob }
  | {
      readonly kind: 'error';
      readonly error: { code: DomainErrorCode | null; message: string; messageEn?: string };
    };

export function runUploadInWorker(
  config: UploadWorkerConfig,
  job: UploadJob,
  file: UploadFile,
  actor: Actor,
): Promise<UploadJob> {
  const input: UploadWorkerInput = { config, job: { ...job }, file, actor };
  return new Promise((resolve, reject) => {
    let settled = false;
    const worker = new Worker(new URL('./upload-worker-entry.mjs', import.meta.url), {
      workerData: input,
      // The parse makes garbage fast; a bounded heap is collected before it grows with the file.
      resourceLimits: { maxOldGenerationSizeMb: config.heapMb ?? defaultWorkerHeapMb },
    });
    worker.on('message', (message: UploadWorkerMessage) => {
      if (message.kind === 'error') {
        settled = true;
        const { code, message: zh, messageEn } = message.error;
        reject(code === null ? new Error(zh) : new DomainError(code, zh, messageEn ?? zh));
        return;
      }
      // The id and file name stay; the counters, status and outcome are the worker's.
      Object.assign(job, message.job);
      if (message.kind === 'done') {
        settled = true;
        resolve(job);
      }
    });
    worker.once('error', (error) => {
      if (settled) return;
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (settled) return;
      settled = true;
      reject(new Error(`the upload worker stopped (exit code ${code}) before it finished`));
    });
  });
}
