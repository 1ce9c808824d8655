/**
 * Test helper: creates a user and logs in through the API, returning the headers
 * of that user's requests (the session cookie and the CSRF token).
 */
import type { Role } from '../core/permission.ts';
import { createAccountService } from '../services/account-service.ts';
import { systemActor, type ServiceDeps } from '../services/ports.ts';
import type { LantuApp } from './app.ts';
import { csrfHeaderName, sessionCookieName } from './auth.ts';

/** Headers that make an injected request come from a logged-in user (a type, so it fits `headers`). */
export type SessionHeaders = Readonly<Record<'cookie' | 'x-csrf-token', string>>;

export const testPassword = 'correct horse battery staple';

let created = 0;

/**
 * Logs in as a new user with the roles given, bound to `unitCodes` (default: the
 * top-level units, so the whole tree; an administrator with none is unbound).
 * @example const planner = await loginAs(app, deps, 'planner', { unitCodes: ['500106'] });
 */
export async function loginAs(
  app: LantuApp,
  deps: ServiceDeps,
  roles: Role | readonly Role[],
  options: { unitCodes?: readonly string[]; username?: string } = {},
): Promise<SessionHeaders> {
  const list = typeof roles === 'string' ? [roles] : roles;
  const username = options.username ?? `${list.join('-')}-${++created}`;
  const unitCodes =
    options.unitCodes ??
    (
      await deps.database.db
        .selectFrom('unit')
        .select('code')
        .where('parent_id', 'is', null)
        .execute()
    ).map((u) => u.code);
  await createAccountService(deps).createUser(
    { username, password: testPassword, roles: list, unitCodes },
    systemActor,
  );
  return logIn(app, username, testPassword);
}

/** Logs an existing user in and returns the headers of their requests. */
export async function logIn(
  app: LantuApp,
  username: string,
  password = testPassword,
): Promise<SessionHeaders> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/session',
    payload: { username, password },
  });
  if (response.statusCode !== 200)
    throw new Error(`login of ${username} failed: ${response.statusCode} ${response.body}`);
  const cookie = response.cookies.find((c) => c.name === sessionCookieName);
  if (!cookie) throw new Error('login set no session cookie');
  return {
    cookie: `${sessionCookieName}=${cookie.value}`,
    [csrfHeaderName]: response.json<{ csrfToken: string }>().csrfToken,
  };
}
