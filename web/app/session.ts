/** What the signed-in user may do in the cockpit: roles, the units within their scope, where to go after login. */
import type { UnitView } from '../../src/contract/registry.ts';
import type { Session } from './api.ts';

/** The user of a session, when there is one. */
export type SessionUser = NonNullable<Session['user']>;

/** A role an account can hold. */
export type Role = SessionUser['roles'][number];

/** Whether the user holds any of the roles. */
export const hasRole = (user: SessionUser | null | undefined, ...roles: Role[]): boolean =>
  Boolean(user?.roles.some((r) => roles.includes(r)));

/** Whether the user may enter indicator values and task progress (reporter, admin). */
export const canEnterData = (user: SessionUser | null | undefined): boolean =>
  hasRole(user, 'reporter', 'admin');

/** Whether the user may approve, return and reopen values (reviewer, admin). */
export const canReviewData = (user: SessionUser | null | undefined): boolean =>
  hasRole(user, 'reviewer', 'admin');

/** Whether the user may edit and adopt plans and set the light thresholds (planner, admin). */
export const canEditPlan = (user: SessionUser | null | undefined): boolean =>
  hasRole(user, 'planner', 'admin');

/** Whether the user may accept or return task progress (reviewer, planner, admin). */
export const canReviewProgress = (user: SessionUser | null | undefined): boolean =>
  hasRole(user, 'reviewer', 'planner', 'admin');

/**
 * The units a user acts within: each of their units with everything below it, in the
 * registry's order; an administrator bound to no unit acts everywhere, anyone else nowhere.
 * @example unitsInScope(units, townReporter).map((u) => u.code) // ['500106001']
 */
export function unitsInScope(
  units: readonly UnitView[],
  user: SessionUser | null | undefined,
): UnitView[] {
  if (!user) return [];
  if (user.units.length === 0) return user.roles.includes('admin') ? [...units] : [];
  const own = new Set(user.units.map((u) => u.code));
  const roots = units.filter((u) => own.has(u.code)).map((u) => u.path);
  return units.filter((u) => roots.some((root) => u.path.startsWith(root)));
}

/** Whether a unit lies within the user's scope. */
export const isUnitInScope = (
  units: readonly UnitView[],
  user: SessionUser | null | undefined,
  code: string,
): boolean => unitsInScope(units, user).some((u) => u.code === code);

/**
 * Where to go after logging in: the `next` path when it is one of the cockpit's own
 * (a path, not another site and not the login page), else the Overview.
 * @example safeNextPath('/entry?unit=500106001') // '/entry?unit=500106001'
 * @example safeNextPath('//evil.example/') // '/'
 */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (next === '/login' || next.startsWith('/login?')) return '/';
  return next;
}

/**
 * Where a user lands after logging in without a page to return to: a reviewer on the review
 * queue, a reporter on their to-do (the forms due and overdue), everyone else (and whoever plans or administers) on
 * the district overview.
 */
export function landingPathFor(user: SessionUser | null | undefined): string {
  if (!user || hasRole(user, 'admin', 'planner')) return '/';
  if (hasRole(user, 'reviewer')) return '/review';
  if (hasRole(user, 'reporter')) return '/todo';
  return '/';
}

/** The login page's address that comes back to `path` afterwards. */
export const loginPathFor = (path: string): string =>
  path === '/' ? '/login' : `/login?next=${encodeURIComponent(path)}`;
