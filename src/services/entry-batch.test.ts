/**
 * A write that follows its check reuses what the check read only while nothing has been
 * written since: a value approved, entered or changed between the check and the write is
 * still seen by the write and refused, never overwritten.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCollectionRegistry } from './collection-context.ts';
import { createCollectionFixture, type CollectionFixture } from './collection-test-fixture.ts';
import { checkEntryBatch, writeEntryBatch, type EntryItem } from './entry-batch.ts';
import { systemActor } from './ports.ts';
import { readChangeMark } from '../store/observation-cells.ts';
import { testEngine } from '../store/test-database.ts';

describe(`the write after a check on ${testEngine}`, () => {
  let f: CollectionFixture;
  beforeAll(async () => {
    f = await createCollectionFixture();
  });
  afterAll(() => f.dispose());

  const item = (periodId: string, entered: number): EntryItem => ({
    unitCode: 'T1',
    indicatorCode: 'EMPLOY',
    periodId,
    entered,
    mode: 'period',
    comment: '',
    expectedVersion: null,
  });

  const check = async (items: EntryItem[], state: 'draft' | 'approved' = 'draft') => {
    const registry = await loadCollectionRegistry(f.database.db);
    const batch = await checkEntryBatch(f.deps, registry, items, systemActor, {
      source: 'entered',
      state,
      skipUnchanged: false,
    });
    expect(batch.issues).toEqual([]);
    const write = () =>
      writeEntryBatch(f.deps, registry, items, batch, systemActor, {
        action: 'test',
        entityId: 'test',
        reason: '',
      });
    return { batch, write };
  };

  it('refuses a value approved between its check and its write', async () => {
    const late = await check([item('202501', 10)]);
    const approving = await check([item('202501', 12)], 'approved');
    expect((await approving.write()).ok).toBe(true);

    const written = await late.write();
    expect(written.ok).toBe(false);
    if (!written.ok) expect(written.issues.map((i) => i.rule)).toEqual(['locked']);
    expect((await f.stored('T1', 'EMPLOY', '202501'))?.value).toBe(12);
  });

  it('refuses a new value when another was entered between its check and its write', async () => {
    const late = await check([item('202502', 20)]);
    expect((await (await check([item('202502', 21)])).write()).ok).toBe(true);

    const written = await late.write();
    expect(written.ok).toBe(false);
    if (!written.ok) expect(written.issues.map((i) => i.rule)).toEqual(['conflict']);
    const stored = await f.stored('T1', 'EMPLOY', '202502');
    expect({ value: stored?.value, version: stored?.version }).toEqual({ value: 21, version: 1 });
  });

  it('refuses a value whose stored draft was deleted between its check and its write', async () => {
    expect((await (await check([item('202504', 40)])).write()).ok).toBe(true);
    const late = await check([item('202504', 41)]);
    const stored = await f.stored('T1', 'EMPLOY', '202504');
    await f.database.db
      .deleteFrom('observation_cell')
      .where('period_id', '=', '202504')
      .where('version', '=', stored!.version)
      .execute();

    const written = await late.write();
    expect(written.ok).toBe(false);
    if (!written.ok) expect(written.issues.map((i) => i.rule)).toEqual(['conflict']);
    expect(await f.stored('T1', 'EMPLOY', '202504')).toBeUndefined();
  });

  it('writes a batch of new and stored values whole after its check, with their versions', async () => {
    expect((await (await check([item('202505', 50)])).write()).ok).toBe(true);
    const both = await check([item('202505', 51), item('202506', 60)]);
    const written = await both.write();
    expect(written.ok && written.written).toEqual({
      inserted: 1,
      updated: 1,
      // By row of the batch: the stored value moved to version 2, the new one is version 1.
      versions: [2, 1],
    });
    expect((await f.stored('T1', 'EMPLOY', '202505'))?.value).toBe(51);
    expect((await f.stored('T1', 'EMPLOY', '202506'))?.value).toBe(60);
  });

  it('marks the database anew with every write (SQLite), and not without one', async () => {
    const before = await readChangeMark(f.database.db, f.database.engine);
    if (f.database.engine === 'postgres') {
      expect(before).toBeNull();
      return;
    }
    expect(await readChangeMark(f.database.db, f.database.engine)).toBe(before);
    expect((await (await check([item('202503', 30)])).write()).ok).toBe(true);
    expect(await readChangeMark(f.database.db, f.database.engine)).not.toBe(before);
  });
});
