/**
 * Authentication and authorization at the HTTP edge: the session cookie, the
 * CSRF check, the public-read switch, and `requirePermission` for routes. Every
 * write route under /api either declares its permission or is admin-only. Closed by
 * default: without a session only /api/health and /api/session answer (the login page
 * and its assets are static files); with public read on, the read routes marked
 * `isPublicRead` answer too — the cockpit, never drafts, the audit log, accounts or
 * entry forms.
 */
import { timingSafeEqual } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  onRequestAsyncHookHandler,
  preHandlerAsyncHookHandler,
} from 'fastify';
import { DomainError } from '../core/domain-error.ts';
import { authorize, type Action } from '../core/permission.ts';
import type { AccountService, ActiveSession } from '../services/account-service.ts';
import type { Actor } from '../services/ports.ts';

/** Name of the session cookie. */
export const sessionCookieName = 'lantu_session';
/** Header that carries the session's CSRF token on every write. */
export const csrfHeaderName = 'x-csrf-token';

/** Switches of the HTTP edge; server.ts reads them from the environment. */
export interface AuthOptions {
  /**
   * LANTU_PUBLIC_READ=1 (default off): the read-only cockpit without a session — the read
   * routes marked `isPublicRead` and the API docs, inside the office network.
   */
  readonly publicRead: boolean;
  /** Always mark the cookie Secure (LANTU_SECURE_COOKIES=1); otherwise only on https requests. */
  readonly secureCookies: boolean;
}

export const defaultAuthOptions: AuthOptions = { publicRead: false, secureCookies: false };

/** A write route of the API and the permission it declares (null: none, so admin-only). */
export interface WriteRoute {
  readonly method: string;
  readonly url: string;
  readonly permission: Action | null;
  /** Login and logout: reachable without a session. */
  readonly isSessionOptional: boolean;
  /** The route's JSON schemas (body, params, querystring), for tests that generate requests. */
  readonly schema: Readonly<Record<string, unknown>>;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The live session of the request's cookie, resolved once per /api request. */
    session: ActiveSession | null;
  }
  interface FastifyInstance {
    /** Every write route under /api, as registered: what the authorization matrix test walks. */
    lantuWriteRoutes: WriteRoute[];
    /** Every read route under /api, as registered: what the read matrix test walks. */
    lantuReadRoutes: ReadRoute[];
  }
  interface FastifyContextConfig {
    /** Set on login and logout only: the route needs no session. */
    isSessionOptional?: boolean;
    /** A write to the caller's own data (marking notices read): any session, no grant. */
    isOwnData?: boolean;
    /** A read of the public cockpit: answers without a session when public read is on. */
    isPublicRead?: boolean;
  }
}

/** A read route of the API and who may read it without a session. */
export interface ReadRoute {
  readonly url: string;
  /** Part of the public cockpit (LANTU_PUBLIC_READ=1). */
  readonly isPublicRead: boolean;
  readonly permission: Action | null;
}

const readMethods = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Readable without a session, always: the health check and whether one is logged in. */
const openReadPaths = ['/api/health', '/api/session'];
/** Readable without a session when public read is on (the docs have no route config). */
const publicReadPaths = ['/api/docs'];
const isUnder = (path: string, prefixes: readonly string[]) =>
  prefixes.some((open) => path === open || path.startsWith(`${open}/`));

const pathOf = (url: string) => url.split('?')[0] ?? url;
const isApiPath = (path: string) => path === '/api' || path.startsWith('/api/');

const unauthenticated = () => new DomainError('UNAUTHENTICATED', '请先登录', 'please log in first');

/** The actor of a request: its session's user. Throws UNAUTHENTICATED without a session. */
export function actorOf(request: FastifyRequest): Actor {
  const session = request.session;
  if (!session) throw unauthenticated();
  return {
    id: session.user.username,
    name: session.user.displayName || session.user.username,
    requestId: request.id,
    roles: session.user.roles,
    scopePaths: session.scopePaths,
  };
}

/** The unit paths a request acts on: one, several, or none (the action is not tied to a unit). */
export type UnitPathOf = (request: FastifyRequest) => Promise<string | readonly string[] | null>;

/** A preHandler hook that carries the permission it checks, so the route table can show it. */
export type PermissionHook = preHandlerAsyncHookHandler & { readonly permission: Action };

/**
 * A route hook requiring a session whose roles grant the action and whose units
 * contain the units the request acts on: 401 UNAUTHENTICATED, 403 FORBIDDEN or
 * 403 OUT_OF_SCOPE otherwise. Runs after validation, so `unitPathOf` reads a
 * validated body.
 * @example api.post('/units', { preHandler: requirePermission('unit.write', parentPath) }, …)
 */
export function requirePermission(action: Action, unitPathOf?: UnitPathOf): PermissionHook {
  const hook = async (request: FastifyRequest) => {
    const actor = actorOf(request);
    // The grant first: a role that may not act at all learns nothing about what exists.
    authorize(actor, action);
    if (!unitPathOf) return;
    const found = await unitPathOf(request);
    if (found === null) return;
    authorize(actor, action, typeof found === 'string' ? [found] : found);
  };
  return Object.assign(hook, { permission: action });
}

const adminOnly = requirePermission('user.manage');

const asArray = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

const isPermissionHook = (hook: unknown): hook is PermissionHook =>
  typeof hook === 'function' && 'permission' in hook;

const requireSession: onRequestAsyncHookHandler = (request) =>
  request.session ? Promise.resolve() : Promise.reject(unauthenticated());

function isCsrfTokenValid(request: FastifyRequest, session: ActiveSession): boolean {
  const header = request.headers[csrfHeaderName];
  if (typeof header !== 'string') return false;
  const given = Buffer.from(header);
  const expected = Buffer.from(session.csrfToken);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Registers the cookie parser, the per-request session and CSRF checks, and the
 * route hook that makes every write route under /api need a session and its
 * declared permission (admin-only when it declares none). Call before any route.
 */
export async function registerAuth(
  app: FastifyInstance,
  accounts: AccountService,
  options: AuthOptions = defaultAuthOptions,
): Promise<void> {
  await app.register(fastifyCookie);
  app.decorateRequest('session', null);
  app.decorate('lantuWriteRoutes', [] as WriteRoute[]);
  app.decorate('lantuReadRoutes', [] as ReadRoute[]);

  app.addHook('onRequest', async (request) => {
    const path = pathOf(request.url);
    if (!isApiPath(path)) return;
    request.session = await accounts.resolveSession(request.cookies[sessionCookieName]);
    if (readMethods.has(request.method)) {
      if (request.session || isUnder(path, openReadPaths)) return;
      const isPublic =
        request.routeOptions.config.isPublicRead === true || isUnder(path, publicReadPaths);
      if (!(options.publicRead && isPublic)) throw unauthenticated();
      return;
    }
    // Login is exempt: it replaces whatever session the cookie named.
    if (request.session && !(path === '/api/session' && request.method === 'POST')) {
      if (!isCsrfTokenValid(request, request.session))
        throw new DomainError(
          'FORBIDDEN',
          '请求缺少有效的防伪令牌（CSRF），请刷新页面后重试',
          `missing or wrong ${csrfHeaderName} header; reload the page and retry`,
        );
    }
  });

  app.addHook('onRoute', (route) => {
    if (!isApiPath(route.url)) return;
    if (asArray(route.method).includes('GET'))
      app.lantuReadRoutes.push({
        url: route.url,
        isPublicRead: route.config?.isPublicRead === true,
        permission: asArray(route.preHandler).find(isPermissionHook)?.permission ?? null,
      });
    const methods = asArray(route.method).filter((m) => !readMethods.has(m));
    if (methods.length === 0) return;
    const isSessionOptional = route.config?.isSessionOptional === true;
    const declared = asArray(route.preHandler).find(isPermissionHook);
    if (!isSessionOptional) {
      // The session is checked before the body is parsed: no anonymous 64 MB uploads.
      route.onRequest = [requireSession, ...asArray(route.onRequest)];
      if (!declared && route.config?.isOwnData !== true)
        route.preHandler = [adminOnly, ...asArray(route.preHandler)];
    }
    for (const method of methods)
      app.lantuWriteRoutes.push({
        method,
        url: route.url,
        permission: declared?.permission ?? null,
        isSessionOptional,
        schema: (route.schema ?? {}) as Record<string, unknown>,
      });
  });
}

/** Sets the session cookie: httpOnly, SameSite=Strict, Secure on https or when configured. */
export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  expiresAt: string,
  options: AuthOptions,
): void {
  reply.setCookie(sessionCookieName, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: options.secureCookies || request.protocol === 'https',
    path: '/',
    expires: new Date(expiresAt),
  });
}

/** Clears the session cookie with the attributes it was set with. */
export function clearSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  options: AuthOptions,
): void {
  reply.clearCookie(sessionCookieName, {
    httpOnly: true,
    sameSite: 'strict',
    secure: options.secureCookies || request.protocol === 'https',
    path: '/',
  });
}
