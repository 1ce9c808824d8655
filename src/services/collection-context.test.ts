/**
 * The registry a write checks against is kept built between writes, and built again when a
 * unit, an indicator or its entry rules change — through any service instance on the database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCollectionRegistry } from './collection-context.ts';
import { createCollectionFixture, type CollectionFixture } from './collection-test-fixture.ts';
import { systemActor } from './ports.ts';
import { createRegistryService } from './registry-service.ts';

describe('the registry a write checks against', () => {
  let fixture: CollectionFixture;
  beforeAll(async () => {
    fixture = await createCollectionFixture();
  });
  afterAll(() => fixture.dispose());

  it('is the same built registry while nothing in it changed', async () => {
    const first = await loadCollectionRegistry(fixture.database.db);
    expect(await loadCollectionRegistry(fixture.database.db)).toBe(first);
  });

  it('holds an indicator created after it was built, by another service instance', async () => {
    await loadCollectionRegistry(fixture.database.db);
    await createRegistryService(fixture.deps).createIndicator(
      {
        code: 'PARKING',
        name: '新增公共停车泊位',
        unit: '个',
        measure: 'flow',
        cadence: 'month',
        kind: 'kpi',
        direction: 'higher',
      },
      systemActor,
    );
    expect(
      (await loadCollectionRegistry(fixture.database.db)).indicators.get('PARKING')?.unit,
    ).toBe('个');
  });

  it('holds an indicator’s entry rules as they were last set', async () => {
    await loadCollectionRegistry(fixture.database.db);
    await fixture.service.setEntryRules(
      'RETAIL',
      { minValue: 0, maxValue: 250_000, maxYoyChangePct: 30 },
      systemActor,
    );
    const retail = (await loadCollectionRegistry(fixture.database.db)).indicators.get('RETAIL');
    expect([retail?.rules.maxValue, retail?.rules.maxYoyChangePct]).toEqual([250_000, 30]);
  });

  it('holds a unit renamed after it was built', async () => {
    await loadCollectionRegistry(fixture.database.db);
    await createRegistryService(fixture.deps).updateUnit(
      'T1',
      { name: '小龙坎街道办事处' },
      systemActor,
    );
    expect((await loadCollectionRegistry(fixture.database.db)).units.get('T1')?.name).toBe(
      '小龙坎街道办事处',
    );
  });
});
