/**
 * Categories carry an English name (migration 0027), as units and indicators do, so the
 * English cockpit can show the category tree in English; the demo fills every one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '../store/test-database.ts';
import { createDemoFixture, readDemoData, type DemoFixture } from './collection-test-fixture.ts';
import { systemActor } from './ports.ts';

describe(`category names in English on ${testEngine}`, () => {
  let f: DemoFixture;
  beforeAll(async () => {
    f = await createDemoFixture('2025-11-20T02:00:00.000Z');
  }, 120_000);
  afterAll(() => f.dispose());

  it('gives every category of the demo the English name of its table', async () => {
    const table = new Map(readDemoData().indicators.categories.map((c) => [c.code, c.nameEn]));
    const categories = await f.services.registry.listCategories();
    expect(categories.length).toBe(table.size);
    for (const c of categories) {
      expect(c.nameEn, c.code).toBe(table.get(c.code));
      expect(c.nameEn, c.code).toMatch(/^[\x20-\x7e]+$/);
    }
    expect(categories.find((c) => c.code === 'ECO.FIS.REV')).toMatchObject({
      name: '财政收入',
      nameEn: 'Revenue',
    });
  });

  it('keeps a category without English as empty, for the web to show the Chinese marked', async () => {
    const made = await f.services.registry.createCategory(
      { code: 'TEST.ZH', name: '测试分类', parentCode: null },
      systemActor,
    );
    expect(made.nameEn).toBe('');
    const stored = (await f.services.registry.listCategories()).find((c) => c.code === 'TEST.ZH');
    expect(stored).toMatchObject({ name: '测试分类', nameEn: '' });
  });
});
