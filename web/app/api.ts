/** The cockpit's client of the Lantu HTTP API (base path /api), typed by the shared contract. */
import type { ErrorBody } from '../../src/contract/common.ts';
import type { PlanListItem, PlanSummary, PlanTree, TargetDetail } from '../../src/contract/plan.ts';
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

  constructor(status: number, body: Pick<ErrorBody, 'code' | 'message' | 'messageEn'>) {
    super(body.message);
    this.name = 'ApiError';
    this.code = body.code;
    this.messageEn = body.messageEn;
    this.status = status;
  }
}

const isErrorBody = (v: unknown): v is ErrorBody =>
  typeof v === 'object' && v !== null && 'code' in v && 'message' in v;

/** Reads a JSON resource of the API; throws an ApiError with the server's message on failure. */
export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/api${path}`, { headers: { accept: 'application/json' }, signal });
  } catch (cause) {
    if (signal?.aborted) throw cause;
    throw new ApiError(0, {
      code: 'NETWORK',
      message: '无法连接服务器，请检查网络后重试',
      messageEn: 'Cannot reach the server; check the network and retry',
    });
  }
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!response.ok) {
    throw new ApiError(
      response.status,
      isErrorBody(body)
        ? body
        : {
            code: `HTTP_${response.status}`,
            message: `服务器返回错误（${response.status}）`,
            messageEn: `The server answered ${response.status}`,
          },
    );
  }
  return body as T;
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

const query = (params: Record<string, string | undefined | null>) => {
  const entries = Object.entries(params).filter((e): e is [string, string] => Boolean(e[1]));
  return entries.length === 0 ? '' : `?${new URLSearchParams(entries).toString()}`;
};
const seg = encodeURIComponent;

/** The API's routes as functions. */
export const api = {
  plans: () => cachedJson<PlanListItem[]>('/plans'),
  plan: (id: string, asOf?: string | null, signal?: AbortSignal) =>
    getJson<PlanTree>(`/plans/${seg(id)}${query({ asOf })}`, signal),
  summary: (id: string, signal?: AbortSignal) =>
    getJson<PlanSummary>(`/plans/${seg(id)}/summary`, signal),
  target: (id: string, signal?: AbortSignal) =>
    getJson<TargetDetail>(`/targets/${seg(id)}`, signal),
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
};
