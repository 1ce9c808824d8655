/** Routes of accounts and sessions: login, logout, the current session, users. */
import { Type } from 'typebox';
import { bodyLimits } from '../body-limits.ts';
import { ErrorBody, LineString } from '../../contract/common.ts';
import {
  LoginBody,
  SessionView,
  UserBody,
  UserPatchBody,
  UserView,
} from '../../contract/account.ts';
import { isDomainError } from '../../core/domain-error.ts';
import type { Services } from '../services.ts';
import {
  actorOf,
  clearSessionCookie,
  requirePermission,
  sessionCookieName,
  setSessionCookie,
  type AuthOptions,
} from '../auth.ts';
import type { Api } from './api.ts';

const errors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  429: ErrorBody,
};

export function registerAccountRoutes(api: Api, services: Services, options: AuthOptions): void {
  api.post(
    '/session',
    {
      bodyLimit: bodyLimits.login,
      config: { isSessionOptional: true },
      schema: {
        tags: ['account'],
        summary: '登录 Log in',
        description:
          'Sets the httpOnly cookie lantu_session (a new id on every login) and returns the CSRF token to send as x-csrf-token on writes. Attempts are counted before the password is checked: five on a username from one address within 15 minutes lock that address out of it, ten from all addresses lock the username, for 15 minutes (429). X-Forwarded-For is used only with LANTU_TRUST_PROXY=1.',
        body: LoginBody,
        response: { 200: SessionView, ...errors },
      },
    },
    async (request, reply) => {
      try {
        const { token, session } = await services.accounts.login({
          ...request.body,
          ip: request.ip,
          previousToken: request.cookies[sessionCookieName],
        });
        setSessionCookie(request, reply, token, session.expiresAt, options);
        return {
          user: session.user,
          csrfToken: session.csrfToken,
          expiresAt: session.expiresAt,
          publicRead: options.publicRead,
        };
      } catch (error) {
        if (isDomainError(error) && error.code === 'RATE_LIMITED') {
          const { retryAfterSeconds } = error.details as { retryAfterSeconds: number };
          void reply.header('retry-after', String(retryAfterSeconds));
        }
        throw error;
      }
    },
  );

  api.delete(
    '/session',
    {
      config: { isSessionOptional: true },
      schema: {
        tags: ['account'],
        summary: '退出登录 Log out',
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await services.accounts.logout(request.cookies[sessionCookieName]);
      clearSessionCookie(request, reply, options);
      return reply.status(204).send(null);
    },
  );

  api.get(
    '/session',
    {
      schema: {
        tags: ['account'],
        summary: '当前登录 The current session (user null when not logged in)',
        response: { 200: SessionView },
      },
    },
    (request) => ({
      user: request.session?.user ?? null,
      csrfToken: request.session?.csrfToken ?? null,
      expiresAt: request.session?.expiresAt ?? null,
      publicRead: options.publicRead,
    }),
  );

  api.get(
    '/users',
    {
      preHandler: requirePermission('user.manage'),
      schema: {
        tags: ['account'],
        summary: '用户列表 Users',
        response: { 200: Type.Array(UserView), ...errors },
      },
    },
    () => services.accounts.listUsers(),
  );

  api.post(
    '/users',
    {
      preHandler: requirePermission('user.manage'),
      schema: {
        tags: ['account'],
        summary: '新增用户 Create a user',
        description:
          'An administrator may grant only units within their own scope; a user bound to no unit needs an unbound administrator.',
        body: UserBody,
        response: { 201: UserView, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await services.accounts.createUser(request.body, actorOf(request))),
  );

  api.patch(
    '/users/:username',
    {
      preHandler: requirePermission('user.manage'),
      schema: {
        tags: ['account'],
        summary:
          '修改用户：角色、单位、启用、重置密码 Edit a user: roles, units, active, password reset',
        params: Type.Object({ username: LineString(64, { minLength: 1 }) }),
        body: UserPatchBody,
        response: { 200: UserView, ...errors },
      },
    },
    async (request) => {
      const { reason, ...patch } = request.body;
      return services.accounts.updateUser(request.params.username, patch, actorOf(request), reason);
    },
  );
}
