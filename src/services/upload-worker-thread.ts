/**
 * The body of an upload worker thread: its own connection to the server's database, opened
 * once and kept for the uploads the thread runs one after another, the same all-or-nothing
 * processing as in-process, and each job's progress posted to the server as it goes. The
 * server keeps answering while the file is parsed, checked and written here.
 */
import { parentPort, threadId, workerData } from 'node:worker_threads';
import { isDomainError } from '../core/domain-error.ts';
import { defaultLightThresholds } from '../core/light-thresholds.ts';
import { openDatabase, type LantuDatabase } from '../store/database.ts';
import { createSystemClock, createUuidIds, type ServiceDeps } from './ports.ts';
import { keepUploadJobSaved, processUpload } from './spreadsheet-exchange.ts';
import type {
  UploadWorkerData,
  UploadWorkerInput,
  UploadWorkerMessage,
  UploadWorkerRequest,
} from './upload-worker.ts';

const { config } = workerData as UploadWorkerData;
let database: LantuDatabase | undefined;

const depsOf = (db: LantuDatabase): ServiceDeps => ({
  database: db,
  clock: createSystemClock(config.timeZone),
  ids: createUuidIds(),
  thresholds: defaultLightThresholds,
  ...(config.counting ? { counting: config.counting } : {}),
  ...(config.uploadChunkRows ? { uploadChunkRows: config.uploadChunkRows } : {}),
});

async function run(seq: number, input: UploadWorkerInput) {
  const post = (message: UploadWorkerMessage) =>
    parentPort?.postMessage({ seq, threadId, ...message });
  const deps = depsOf((database ??= openDatabase(config.databaseLocation)));
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
  }
}

// One upload at a time: the server sends the next only after this one answered done or error.
parentPort?.on('message', (request: UploadWorkerRequest) => {
  if (request.kind === 'stop') {
    void (database?.close() ?? Promise.resolve()).finally(() => process.exit(0));
    return;
  }
  void run(request.seq, request.input);
});
