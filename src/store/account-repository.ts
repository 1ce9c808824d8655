/**
 * The account repository: users, the units each acts within, their sessions and the login
 * throttle's counters — all in the database, so that app instances keep no state of their
 * own. Every write takes the caller's executor when it is part of a transaction.
 */
import { sql, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { AppUserTable, Database, LoginThrottleTable, SessionTable } from './schema.ts';

/** A unit a user acts within. */
export interface UserUnitRow {
  readonly code: string;
  readonly name: string;
  readonly path: string;
}

/** A user as stored, with the contact columns. */
export type UserRow = Selectable<Database['app_user']>;

/** A session with the user it belongs to. */
export type SessionWithUser = UserRow &
  Pick<SessionTable, 'csrf_token' | 'expires_at' | 'last_seen_at'>;

export interface AccountRepository {
  findUser(username: string, executor?: Kysely<Database>): Promise<UserRow | undefined>;
  listUsers(): Promise<UserRow[]>;
  /** The users that are active administrators. */
  listActiveAdministrators(executor?: Kysely<Database>): Promise<{ id: string }[]>;
  insertUser(row: AppUserTable, email: string | null, executor?: Kysely<Database>): Promise<void>;
  updateUser(
    userId: string,
    patch: Updateable<AppUserTable>,
    executor?: Kysely<Database>,
  ): Promise<void>;
  /** Shows the user as locked until then (the throttle's lock is what refuses a login). */
  lockUser(username: string, until: string): Promise<void>;
  /** Counts one failed login of the user. */
  countFailedLogin(userId: string): Promise<void>;
  /** The units of each user, by user id, in code order. */
  unitsOf(
    userIds: readonly string[],
    executor?: Kysely<Database>,
  ): Promise<Map<string, UserUnitRow[]>>;
  /** Replaces the units a user acts within. */
  setUserUnits(
    userId: string,
    unitIds: readonly string[],
    executor?: Kysely<Database>,
  ): Promise<void>;

  insertSession(row: SessionTable, executor?: Kysely<Database>): Promise<void>;
  findSession(id: string): Promise<SessionWithUser | undefined>;
  touchSession(id: string, at: string): Promise<void>;
  deleteSession(id: string, executor?: Kysely<Database>): Promise<void>;
  deleteSessionsOf(userId: string, executor?: Kysely<Database>): Promise<void>;
  deleteExpiredSessions(now: string, executor?: Kysely<Database>): Promise<void>;

  /**
   * Counts one attempt against a throttle key, in one statement so that parallel attempts
   * cannot lose an increment; a window that began at or before `windowStart` starts again.
   * Returns the count in the current window.
   */
  countAttempt(key: string, now: string, windowStart: string): Promise<number>;
  /** The keys among `keys` locked past `now`. */
  findLocks(
    keys: readonly string[],
    now: string,
  ): Promise<Pick<LoginThrottleTable, 'key' | 'locked_until'>[]>;
  lockKey(key: string, until: string): Promise<void>;
  /** Forgets the account's count and every address's count for it. */
  clearAttemptsOf(username: string, executor?: Kysely<Database>): Promise<void>;
  /**
   * Forgets the given keys' counts and every count whose window began at or before
   * `windowStart` with no lock still running at `now` (guessed usernames pile up).
   */
  clearAttempts(
    keys: readonly string[],
    windowStart: string,
    now: string,
    executor?: Kysely<Database>,
  ): Promise<void>;
}

export function createAccountRepository(db: Kysely<Database>): AccountRepository {
  return {
    findUser: (username, executor = db) =>
      executor
        .selectFrom('app_user')
        .selectAll()
        .where('username', '=', username)
        .executeTakeFirst(),
    listUsers: () => db.selectFrom('app_user').selectAll().orderBy('username').execute(),
    listActiveAdministrators: (executor = db) =>
      executor
        .selectFrom('app_user')
        .select(['id'])
        .where('is_active', '=', 1)
        .where('roles', 'like', '%"admin"%')
        .execute(),
    async insertUser(row, email, executor = db) {
      await executor
        .insertInto('app_user')
        .values({ ...row, email })
        .execute();
    },
    async updateUser(userId, patch, executor = db) {
      await executor.updateTable('app_user').set(patch).where('id', '=', userId).execute();
    },
    async lockUser(username, until) {
      await db
        .updateTable('app_user')
        .set({ locked_until: until })
        .where('username', '=', username)
        .execute();
    },
    async countFailedLogin(userId) {
      await db
        .updateTable('app_user')
        .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1) }))
        .where('id', '=', userId)
        .execute();
    },
    async unitsOf(userIds, executor = db) {
      const byUser = new Map<string, UserUnitRow[]>();
      if (userIds.length === 0) return byUser;
      const rows = await executor
        .selectFrom('user_unit')
        .innerJoin('unit', 'unit.id', 'user_unit.unit_id')
        .select(['user_unit.user_id', 'unit.code', 'unit.name', 'unit.path'])
        .where('user_unit.user_id', 'in', [...userIds])
        .orderBy('unit.code')
        .execute();
      for (const r of rows)
        byUser.set(r.user_id, [
          ...(byUser.get(r.user_id) ?? []),
          { code: r.code, name: r.name, path: r.path },
        ]);
      return byUser;
    },
    async setUserUnits(userId, unitIds, executor = db) {
      await executor.deleteFrom('user_unit').where('user_id', '=', userId).execute();
      if (unitIds.length > 0)
        await executor
          .insertInto('user_unit')
          .values(unitIds.map((unitId) => ({ user_id: userId, unit_id: unitId })))
          .execute();
    },

    async insertSession(row, executor = db) {
      await executor.insertInto('session').values(row).execute();
    },
    findSession: (id) =>
      db
        .selectFrom('session')
        .innerJoin('app_user', 'app_user.id', 'session.user_id')
        .selectAll('app_user')
        .select(['session.csrf_token', 'session.expires_at', 'session.last_seen_at'])
        .where('session.id', '=', id)
        .executeTakeFirst(),
    async touchSession(id, at) {
      await db.updateTable('session').set({ last_seen_at: at }).where('id', '=', id).execute();
    },
    async deleteSession(id, executor = db) {
      await executor.deleteFrom('session').where('id', '=', id).execute();
    },
    async deleteSessionsOf(userId, executor = db) {
      await executor.deleteFrom('session').where('user_id', '=', userId).execute();
    },
    async deleteExpiredSessions(now, executor = db) {
      await executor.deleteFrom('session').where('expires_at', '<=', now).execute();
    },

    async countAttempt(key, now, windowStart) {
      const row = await db
        .insertInto('login_throttle')
        .values({ key, attempts: 1, window_started_at: now, locked_until: null })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet((eb) => ({
            attempts: eb
              .case()
              .when('login_throttle.window_started_at', '<=', windowStart)
              .then(1)
              .else(eb('login_throttle.attempts', '+', 1))
              .end(),
            window_started_at: eb
              .case()
              .when('login_throttle.window_started_at', '<=', windowStart)
              .then(now)
              .else(eb.ref('login_throttle.window_started_at'))
              .end(),
          })),
        )
        .returning('attempts')
        .executeTakeFirstOrThrow();
      return Number(row.attempts);
    },
    findLocks: (keys, now) =>
      db
        .selectFrom('login_throttle')
        .select(['key', 'locked_until'])
        .where('key', 'in', [...keys])
        .where('locked_until', '>', now)
        .execute(),
    async lockKey(key, until) {
      await db
        .updateTable('login_throttle')
        .set({ locked_until: until })
        .where('key', '=', key)
        .execute();
    },
    async clearAttemptsOf(username, executor = db) {
      const pairs = `pair % ${username.replace(/[\\%_]/g, '\\$&')}`;
      await executor
        .deleteFrom('login_throttle')
        .where((eb) =>
          eb.or([
            eb('key', '=', `account ${username}`),
            sql<boolean>`${eb.ref('key')} LIKE ${pairs} ESCAPE '\\'`,
          ]),
        )
        .execute();
    },
    async clearAttempts(keys, windowStart, now, executor = db) {
      await executor
        .deleteFrom('login_throttle')
        .where((eb) =>
          eb.or([
            eb('key', 'in', [...keys]),
            eb.and([
              eb('window_started_at', '<=', windowStart),
              eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]),
            ]),
          ]),
        )
        .execute();
    },
  };
}
