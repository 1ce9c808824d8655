/** The cockpit's client of the Lantu HTTP API (base path /api), typed by the shared contract. */
import type { Static } from 'typebox';
import { readAnswer, takeEarlyAnswer, type RawAnswer } from './early-answers.ts';
import { saveBlob } from './save-blob.ts';
import type { SessionView } from '../../src/contract/account.ts';
import type {
  EntriesBody,
  EntriesResult,
  EntryForm,
  OverdueView,
  PlanProgressView,
  ReopenBody,
  ReviewBody,
  ReviewResult,
  StatusView,
  SubmitBody,
  SubmitResult,
  TaskProgressBody,
  TaskProgressReviewBody,
  TaskProgressView,
  TimelinessView,
  UploadJob,
} from '../../src/contract/collection.ts';
import type { DueRulesBody, DueRulesView } from '../../src/contract/collection.ts';
import type {
  DeleteDraftsBody,
  DeleteDraftsResult,
  ReviewQueueView,
  TodoView,
} from '../../src/contract/collection.ts';
import type { ErrorBody } from '../../src/contract/common.ts';
import type { RankingView } from '../../src/contract/ranking.ts';
import type {
  LightThresholdsBody,
  LightThresholdsView,
  NodeUnitsBody,
  PlanChanges,
  PlanHeadlines,
  PlanListItem,
  PlanStatusBody,
  PlanSummary,
  PlanTree,
  TargetDetail,
  TargetIndicatorBody,
  TargetPatch,
} from '../../src/contract/plan.ts';
import type {
  AuditRecord,
  Breakdown,
  CategoryView,
  IndicatorView,
  Series,
  UnitView,
} from '../../src/contract/registry.ts';

/** An error the API answered with (its `{ code, message, messageEn }`), or a network failure. */
export class ApiError extends Error {
  readonly code: string;
  readonly messageEn: string;
  /** The HTTP status; 0 when the server could not be reached. */
  readonly status: number;
  /** What the server added: the problems of a rejected batch, the current value of a conflict… */
  readonly details: unknown;

  constructor(
    status: number,
    body: Pick<ErrorBody, 'code' | 'message' | 'messageEn'> & { details?: unknown },
  ) {
    super(body.message);
    this.name = 'ApiError';
    this.code = body.code;
    this.messageEn = body.messageEn;
    this.status = status;
    this.details = body.details;
  }
}

/** Whether an error says the user may not do this here (403 FORBIDDEN or OUT_OF_SCOPE). */
export const isForbidden = (error: unknown): error is ApiError =>
  error instanceof ApiError &&
  error.status === 403 &&
  (error.code === 'FORBIDDEN' || error.code === 'OUT_OF_SCOPE');

/** Whether an error says there is no session (401). */
export const isUnauthenticated = (error: unknown): error is ApiError =>
  error instanceof ApiError && error.status === 401;

// The session's CSRF token: read from GET /api/session, replaced on login, sent on every write.
let csrfToken: string | null = null;

/** Sets the CSRF token writes carry (null after logout). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The CSRF token writes carry now. */
export const currentCsrfToken = (): string | null => csrfToken;

// Told when a call answers 401: the session ended (or never was), so the cockpit reads it again
// and, with no public read, shows the login page that comes back here.
let onUnauthenticated: (() => void) | null = null;

/** Sets what happens when the API answers 401 to anything but the session itself. */
export function setUnauthenticatedListener(listener: (() => void) | null): void {
  onUnauthenticated = listener;
}

const noteStatus = (status: number, path: string) => {
  if (status === 401 && !path.startsWith('/session')) onUnauthenticated?.();
};

const isErrorBody = (v: unknown): v is ErrorBody =>
  typeof v === 'object' && v !== null && 'code' in v && 'message' in v;

/** A method that changes something on the server. */
export type WriteMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Calls the API: the session cookie always goes along (same origin), and a write also
 * carries the CSRF token. Throws an ApiError with the server's message on failure.
 */
export async function requestJson<T>(
  method: 'GET' | WriteMethod,
  path: string,
  options: { body?: unknown; file?: Blob; signal?: AbortSignal } = {},
): Promise<T> {
  const { body: payload, file, signal } = options;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (payload !== undefined) headers['content-type'] = 'application/json';
  // A file goes as the body itself: the server streams it to disk, never whole in memory.
  if (file !== undefined) headers['content-type'] = 'application/octet-stream';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let answer: RawAnswer;
  try {
    const early = method === 'GET' ? takeEarlyAnswer(path) : null;
    answer = await (early ??
      fetch(`/api${path}`, {
        method,
        headers,
        credentials: 'same-origin',
        body: file ?? (payload === undefined ? undefined : JSON.stringify(payload)),
        signal,
      }).then(readAnswer));
  } catch (cause) {
    if (signal?.aborted) throw cause;
    throw new ApiError(0, {
      code: 'NETWORK',
      message: '无法连接服务器，请检查网络后重试',
      messageEn: 'Cannot reach the server; check the network and retry',
    });
  }
  let body: unknown = null;
  try {
    body = answer.text ? JSON.parse(answer.text) : null;
  } catch {
    body = null;
  }
  if (answer.status < 200 || answer.status > 299) {
    noteStatus(answer.status, path);
    throw errorOfResponse(answer.status, body);
  }
  return body as T;
}

/** The ApiError of an error answer: the server's error body, or the bare status when it sent none. */
const errorOfResponse = (status: number, body: unknown): ApiError =>
  new ApiError(
    status,
    isErrorBody(body)
      ? body
      : {
          code: `HTTP_${status}`,
          message: `服务器返回错误（${status}）`,
          messageEn: `The server answered ${status}`,
        },
  );

/** Reads a JSON resource of the API; throws an ApiError with the server's message on failure. */
export const getJson = <T>(path: string, signal?: AbortSignal): Promise<T> =>
  requestJson<T>('GET', path, { signal });

/** Sends a write to the API with the session cookie and the CSRF token. */
export const sendJson = <T>(method: WriteMethod, path: string, body?: unknown): Promise<T> =>
  requestJson<T>(method, path, { body });

/**
 * Fetches a file of the API (a template) with the session cookie, and saves it under the
 * name the server gives. An error answer throws an ApiError instead of saving JSON.
 */
export async function downloadFile(path: string, fallbackName: string): Promise<string> {
  const response = await fetch(`/api${path}`, { credentials: 'same-origin' });
  if (!response.ok) {
    noteStatus(response.status, path);
    const body: unknown = await response.json().catch(() => null);
    throw errorOfResponse(response.status, body);
  }
  const name = fileNameOf(response.headers.get('content-disposition')) ?? fallbackName;
  saveBlob(await response.blob(), name);
  return name;
}

/**
 * The file name of a Content-Disposition header, the UTF-8 `filename*` first.
 * @example fileNameOf(`attachment; filename*=UTF-8''%E6%A8%A1%E6%9D%BF.xlsx`) // '模板.xlsx'
 */
export function fileNameOf(disposition: string | null): string | null {
  if (!disposition) return null;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      // A malformed escape: fall back to the plain name.
    }
  }
  return /filename="([^"]*)"/i.exec(disposition)?.[1] ?? null;
}

// Registry lists change rarely: one request per page load, forgotten on failure so a retry refetches.
const cache = new Map<string, Promise<unknown>>();
const cachedJson = <T>(path: string): Promise<T> => {
  const hit = cache.get(path);
  if (hit) return hit as Promise<T>;
  const p = getJson<T>(path);
  cache.set(path, p);
  p.catch(() => cache.delete(path));
  return p;
};

/** Forgets a cached registry list (after the indicator registry changed). */
export const forgetCached = (path: string): void => {
  cache.delete(path);
};

const query = (params: Record<string, string | undefined | null>) => {
  const entries = Object.entries(params).filter((e): e is [string, string] => Boolean(e[1]));
  return entries.length === 0 ? '' : `?${new URLSearchParams(entries).toString()}`;
};
const seg = encodeURIComponent;

/** Shapes of the data collection routes, from their TypeBox schemas. */
export type EntryFormData = EntryForm;
export type FormLineData = EntryForm['lines'][number];
export type EntryInput = Static<typeof EntriesBody>['entries'][number];
export type SavedEntries = Static<typeof EntriesResult>;
export type SubmitInput = Static<typeof SubmitBody>;
export type SubmitOutcome = Static<typeof SubmitResult>;
export type ReviewInput = Static<typeof ReviewBody>;
export type ReopenInput = Static<typeof ReopenBody>;
export type ReviewOutcome = Static<typeof ReviewResult>;
export type StatusData = Static<typeof StatusView>;
export type StatusCell = StatusData['cells'][number];
export type ReviewQueueData = Static<typeof ReviewQueueView>;
export type ReviewQueueItem = ReviewQueueData['items'][number];
export type OverdueData = Static<typeof OverdueView>;
export type TodoData = Static<typeof TodoView>;
export type TodoItem = TodoData['items'][number];
export type TimelinessData = Static<typeof TimelinessView>;
export type UploadJobData = UploadJob;
export type TaskProgress = TaskProgressView;
export type TaskProgressInput = Static<typeof TaskProgressBody>;
export type TaskProgressDecision = Static<typeof TaskProgressReviewBody>;
export type PlanProgress = Static<typeof PlanProgressView>;
export type Session = SessionView;
export type TargetPatchInput = Static<typeof TargetPatch>;
export type TargetIndicatorInput = Static<typeof TargetIndicatorBody>;
export type NodeUnitsInput = NodeUnitsBody;
export type PlanStatusInput = Static<typeof PlanStatusBody>;
export type PlanChangesData = PlanChanges;
export type LightThresholdsData = LightThresholdsView;
export type LightThresholdsInput = Static<typeof LightThresholdsBody>;
export type DueRulesData = Static<typeof DueRulesView>;
export type DueRulesInput = Static<typeof DueRulesBody>;
/** What a target write answers: the target's new version and status. */
export interface TargetWritten {
  readonly id: string;
  readonly version: number;
  readonly status: string;
}

/** The API's routes as functions. */
export const api = {
  plans: () => cachedJson<PlanListItem[]>('/plans'),
  plan: (id: string, asOf?: string | null, signal?: AbortSignal) =>
    getJson<PlanTree>(`/plans/${seg(id)}${query({ asOf })}`, signal),
  summary: (id: string, signal?: AbortSignal) =>
    getJson<PlanSummary>(`/plans/${seg(id)}/summary`, signal),
  headlines: (id: string, signal?: AbortSignal) =>
    getJson<PlanHeadlines>(`/plans/${seg(id)}/headlines`, signal),
  target: (id: string, signal?: AbortSignal) =>
    getJson<TargetDetail>(`/targets/${seg(id)}`, signal),
  updateTarget: (id: string, body: TargetPatchInput) =>
    sendJson<TargetWritten>('PATCH', `/targets/${seg(id)}`, body),
  createTargetIndicator: (id: string, body: TargetIndicatorInput) =>
    sendJson<TargetWritten>('POST', `/targets/${seg(id)}/indicator`, body),
  setNodeUnits: (planId: string, nodeId: string, body: NodeUnitsInput) =>
    sendJson<{ nodeId: string; lead: string[]; co: string[] }>(
      'PUT',
      `/plans/${seg(planId)}/nodes/${seg(nodeId)}/units`,
      body,
    ),
  setPlanStatus: (planId: string, body: PlanStatusInput) =>
    sendJson<{ id: string; status: string }>('POST', `/plans/${seg(planId)}/status`, body),
  planChanges: (planId: string, signal?: AbortSignal) =>
    getJson<PlanChangesData>(`/plans/${seg(planId)}/changes`, signal),
  lightThresholds: (signal?: AbortSignal) =>
    getJson<LightThresholdsData>('/settings/light-thresholds', signal),
  setLightThresholds: (body: LightThresholdsInput) =>
    sendJson<LightThresholdsData>('PUT', '/settings/light-thresholds', body),
  dueRules: (signal?: AbortSignal) => getJson<DueRulesData>('/collection/due-rules', signal),
  setDueRules: (body: DueRulesInput) =>
    sendJson<DueRulesData>('PUT', '/collection/due-rules', body),
  units: () => cachedJson<UnitView[]>('/units'),
  categories: () => cachedJson<CategoryView[]>('/categories'),
  indicators: () => cachedJson<IndicatorView[]>('/indicators'),
  series: (
    code: string,
    unit: string,
    range: { from?: string; to?: string } = {},
    signal?: AbortSignal,
  ) => getJson<Series>(`/indicators/${seg(code)}/series${query({ unit, ...range })}`, signal),
  breakdown: (code: string, unit: string, period: string, signal?: AbortSignal) =>
    getJson<Breakdown>(`/indicators/${seg(code)}/breakdown${query({ unit, period })}`, signal),
  audit: (entity: string, entityId: string, signal?: AbortSignal) =>
    getJson<AuditRecord[]>(`/audit${query({ entity, entityId })}`, signal),

  session: (signal?: AbortSignal) => getJson<Session>('/session', signal),
  login: (username: string, password: string) =>
    sendJson<Session>('POST', '/session', { username, password }),
  logout: () => sendJson<null>('DELETE', '/session'),

  entryForm: (unit: string, period: string, signal?: AbortSignal) =>
    getJson<EntryFormData>(`/collection/form${query({ unit, period })}`, signal),
  saveEntries: (entries: EntryInput[], reason?: string) =>
    sendJson<SavedEntries>('PUT', '/collection/entries', { entries, reason }),
  submit: (body: SubmitInput) => sendJson<SubmitOutcome>('POST', '/collection/submit', body),
  deleteDrafts: (body: Static<typeof DeleteDraftsBody>) =>
    sendJson<Static<typeof DeleteDraftsResult>>('POST', '/collection/drafts/delete', body),
  reviewQueue: (signal?: AbortSignal) =>
    getJson<ReviewQueueData>('/collection/review-queue', signal),
  templatePath: (
    format: 'xlsx' | 'csv',
    scope: { unit?: string; under?: string },
    period: string,
  ) => `/collection/template.${format}${query({ ...scope, period })}`,
  upload: (file: File) =>
    requestJson<UploadJobData>(
      'POST',
      `/collection/upload/file?fileName=${encodeURIComponent(file.name)}`,
      { file },
    ),
  uploadJob: (id: string, signal?: AbortSignal) =>
    getJson<UploadJobData>(`/collection/upload/${seg(id)}`, signal),
  review: (body: ReviewInput) => sendJson<ReviewOutcome>('POST', '/collection/review', body),
  reopen: (body: ReopenInput) => sendJson<ReviewOutcome>('POST', '/collection/reopen', body),
  status: (period: string, under?: string | null, signal?: AbortSignal) =>
    getJson<StatusData>(`/collection/status${query({ period, under })}`, signal),
  todo: (unit?: string | null, signal?: AbortSignal) =>
    getJson<TodoData>(`/collection/todo${query({ unit })}`, signal),
  overdue: (asOf?: string | null, signal?: AbortSignal) =>
    getJson<OverdueData>(`/collection/overdue${query({ asOf })}`, signal),
  ranking: (
    planId: string,
    q: { scope: string; weights?: string; normalisation?: string; growthIndicator?: string },
    signal?: AbortSignal,
  ) =>
    getJson<Static<typeof RankingView>>(
      `/plans/${seg(planId)}/ranking${query({ ...q, weights: q.weights || undefined })}`,
      signal,
    ),
  timeliness: (year: number, asOf?: string | null, signal?: AbortSignal) =>
    getJson<TimelinessData>(`/collection/timeliness${query({ year: String(year), asOf })}`, signal),
  planProgress: (planId: string, signal?: AbortSignal) =>
    getJson<PlanProgress>(`/plans/${seg(planId)}/progress`, signal),
  taskProgress: (nodeId: string, signal?: AbortSignal) =>
    getJson<TaskProgress[]>(`/tasks/${seg(nodeId)}/progress`, signal),
  saveTaskProgress: (nodeId: string, body: TaskProgressInput) =>
    sendJson<TaskProgress>('POST', `/tasks/${seg(nodeId)}/progress`, body),
  reviewTaskProgress: (id: string, body: TaskProgressDecision) =>
    sendJson<TaskProgress>('POST', `/tasks/progress/${seg(id)}/review`, body),
};
