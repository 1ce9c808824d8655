import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditLog } from './audit-log.ts';
import { createSettingsRepository } from './settings-repository.ts';
import { createTestDatabase, testEngine, type TestDatabase } from './test-database.ts';

const clock = { now: () => '2025-10-15T02:00:00.000Z' };
const author = { id: 'planner-1', requestId: 'req-7' };

describe(`the audit log repository on ${testEngine}`, () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.dispose());

  it('records a change stamped with the clock and its author, newest first, values as given', async () => {
    const log = createAuditLog(database.db, clock);
    const change = { action: 'unit.create', entity: 'unit', entityId: 'U1' };
    await log.recordChange(database.db, author, { ...change, oldValue: null, newValue: { a: 1 } });
    await log.recordChange(database.db, author, {
      ...change,
      oldValue: { a: 1 },
      newValue: { a: 2 },
      reason: '更正',
    });
    const [newest, older] = await log.list({ entity: 'unit', entityId: 'U1' });
    expect(newest).toMatchObject({
      at: clock.now(),
      actor: 'planner-1',
      oldValue: { a: 1 },
      newValue: { a: 2 },
      reason: '更正',
    });
    expect(older).toMatchObject({ oldValue: null, newValue: { a: 1 }, reason: '' });
    expect(await log.latestSeq()).toBe(newest?.seq);
  });

  it('finds the newest entry of an action, and the entries of some entities after a point', async () => {
    const log = createAuditLog(database.db, clock);
    const start = await log.latestSeq();
    const change = { entity: 'plan', entityId: 'P9', oldValue: null, newValue: null };
    await log.recordChange(database.db, author, { ...change, action: 'plan.adopted' });
    await log.recordChange(database.db, author, { ...change, action: 'plan.draft' });
    await log.recordChange(database.db, author, {
      ...change,
      action: 'plan.adopted',
      reason: '再次通过',
    });
    await log.recordChange(database.db, author, {
      ...change,
      entity: 'unit',
      action: 'unit.create',
    });
    const all = await log.listSince(start, ['plan', 'unit']);
    expect(all.map((e) => e.action)).toEqual([
      'plan.adopted',
      'plan.draft',
      'plan.adopted',
      'unit.create',
    ]);
    const [adopted] = await log.list({
      entity: 'plan',
      entityId: 'P9',
      action: 'plan.adopted',
      limit: 1,
    });
    expect(adopted).toMatchObject({ reason: '再次通过', seq: all[2]?.seq });
    const since = await log.listSince(all[0]?.seq ?? 0, ['plan']);
    expect(since.map((e) => e.action)).toEqual(['plan.draft', 'plan.adopted']);
    expect(await log.listSince(start, [])).toEqual([]);
  });

  it('leaves no entry when the transaction the change belongs to rolls back', async () => {
    const log = createAuditLog(database.db, clock);
    const before = await log.latestSeq();
    await expect(
      database.db.transaction().execute(async (trx) => {
        await log.recordChange(trx, author, {
          action: 'unit.create',
          entity: 'unit',
          entityId: 'U2',
          oldValue: null,
          newValue: {},
        });
        throw new Error('the change itself failed');
      }),
    ).rejects.toThrow('the change itself failed');
    expect(await log.latestSeq()).toBe(before);
    expect(await log.list({ entityId: 'U2' })).toEqual([]);
  });
});

describe(`the settings repository on ${testEngine}`, () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.dispose());

  it('stores over the version read, and refuses a save over a version someone replaced', async () => {
    const settings = createSettingsRepository(database.db);
    const by = { at: clock.now(), actor: 'a' };
    expect(await settings.find('k')).toBeNull();
    expect(await settings.save('k', { x: 1 }, 0, by)).toBe(true);
    // A second first save and a save over a stale version both lose.
    expect(await settings.save('k', { x: 9 }, 0, by)).toBe(false);
    expect(await settings.save('k', { x: 2 }, 1, by)).toBe(true);
    expect(await settings.save('k', { x: 9 }, 1, by)).toBe(false);
    expect(await settings.find('k')).toEqual({
      value: { x: 2 },
      version: 2,
      updatedAt: clock.now(),
      updatedBy: 'a',
    });
  });
});
