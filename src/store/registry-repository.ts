/**
 * The registry repository: units, indicator categories and indicators as stored rows.
 * Every method takes the caller's executor when it is part of a transaction, so a
 * registry edit and its audit entry commit (or roll back) together.
 */
import type { Kysely } from 'kysely';
import type { CategoryTable, Database, IndicatorTable, UnitTable } from './schema.ts';

export interface CategoryRow {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly nameEn: string;
  readonly parentCode: string | null;
}

export interface RegistryRepository {
  listUnits(): Promise<UnitTable[]>;
  findUnitByCode(code: string, executor?: Kysely<Database>): Promise<UnitTable | undefined>;
  findUnitById(id: string, executor?: Kysely<Database>): Promise<UnitTable | undefined>;
  /** The units of the codes that exist; a code with no unit is left out. */
  findUnitsByCodes(codes: readonly string[], executor?: Kysely<Database>): Promise<UnitTable[]>;
  countUnits(executor?: Kysely<Database>): Promise<number>;
  insertUnit(row: UnitTable, executor?: Kysely<Database>): Promise<void>;
  updateUnit(row: UnitTable, executor?: Kysely<Database>): Promise<void>;
  listCategories(): Promise<CategoryRow[]>;
  findCategoryId(code: string, executor?: Kysely<Database>): Promise<string | undefined>;
  countCategories(executor?: Kysely<Database>): Promise<number>;
  insertCategory(row: CategoryTable, executor?: Kysely<Database>): Promise<void>;
  listIndicators(): Promise<IndicatorTable[]>;
  /** Each indicator's category codes, by indicator id. */
  listIndicatorCategoryCodes(): Promise<Map<string, string[]>>;
  findIndicatorByCode(
    code: string,
    executor?: Kysely<Database>,
  ): Promise<IndicatorTable | undefined>;
  findIndicatorById(id: string): Promise<IndicatorTable | undefined>;
  insertIndicator(
    row: IndicatorTable,
    ownerUnitId: string | null,
    executor?: Kysely<Database>,
  ): Promise<void>;
  updateIndicator(row: IndicatorTable, executor?: Kysely<Database>): Promise<void>;
  /** Sets the bounds data entry checks an indicator's values against, and nothing else. */
  setIndicatorEntryRules(
    indicatorId: string,
    rules: {
      readonly min_value: number | null;
      readonly max_value: number | null;
      readonly max_yoy_change_pct: number | null;
      readonly max_magnitude: number | null;
    },
    executor?: Kysely<Database>,
  ): Promise<void>;
  linkIndicatorCategory(
    indicatorId: string,
    categoryId: string,
    executor?: Kysely<Database>,
  ): Promise<void>;
}

export function createRegistryRepository(db: Kysely<Database>): RegistryRepository {
  return {
    listUnits: () =>
      db.selectFrom('unit').selectAll().orderBy('sort_order').orderBy('code').execute(),
    findUnitByCode: (code, executor = db) =>
      executor.selectFrom('unit').selectAll().where('code', '=', code).executeTakeFirst(),
    findUnitById: (id, executor = db) =>
      executor.selectFrom('unit').selectAll().where('id', '=', id).executeTakeFirst(),
    findUnitsByCodes: async (codes, executor = db) =>
      codes.length === 0
        ? []
        : executor
            .selectFrom('unit')
            .selectAll()
            .where('code', 'in', [...codes])
            .execute(),
    async countUnits(executor = db) {
      const row = await executor
        .selectFrom('unit')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async insertUnit(row, executor = db) {
      await executor.insertInto('unit').values(row).execute();
    },
    async updateUnit(row, executor = db) {
      await executor.updateTable('unit').set(row).where('id', '=', row.id).execute();
    },
    async listCategories() {
      const rows = await db
        .selectFrom('category as c')
        .leftJoin('category as p', 'p.id', 'c.parent_id')
        .select(['c.id', 'c.code', 'c.name', 'c.name_en', 'p.code as parentCode'])
        .orderBy('c.sort_order')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        code: r.code,
        name: r.name,
        nameEn: r.name_en,
        parentCode: r.parentCode ?? null,
      }));
    },
    async findCategoryId(code, executor = db) {
      const row = await executor
        .selectFrom('category')
        .select('id')
        .where('code', '=', code)
        .executeTakeFirst();
      return row?.id;
    },
    async countCategories(executor = db) {
      const row = await executor
        .selectFrom('category')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async insertCategory(row, executor = db) {
      await executor.insertInto('category').values(row).execute();
    },
    listIndicators: () => db.selectFrom('indicator').selectAll().orderBy('code').execute(),
    async listIndicatorCategoryCodes() {
      const links = await db
        .selectFrom('indicator_category')
        .innerJoin('category', 'category.id', 'indicator_category.category_id')
        .select(['indicator_category.indicator_id', 'category.code'])
        .execute();
      const byIndicator = new Map<string, string[]>();
      for (const l of links)
        byIndicator.set(l.indicator_id, [...(byIndicator.get(l.indicator_id) ?? []), l.code]);
      return byIndicator;
    },
    findIndicatorByCode: (code, executor = db) =>
      executor.selectFrom('indicator').selectAll().where('code', '=', code).executeTakeFirst(),
    findIndicatorById: (id) =>
      db.selectFrom('indicator').selectAll().where('id', '=', id).executeTakeFirst(),
    async insertIndicator(row, ownerUnitId, executor = db) {
      await executor
        .insertInto('indicator')
        .values({ ...row, owner_unit_id: ownerUnitId })
        .execute();
    },
    async updateIndicator(row, executor = db) {
      await executor.updateTable('indicator').set(row).where('id', '=', row.id).execute();
    },
    async setIndicatorEntryRules(indicatorId, rules, executor = db) {
      await executor.updateTable('indicator').set(rules).where('id', '=', indicatorId).execute();
    },
    async linkIndicatorCategory(indicatorId, categoryId, executor = db) {
      await executor
        .insertInto('indicator_category')
        .values({ indicator_id: indicatorId, category_id: categoryId })
        .execute();
    },
  };
}
