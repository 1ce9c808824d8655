/**
 * What the services need from the outside world, named by role. Composition
 * roots (http/server.ts, cli/main.ts) pass the real ones; tests pass fixed ones.
 */
import type { LightThresholds } from '../core/light-thresholds.ts';
import type { Principal } from '../core/permission.ts';
import type { CountingPolicy } from '../core/rollup.ts';
import type { LantuDatabase } from '../store/database.ts';

export interface Clock {
  /** Now, as an ISO timestamp. */
  now(): string;
  /** Today in the office's time zone, as YYYY-MM-DD. */
  today(): string;
}

export interface IdGenerator {
  next(): string;
}

/** Who is acting: for the audit log, and with roles and unit scopes for authorization. */
export interface Actor extends Principal {
  readonly id: string;
  readonly name: string;
  readonly requestId: string;
}

/** Where notices go besides the in-app inbox (notice-channels.ts builds them from configuration). */
export interface NoticeChannels {
  /** Sends one mail; rejects when the server refuses it. */
  readonly mail?: (message: { to: string; subject: string; text: string }) => Promise<void>;
  /** Forwards a notice to the deployment's own messaging platform. */
  readonly webhook?: (payload: object) => Promise<void>;
  /** Days late after which a report is escalated to the unit's reviewers (default 5). */
  readonly escalateAfterDays?: number;
  /** Told when a channel fails; the inbox keeps the notice either way. */
  readonly onError?: (error: unknown) => void;
}

/** What an upload's worker thread needs to build its own services on the same database. */
export interface UploadWorkerConfig {
  /** The SQLite file or PostgreSQL URL the server opened. */
  readonly databaseLocation: string;
  readonly timeZone: string;
  readonly counting?: CountingPolicy;
  readonly uploadChunkRows?: number;
  /**
   * The worker's old-generation heap in MiB (192 unless set). An upload's live memory is a few
   * tens of MiB, but V8 lets garbage grow far past it when nothing limits the heap.
   */
  readonly heapMb?: number;
}

export interface ServiceDeps {
  readonly database: LantuDatabase;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly thresholds: LightThresholds;
  /** Which review states count in figures; approved only unless the deployment admits submitted values. */
  readonly counting?: CountingPolicy;
  readonly notices?: NoticeChannels;
  /** Told after a write commits whose counted figures may have moved (warnings listen). */
  readonly commits?: CommitHooks;
  /**
   * Where a worker thread reopens the database to run uploads off the request loop; absent
   * (tests, an in-memory database), uploads run in this thread.
   */
  readonly uploadWorker?: UploadWorkerConfig;
  /**
   * A running upload job whose runner has not saved it for this many ms is ended (failed,
   * or done when its write committed): its process died. 30 s unless set.
   */
  readonly uploadStaleMs?: number;
  /**
   * Rows an upload checks and writes at a time within its one transaction (5,000 unless set;
   * tests set fewer to see several parts from a small file).
   */
  readonly uploadChunkRows?: number;
  /**
   * Whether an upload's .xlsx is read on the warm reading thread (extract/workbook-row-thread.ts)
   * while this thread checks and writes the parts already read; absent, it is read here.
   */
  readonly uploadParseThread?: boolean;
  /** Where a failure that must not fail the request is reported (the server's log). */
  readonly onError?: (error: unknown, context: string) => void;
}

/** Which indicators' counted figures a committed write may have moved, in which units. */
export interface CountedChange {
  readonly indicatorCodes: readonly string[];
  readonly unitCodes: readonly string[];
}

/**
 * Listeners run after a write has committed, awaited so that the response already reflects
 * them; a listener's failure is logged by the listener and never undoes the write.
 */
export interface CommitHooks {
  subscribe(listener: (change: CountedChange, actor: Actor) => Promise<void>): void;
  publish(change: CountedChange, actor: Actor): Promise<void>;
}

export function createCommitHooks(): CommitHooks {
  const listeners: ((change: CountedChange, actor: Actor) => Promise<void>)[] = [];
  return {
    subscribe: (listener) => void listeners.push(listener),
    publish: async (change, actor) => {
      if (change.indicatorCodes.length === 0) return;
      for (const listener of listeners) await listener(change, actor);
    },
  };
}

/** The system itself (migrations, the demo loader, the CLI run by an operator): everything, everywhere. */
export const systemActor: Actor = {
  id: 'system',
  name: 'system',
  requestId: '',
  roles: ['admin'],
  scopePaths: ['/'],
};

/** A clock in a fixed time zone (the office's: Asia/Shanghai by default). */
export function createSystemClock(timeZone = 'Asia/Shanghai'): Clock {
  const formatter = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  return {
    now: () => new Date().toISOString(),
    today: () => formatter.format(new Date()),
  };
}

export function createFixedClock(isoTimestamp: string, today = isoTimestamp.slice(0, 10)): Clock {
  return { now: () => isoTimestamp, today: () => today };
}

export const createUuidIds = (): IdGenerator => ({ next: () => crypto.randomUUID() });

/** Sequential ids for tests and reproducible demos. */
export function createSequentialIds(prefix = 'id'): IdGenerator {
  let n = 0;
  return { next: () => `${prefix}-${(++n).toString().padStart(6, '0')}` };
}
