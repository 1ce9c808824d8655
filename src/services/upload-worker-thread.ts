/**
 * The body of an upload's worker thread: its own connection to the server's database, the
 * same all-or-nothing processing as in-process, and the job's progress posted to the server
 * as it goes. The server keeps answering while the file is parsed, checked and written here.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isDomainError } from '../core/domain-error.ts';
import { defaultLightThresholds } from '../core/light-thresholds.ts';
import { openDatabase } from '../store/database.ts';
import { createSystemClock, createUuidIds, type ServiceDeps } from './ports.ts';
import { keepUploadJobSaved, processUpload } from './spreadsheet-exchange.ts';
import type { UploadWorkerInput, UploadWorkerMessage } from './upload-worker.ts';

const input = workerData as UploadWorkerInput;
const post = (message: UploadWorkerMessage) => parentPort?.postMessage(message);

async function run() {
  const database = openDatabase(input.config.databaseLocation);
  const deps: ServiceDeps = {
    database,
    clock: createSystemClock(input.config.timeZone),
    ids: createUuidIds(),
    thresholds: defaultLightThresholds,
    ...(input.config.counting ? { counting: input.config.counting } : {}),
    ...(input.config.uploadChunkRows ? { uploadChunkRows: input.config.uploadChunkRows } : {}),
  };
  const job = input.job;
  // Progress a few times a second: the job's counters, as the progress route shows them.
  const timer = setInterval(() => post({ kind: 'progress', job }), 200);
  // Saved for every instance to read, and as alive, from this thread's own connection.
  const heartbeat = keepUploadJobSaved(deps, job, input.actor.id);
  try {
    const done = await processUpload(deps, job, input.file, input.actor);
    await heartbeat.stop();
    post({ kind: 'done', job: done });
  } catch (error) {
    await heartbeat.stop();
    post({
      kind: 'error',
      error: isDomainError(error)
        ? { code: error.code, message: error.message, messageEn: error.messageEn }
        : { code: null, message: error instanceof Error ? error.message : String(error) },
    });
  } finally {
    clearInterval(timer);
    await database.close();
  }
}

void run();
