import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccountRepository } from './account-repository.ts';
import { createTestDatabase, testEngine, type TestDatabase } from './test-database.ts';

describe(`the login throttle's counters in the account repository on ${testEngine}`, () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.dispose());

  const keysLeft = async () =>
    (await database.db.selectFrom('login_throttle').select('key').orderBy('key').execute()).map(
      (r) => r.key,
    );

  it('counts attempts within a window and starts again once the window has passed', async () => {
    const accounts = createAccountRepository(database.db);
    const t0 = '2025-10-15T02:00:00.000Z';
    const t1 = '2025-10-15T02:05:00.000Z';
    const key = 'account window-test';
    expect(await accounts.countAttempt(key, t0, '2025-10-15T01:45:00.000Z')).toBe(1);
    expect(await accounts.countAttempt(key, t1, '2025-10-15T01:50:00.000Z')).toBe(2);
    // Fifteen minutes after t0 the window that began at t0 is over.
    expect(await accounts.countAttempt(key, '2025-10-15T02:15:00.000Z', t0)).toBe(1);
  });

  it('clears one username’s counts without touching a name its LIKE wildcards would match', async () => {
    const accounts = createAccountRepository(database.db);
    const now = '2025-10-15T03:00:00.000Z';
    const windowStart = '2025-10-15T02:45:00.000Z';
    for (const key of [
      'account a_b',
      'pair 10.0.0.1 a_b',
      'pair 10.0.0.2 a_b',
      'pair 10.0.0.1 aXb',
      'account a%b',
    ])
      await accounts.countAttempt(key, now, windowStart);
    await accounts.clearAttemptsOf('a_b');
    const left = await keysLeft();
    expect(left).toContain('pair 10.0.0.1 aXb');
    expect(left).toContain('account a%b');
    expect(left.filter((k) => k.endsWith(' a_b'))).toEqual([]);
  });
});
