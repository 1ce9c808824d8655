/**
 * An indicator's own magnitude bound (issue 9 §1): set with its entry rules, kept when a
 * later save leaves it out, refused when it contradicts the bounds, and every entry of the
 * indicator beyond it refused — the form, the batch and the upload alike.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '../store/test-database.ts';
import { createCollectionFixture, type CollectionFixture } from './collection-test-fixture.ts';
import { systemActor } from './ports.ts';

describe(`an indicator's magnitude bound on ${testEngine}`, () => {
  let f: CollectionFixture;
  beforeAll(async () => {
    f = await createCollectionFixture();
    // 空气质量优良天数比例 is a percentage: no value of it can be beyond ±100.
    await f.service.setEntryRules(
      'GOODAIR',
      { minValue: null, maxValue: null, maxYoyChangePct: null, maxMagnitude: 100 },
      systemActor,
    );
  });
  afterAll(() => f.dispose());

  it('refuses an entry beyond the bound and saves one on it', async () => {
    const beyond = await f.service.saveEntries(
      [{ unit: 'T1', indicator: 'GOODAIR', period: '202501', value: 100.5, version: 0 }],
      systemActor,
    );
    expect(beyond).toMatchObject({ ok: false, problems: [{ rule: 'beyond-magnitude' }] });
    expect(await f.stored('T1', 'GOODAIR', '202501')).toBeUndefined();
    const on = await f.service.saveEntries(
      [{ unit: 'T1', indicator: 'GOODAIR', period: '202501', value: 100, version: 0 }],
      systemActor,
    );
    expect(on.ok).toBe(true);
  });

  it('refuses an upload row beyond the bound, writing nothing of the file', async () => {
    const csv = [
      '单位编码,指标编码,期间编码,本期数值',
      'T1,GOODAIR,202502,90',
      'T2,GOODAIR,202502,-250',
    ];
    const job = await f.service.upload(
      { fileName: 'air.csv', contentBase64: Buffer.from(csv.join('\n')).toString('base64') },
      systemActor,
    );
    expect(job).toMatchObject({ status: 'rejected', problemCount: 1 });
    expect(job.problems[0]).toMatchObject({ row: 3, rule: 'beyond-magnitude' });
    expect(await f.stored('T1', 'GOODAIR', '202502')).toBeUndefined();
  });

  it('keeps the bound when the rules are saved without it, and clears it with null', async () => {
    const kept = await f.service.setEntryRules(
      'GOODAIR',
      { minValue: 0, maxValue: 100, maxYoyChangePct: null },
      systemActor,
    );
    expect(kept.maxMagnitude).toBe(100);
    const form = await f.service.getForm('T1', '202503', systemActor);
    expect(form.lines.find((l) => l.indicatorCode === 'GOODAIR')?.rules.maxMagnitude).toBe(100);
    const cleared = await f.service.setEntryRules(
      'GOODAIR',
      { minValue: 0, maxValue: 100, maxYoyChangePct: null, maxMagnitude: null },
      systemActor,
    );
    expect(cleared.maxMagnitude).toBeNull();
    const wide = await f.service.saveEntries(
      [{ unit: 'T2', indicator: 'GOODAIR', period: '202501', value: 99, version: 0 }],
      systemActor,
    );
    expect(wide.ok).toBe(true);
  });

  it('keeps a bound as set, to the last digit (a double, not a single float)', async () => {
    await f.service.setEntryRules(
      'GDP',
      { minValue: null, maxValue: null, maxYoyChangePct: null, maxMagnitude: 123_456_789.125 },
      systemActor,
    );
    const form = await f.service.getForm('T1', '2025Q1', systemActor);
    expect(form.lines.find((l) => l.indicatorCode === 'GDP')?.rules.maxMagnitude).toBe(
      123_456_789.125,
    );
  });

  it('refuses bounds beyond the magnitude bound they sit under', async () => {
    await expect(
      f.service.setEntryRules(
        'EMPLOY',
        { minValue: null, maxValue: 2_000_000, maxYoyChangePct: 50, maxMagnitude: 1_000_000 },
        systemActor,
      ),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
