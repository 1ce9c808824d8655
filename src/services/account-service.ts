/**
 * Accounts, sessions and scopes: local users with scrypt-hashed passwords, the
 * units each acts within, login with throttling, and sessions kept in the
 * database so that app instances stay stateless (DESIGN.md §6).
 */
import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { DomainError } from '../core/domain-error.ts';
import { authorize, roles as allRoles, type Principal, type Role } from '../core/permission.ts';
import { createAccountRepository } from '../store/account-repository.ts';
import { recordChange } from '../store/audit-log.ts';
import { createPlanRepository } from '../store/plan-repository.ts';
import { createRegistryRepository } from '../store/registry-repository.ts';
import type { AppUserTable, Database } from '../store/schema.ts';
import type { Actor, ServiceDeps } from './ports.ts';

/** Limits of the account rules; each is configuration, with the defaults below. */
export interface AccountPolicy {
  readonly minPasswordLength: number;
  /** A session ends this long after login, however active. */
  readonly sessionTtlMs: number;
  /** last_seen_at is written at most this often, so that reads do not each cost a write. */
  readonly sessionTouchMs: number;
  /** Attempts on one username from one address within the window that lock that pair … */
  readonly maxAttemptsPerPair: number;
  /** … attempts on one username from all addresses that lock the username … */
  readonly maxAttemptsPerAccount: number;
  /** … for this long. Attempts count from the first one in the window. */
  readonly lockoutMs: number;
  readonly attemptWindowMs: number;
}

export const defaultAccountPolicy: AccountPolicy = {
  minPasswordLength: 10,
  sessionTtlMs: 12 * 60 * 60 * 1000,
  sessionTouchMs: 5 * 60 * 1000,
  maxAttemptsPerPair: 5,
  // Twice the pair's limit: one address alone cannot lock an account out for everyone.
  maxAttemptsPerAccount: 10,
  lockoutMs: 15 * 60 * 1000,
  attemptWindowMs: 15 * 60 * 1000,
};

/** The scrypt cost: N=2^14, r=8, p=1 (16 MiB, tens of milliseconds), as OWASP's minimum. */
const scryptCost = { N: 16384, r: 8, p: 1 } as const;
const scryptKeyLength = 32;

/** A user as the API shows it: never the password hash. */
export interface UserView {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly roles: Role[];
  readonly units: { code: string; name: string }[];
  readonly isActive: boolean;
  readonly createdAt: string;
  readonly lockedUntil: string | null;
}

/** A live session resolved from its cookie token. */
export interface ActiveSession {
  /** sha256 of the cookie token: the row's id. */
  readonly id: string;
  readonly csrfToken: string;
  readonly expiresAt: string;
  readonly user: UserView;
  /** Paths of the user's units; '/' for an administrator bound to no unit. */
  readonly scopePaths: string[];
}

export interface LoginResult {
  /** The cookie value; only its hash is stored. */
  readonly token: string;
  readonly session: ActiveSession;
}

export interface NewUser {
  readonly username: string;
  readonly password: string;
  readonly displayName?: string;
  readonly roles: readonly Role[];
  readonly unitCodes?: readonly string[];
  /** Where notices are mailed, when the deployment has an SMTP server. */
  readonly email?: string;
}

export interface UserPatch {
  readonly displayName?: string;
  readonly roles?: readonly Role[];
  readonly unitCodes?: readonly string[];
  readonly isActive?: boolean;
  /** A reset by an administrator: the user's sessions end and the lock is lifted. */
  readonly password?: string;
}

const usernamePattern = /^[\p{L}\p{N}._@-]{2,64}$/u;
const roleSet = new Set<string>(allRoles);

function scryptAsync(password: string, salt: Buffer, N: number, r: number, p: number) {
  return new Promise<Buffer>((resolve, reject) => {
    scrypt(password, salt, scryptKeyLength, { N, r, p, maxmem: 256 * N * r }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/**
 * Hashes a password with scrypt and a random salt, as `scrypt$N$r$p$salt$hash`.
 * @example await hashPassword('correct horse battery') // 'scrypt$16384$8$1$…$…'
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const { N, r, p } = scryptCost;
  const key = await scryptAsync(password, salt, N, r, p);
  return ['scrypt', N, r, p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** Whether a password matches a stored hash; compares in constant time, false for a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const N = Number(n);
  // Bounds keep a tampered row from making the server allocate without limit.
  if (!(N >= 2 && N <= 2 ** 20 && Number(r) <= 32 && Number(p) <= 16) || expected.length === 0)
    return false;
  const key = await scryptAsync(password, Buffer.from(salt, 'base64'), N, Number(r), Number(p));
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** sha256 (hex) of a session token: what the database stores instead of the token. */
export const hashSessionToken = (token: string): string =>
  createHash('sha256').update(token).digest('hex');

// Verified against when the username is unknown, so that timing does not tell which usernames exist.
let dummyHash: Promise<string> | undefined;
const getDummyHash = () => (dummyHash ??= hashPassword(randomBytes(16).toString('hex')));

const addMs = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

/** "14:05" in the office's time zone, for a retry time a person reads. */
const clockTime = (iso: string) =>
  new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(new Date(iso));

function rateLimited(retryAt: string, nowIso: string, why: 'account' | 'pair'): DomainError {
  const minutes = Math.max(1, Math.ceil((Date.parse(retryAt) - Date.parse(nowIso)) / 60000));
  const who = why === 'account' ? '该账号' : '本机对该账号';
  return new DomainError(
    'RATE_LIMITED',
    `${who}登录尝试次数过多，请在 ${clockTime(retryAt)}（约${minutes}分钟）后重试`,
    `too many login attempts ${why === 'account' ? 'for this account' : 'for this account from this address'}; retry after ${retryAt} (about ${minutes} min)`,
    {
      details: {
        retryAt,
        retryAfterSeconds: Math.ceil((Date.parse(retryAt) - Date.parse(nowIso)) / 1000),
      },
    },
  );
}

const badCredentials = () =>
  new DomainError('UNAUTHENTICATED', '用户名或密码不正确', 'wrong username or password');

export function createAccountService(deps: ServiceDeps, policy: Partial<AccountPolicy> = {}) {
  const { db } = deps.database;
  const accounts = createAccountRepository(db);
  const registry = createRegistryRepository(db);
  const plans = createPlanRepository(db);
  const rules: AccountPolicy = { ...defaultAccountPolicy, ...policy };

  const parseRoles = (text: string): Role[] =>
    (JSON.parse(text) as string[]).filter((r): r is Role => roleSet.has(r));

  const unitsOf = (userIds: readonly string[], trx: Kysely<Database> = db) =>
    accounts.unitsOf(userIds, trx);

  const toView = (
    row: AppUserTable,
    units: readonly { code: string; name: string }[],
  ): UserView => ({
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    roles: parseRoles(row.roles),
    units: units.map((u) => ({ code: u.code, name: u.name })),
    isActive: row.is_active === 1,
    createdAt: row.created_at,
    lockedUntil: row.locked_until,
  });

  const scopePathsOf = (userRoles: readonly Role[], paths: readonly string[]): string[] =>
    paths.length === 0 && userRoles.includes('admin') ? ['/'] : [...paths];

  function checkPassword(password: string): void {
    if (password.length < rules.minPasswordLength)
      throw new DomainError(
        'VALIDATION_FAILED',
        `密码至少需要${rules.minPasswordLength}个字符`,
        `a password needs at least ${rules.minPasswordLength} characters`,
        { details: [{ field: 'password', reason: 'too short' }] },
      );
  }

  function checkRoles(list: readonly string[]): Role[] {
    const bad = list.filter((r) => !roleSet.has(r));
    if (list.length === 0 || bad.length > 0)
      throw new DomainError(
        'VALIDATION_FAILED',
        `角色须为 ${allRoles.join(' / ')} 之一，至少一个${bad.length ? `（无效：${bad.join('、')}）` : ''}`,
        `roles must be one or more of ${allRoles.join(', ')}${bad.length ? ` (invalid: ${bad.join(', ')})` : ''}`,
      );
    return [...new Set(list)] as Role[];
  }

  async function unitsByCode(codes: readonly string[], trx: Kysely<Database>) {
    if (codes.length === 0) return [];
    const rows = await registry.findUnitsByCodes([...new Set(codes)], trx);
    const missing = codes.filter((c) => !rows.some((r) => r.code === c));
    if (missing.length > 0)
      throw new DomainError(
        'NOT_FOUND',
        `找不到单位“${missing.join('、')}”`,
        `unit ${missing.join(', ')} not found`,
      );
    return rows;
  }

  /** The paths an administrator must hold to grant these units: '/' for an unbound user. */
  const pathsToManage = (units: readonly { path: string }[]) =>
    units.length === 0 ? ['/'] : units.map((u) => u.path);

  const publicRow = (row: AppUserTable, unitCodes: readonly string[]) => {
    const { password_hash: _hash, ...rest } = row;
    return { ...rest, units: unitCodes };
  };

  async function createUser(input: NewUser, actor: Actor): Promise<UserView> {
    if (!usernamePattern.test(input.username))
      throw new DomainError(
        'VALIDATION_FAILED',
        '用户名须为2—64个字母、数字或 . _ @ -',
        'a username is 2–64 letters, digits or . _ @ -',
        { details: [{ field: 'username', reason: 'invalid' }] },
      );
    const userRoles = checkRoles(input.roles);
    checkPassword(input.password);
    const passwordHash = await hashPassword(input.password);
    return db.transaction().execute(async (trx) => {
      const units = await unitsByCode(input.unitCodes ?? [], trx);
      authorize(actor, 'user.manage', pathsToManage(units));
      const exists = await accounts.findUser(input.username, trx);
      if (exists)
        throw new DomainError(
          'CONFLICT',
          `用户名“${input.username}”已存在`,
          `username ${input.username} already exists`,
        );
      const row: AppUserTable = {
        id: deps.ids.next(),
        username: input.username,
        display_name: input.displayName ?? '',
        password_hash: passwordHash,
        roles: JSON.stringify(userRoles),
        is_active: 1,
        created_at: deps.clock.now(),
        failed_logins: 0,
        locked_until: null,
      };
      const email = input.email?.trim() ?? '';
      if (email !== '' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
        throw new DomainError(
          'VALIDATION_FAILED',
          `邮箱“${email}”格式不正确`,
          `"${email}" is not an e-mail address`,
          { details: [{ field: 'email', reason: 'invalid' }] },
        );
      await accounts.insertUser(row, email === '' ? null : email, trx);
      await accounts.setUserUnits(
        row.id,
        units.map((u) => u.id),
        trx,
      );
      const codes = units.map((u) => u.code);
      await recordChange(trx, deps.clock, actor, {
        action: 'user.create',
        entity: 'user',
        entityId: row.id,
        oldValue: null,
        newValue: publicRow(row, codes),
      });
      const view = await unitsOf([row.id], trx);
      return toView(row, view.get(row.id) ?? []);
    });
  }

  async function updateUser(
    username: string,
    patch: UserPatch,
    actor: Actor,
    reason = '',
  ): Promise<UserView> {
    const userRoles = patch.roles === undefined ? undefined : checkRoles(patch.roles);
    if (patch.password !== undefined) checkPassword(patch.password);
    const passwordHash =
      patch.password === undefined ? undefined : await hashPassword(patch.password);
    return db.transaction().execute(async (trx) => {
      const before = await accounts.findUser(username, trx);
      if (!before)
        throw new DomainError('NOT_FOUND', `找不到用户“${username}”`, `user ${username} not found`);
      const oldUnits = (await unitsOf([before.id], trx)).get(before.id) ?? [];
      const newUnits =
        patch.unitCodes === undefined ? undefined : await unitsByCode(patch.unitCodes, trx);
      // Both the units the user holds and those granted must lie within the administrator's scope.
      authorize(actor, 'user.manage', [
        ...pathsToManage(oldUnits),
        ...(newUnits ? pathsToManage(newUnits) : []),
      ]);
      const after = {
        ...before,
        display_name: patch.displayName ?? before.display_name,
        roles: userRoles ? JSON.stringify(userRoles) : before.roles,
        is_active: patch.isActive === undefined ? before.is_active : patch.isActive ? 1 : 0,
        password_hash: passwordHash ?? before.password_hash,
        failed_logins: passwordHash ? 0 : before.failed_logins,
        locked_until: passwordHash ? null : before.locked_until,
      };
      await accounts.updateUser(before.id, after, trx);
      if (newUnits)
        await accounts.setUserUnits(
          before.id,
          newUnits.map((u) => u.id),
          trx,
        );
      if (passwordHash || after.is_active === 0) await accounts.deleteSessionsOf(before.id, trx);
      // A reset lifts the account's lock and every address's count for it.
      if (passwordHash) await accounts.clearAttemptsOf(before.username, trx);
      const isUnboundAdmin = (row: AppUserTable, units: readonly unknown[]) =>
        row.is_active === 1 && parseRoles(row.roles).includes('admin') && units.length === 0;
      if (isUnboundAdmin(before, oldUnits) && !isUnboundAdmin(after, newUnits ?? oldUnits))
        await assertAnAdministratorRemains(trx);
      const afterCodes = newUnits ? newUnits.map((u) => u.code) : oldUnits.map((u) => u.code);
      await recordChange(trx, deps.clock, actor, {
        action: 'user.update',
        entity: 'user',
        entityId: before.id,
        oldValue: publicRow(
          before,
          oldUnits.map((u) => u.code),
        ),
        newValue: {
          ...publicRow(after, afterCodes),
          isPasswordReset: passwordHash !== undefined,
        },
        reason,
      });
      const units = await unitsOf([before.id], trx);
      return toView(after, units.get(before.id) ?? []);
    });
  }

  /** Nobody may lock the office out: the last active administrator bound to no unit stays one. */
  async function assertAnAdministratorRemains(trx: Kysely<Database>) {
    const admins = await accounts.listActiveAdministrators(trx);
    const units = await unitsOf(
      admins.map((a) => a.id),
      trx,
    );
    if (!admins.some((a) => (units.get(a.id) ?? []).length === 0))
      throw new DomainError(
        'CONFLICT',
        '至少须保留一个启用的、不限单位的管理员',
        'at least one active administrator bound to no unit must remain',
      );
  }

  async function listUsers(): Promise<UserView[]> {
    const rows = await accounts.listUsers();
    const units = await unitsOf(rows.map((r) => r.id));
    return rows.map((r) => toView(r, units.get(r.id) ?? []));
  }

  const countAttempt = (key: string, now: string) =>
    accounts.countAttempt(key, now, addMs(now, -rules.attemptWindowMs));

  /**
   * Counts a login attempt per account and per (address, account) before the password is
   * checked, so that parallel guesses cannot run ahead of the count: past the limit the
   * attempt is refused whatever its password. A locked pair is refused without counting
   * against the account, so one address cannot lock others out.
   */
  async function admitAttempt(username: string, ip: string, now: string): Promise<void> {
    const accountKey = `account ${username}`;
    const pairKey = `pair ${ip} ${username}`;
    const locks = await accounts.findLocks([accountKey, pairKey], now);
    const pairLock = locks.find((l) => l.key === pairKey)?.locked_until;
    if (pairLock) throw rateLimited(pairLock, now, 'pair');
    const accountLock = locks.find((l) => l.key === accountKey)?.locked_until;
    if (accountLock) throw rateLimited(accountLock, now, 'account');
    const pairAttempts = await countAttempt(pairKey, now);
    const accountAttempts = await countAttempt(accountKey, now);
    const until = addMs(now, rules.lockoutMs);
    if (accountAttempts > rules.maxAttemptsPerAccount) {
      await accounts.lockKey(accountKey, until);
      await accounts.lockUser(username, until);
      throw rateLimited(until, now, 'account');
    }
    if (pairAttempts > rules.maxAttemptsPerPair) {
      await accounts.lockKey(pairKey, until);
      throw rateLimited(until, now, 'pair');
    }
  }

  /**
   * Checks a username and password and opens a new session. The session id is new
   * on every login, and a session the client presented before is ended, so a
   * planted cookie never becomes a logged-in one (session fixation).
   */
  async function login(input: {
    username: string;
    password: string;
    ip: string;
    previousToken?: string;
  }): Promise<LoginResult> {
    const now = deps.clock.now();
    await admitAttempt(input.username, input.ip, now);
    const user = await accounts.findUser(input.username);
    const isMatch = await verifyPassword(
      input.password,
      user?.password_hash ?? (await getDummyHash()),
    );
    if (!user || !isMatch) {
      if (user) await accounts.countFailedLogin(user.id);
      throw badCredentials();
    }
    if (user.is_active !== 1)
      throw new DomainError(
        'FORBIDDEN',
        '该账号已停用，请联系管理员',
        'this account is disabled; ask an administrator',
      );
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(32).toString('base64url');
    const expiresAt = addMs(now, rules.sessionTtlMs);
    await db.transaction().execute(async (trx) => {
      await accounts.updateUser(user.id, { failed_logins: 0, locked_until: null }, trx);
      // A success clears this address's count and the account's, and forgets every count
      // whose window has passed without a lock still running (guessed usernames pile up).
      await accounts.clearAttempts(
        [`account ${user.username}`, `pair ${input.ip} ${user.username}`],
        addMs(now, -rules.attemptWindowMs),
        now,
        trx,
      );
      if (input.previousToken)
        await accounts.deleteSession(hashSessionToken(input.previousToken), trx);
      await accounts.deleteExpiredSessions(now, trx);
      await accounts.insertSession(
        {
          id: hashSessionToken(token),
          user_id: user.id,
          csrf_token: csrfToken,
          created_at: now,
          expires_at: expiresAt,
          last_seen_at: now,
        },
        trx,
      );
    });
    const units = (await unitsOf([user.id])).get(user.id) ?? [];
    const view = toView({ ...user, failed_logins: 0, locked_until: null }, units);
    return {
      token,
      session: {
        id: hashSessionToken(token),
        csrfToken,
        expiresAt,
        user: view,
        scopePaths: scopePathsOf(
          view.roles,
          units.map((u) => u.path),
        ),
      },
    };
  }

  /** The live session a cookie token names, or null (unknown, expired, or its user disabled). */
  async function resolveSession(token: string | undefined): Promise<ActiveSession | null> {
    if (!token || token.length > 128) return null;
    const id = hashSessionToken(token);
    const row = await accounts.findSession(id);
    if (!row) return null;
    const now = deps.clock.now();
    if (row.expires_at <= now || row.is_active !== 1) {
      await accounts.deleteSession(id);
      return null;
    }
    if (Date.parse(now) - Date.parse(row.last_seen_at) >= rules.sessionTouchMs)
      await accounts.touchSession(id, now);
    const units = (await unitsOf([row.id])).get(row.id) ?? [];
    const { csrf_token: csrfToken, expires_at: expiresAt, last_seen_at: _seen, ...user } = row;
    const view = toView(user, units);
    return {
      id,
      csrfToken,
      expiresAt,
      user: view,
      scopePaths: scopePathsOf(
        view.roles,
        units.map((u) => u.path),
      ),
    };
  }

  /** Ends the session a token names (nothing when there is none). */
  async function logout(token: string | undefined): Promise<void> {
    if (!token) return;
    await accounts.deleteSession(hashSessionToken(token));
  }

  /** Whether a user still has this password; no side effect (used to list demo accounts at start). */
  async function hasPassword(username: string, password: string): Promise<boolean> {
    const user = await accounts.findUser(username);
    return !!user && user.is_active === 1 && (await verifyPassword(password, user.password_hash));
  }

  /** Paths of units by code; unknown codes are left out (the caller's validation reports them). */
  async function findUnitPaths(codes: readonly string[]): Promise<Map<string, string>> {
    const rows = await registry.findUnitsByCodes([...new Set(codes)]);
    return new Map(rows.map((r) => [r.code, r.path]));
  }

  /** The path of the unit a plan belongs to: the scope of its edits. */
  async function findPlanScope(planId: string): Promise<string> {
    const path = await plans.findPlanUnitPath(planId);
    if (path === undefined)
      throw new DomainError('NOT_FOUND', `找不到计划“${planId}”`, `Plan ${planId} not found`);
    return path;
  }

  /** The path of the unit of a target's plan. */
  async function findTargetScope(targetId: string): Promise<string> {
    const path = await plans.findTargetUnitPath(targetId);
    if (path === undefined)
      throw new DomainError('NOT_FOUND', `找不到目标“${targetId}”`, `Target ${targetId} not found`);
    return path;
  }

  return {
    policy: rules,
    createUser,
    updateUser,
    listUsers,
    login,
    resolveSession,
    logout,
    hasPassword,
    findUnitPaths,
    findPlanScope,
    findTargetScope,
  };
}

export type AccountService = ReturnType<typeof createAccountService>;

/** The principal of a session: its user's roles and the paths of their units. */
export const principalOf = (session: ActiveSession): Principal => ({
  roles: session.user.roles,
  scopePaths: session.scopePaths,
});
