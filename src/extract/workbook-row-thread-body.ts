/**
 * The body of the warm reading thread (workbook-row-thread.ts): reads the files it is asked
 * to, each a batch at a time and no further ahead than its caller allows, and posts the
 * batches as typed arrays moved to the caller.
 */
import { parentPort } from 'node:worker_threads';
import { isDomainError } from '../core/domain-error.ts';
import { encodeBatch, type ThreadReply, type ThreadRequest } from './workbook-row-thread.ts';
import { readWorkbookRowBatches, type CellContent } from './workbook-rows.ts';

interface Running {
  credit: number;
  cancelled: boolean;
  wake: (() => void) | undefined;
}
const running = new Map<number, Running>();
const post = (reply: ThreadReply, moved: ArrayBuffer[] = []) =>
  parentPort?.postMessage(reply, moved);

/** The columns whose first-row cell is one of `headers`. */
const columnsHeaded = (headers: ReadonlySet<string>, first: readonly CellContent[]) =>
  first.flatMap((cell, column) =>
    cell !== null && cell !== undefined && headers.has(String(cell).trim()) ? [column] : [],
  );

async function read(request: Extract<ThreadRequest, { kind: 'read' }>) {
  const state: Running = { credit: request.credit, cancelled: false, wake: undefined };
  running.set(request.id, state);
  const { headers, maxUnpackedBytes } = request.options;
  const wanted = headers === undefined ? undefined : new Set(headers);
  let share = 0;
  try {
    for await (const rows of readWorkbookRowBatches(request.path, {
      ...(maxUnpackedBytes === undefined ? {} : { maxUnpackedBytes }),
      ...(wanted
        ? { columnsAfterFirstRow: (_: string, first) => columnsHeaded(wanted, first.values) }
        : {}),
      onShareRead: (s) => (share = s),
    })) {
      while (state.credit === 0 && !state.cancelled)
        await new Promise<void>((resolve) => (state.wake = resolve));
      if (state.cancelled) return;
      state.credit--;
      const batch = encodeBatch(rows, share);
      post({ kind: 'batch', id: request.id, batch }, [
        batch.numbers.buffer as ArrayBuffer,
        batch.cells.buffer as ArrayBuffer,
        batch.values.buffer as ArrayBuffer,
      ]);
    }
    post({ kind: 'end', id: request.id });
  } catch (error) {
    post({
      kind: 'error',
      id: request.id,
      error: isDomainError(error)
        ? { code: error.code, message: error.message, messageEn: error.messageEn }
        : { code: null, message: error instanceof Error ? error.message : String(error) },
    });
  } finally {
    running.delete(request.id);
  }
}

parentPort?.on('message', (request: ThreadRequest) => {
  if (request.kind === 'read') {
    void read(request);
    return;
  }
  const state = running.get(request.id);
  if (!state) return;
  if (request.kind === 'more') state.credit++;
  else state.cancelled = true;
  state.wake?.();
  state.wake = undefined;
});
