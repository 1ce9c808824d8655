/** Uploading a filled template: the file as base64, the job's progress, and polling it to the end. */
import type { UploadJobData } from './api.ts';

/** The file kinds the server reads. */
export const acceptedUploadTypes = '.xlsx,.csv';

/** Whether a file name is one the server takes (.xlsx or .csv). */
export const isAcceptedFileName = (name: string): boolean => /\.(xlsx|csv)$/i.test(name.trim());

/**
 * Bytes as base64, in slices so a large workbook does not overflow the call stack.
 * @example toBase64(new TextEncoder().encode('ab')) // 'YWI='
 */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const slice = 0x8000;
  for (let i = 0; i < bytes.length; i += slice)
    binary += String.fromCharCode(...bytes.subarray(i, i + slice));
  return btoa(binary);
}

/** Whether the job has finished: written, rejected or failed. */
export const isUploadFinished = (job: Pick<UploadJobData, 'status'>): boolean =>
  job.status === 'done' || job.status === 'rejected' || job.status === 'failed';

/**
 * How far a job has come, 0–100: parsing, validating and writing each take a third of the bar;
 * a finished job is at 100.
 * @example uploadPercent({ status: 'validating', total: 200, parsed: 200, validated: 100, written: 0 }) // 50
 */
export function uploadPercent(
  job: Pick<UploadJobData, 'status' | 'total' | 'parsed' | 'validated' | 'written'>,
): number {
  if (isUploadFinished(job)) return 100;
  const share = (n: number) => (job.total > 0 ? Math.min(1, n / job.total) : 0);
  const phase = job.status === 'parsing' ? 0 : job.status === 'validating' ? 1 : 2;
  const within =
    job.status === 'parsing'
      ? share(job.parsed)
      : job.status === 'validating'
        ? share(job.validated)
        : share(job.written);
  return Math.round(((phase + within) / 3) * 100);
}

/**
 * Polls an upload job until it finishes, reporting each state seen; stops when `signal` aborts.
 * @example await pollUpload(job, (id) => api.uploadJob(id), { onProgress: setJob })
 */
export async function pollUpload(
  first: UploadJobData,
  getJob: (id: string, signal?: AbortSignal) => Promise<UploadJobData>,
  options: {
    onProgress?: (job: UploadJobData) => void;
    intervalMs?: number;
    signal?: AbortSignal;
    wait?: (ms: number) => Promise<void>;
  } = {},
): Promise<UploadJobData> {
  const {
    onProgress,
    intervalMs = 250,
    signal,
    wait = (ms) => new Promise((r) => setTimeout(r, ms)),
  } = options;
  let job = first;
  onProgress?.(job);
  while (!isUploadFinished(job)) {
    await wait(intervalMs);
    if (signal?.aborted) throw new DOMException('aborted', 'AbortError');
    job = await getJob(job.id, signal);
    onProgress?.(job);
  }
  return job;
}
