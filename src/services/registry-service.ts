/**
 * The registry: units, indicator categories and indicators — reading them, and
 * editing them with every change in the audit log.
 */
import type { Kysely } from 'kysely';
import { DomainError } from '../core/domain-error.ts';
import type { Indicator } from '../core/indicator.ts';
import { asIndicatorId, asUnitId } from '../core/ids.ts';
import type { PeriodType } from '../core/period.ts';
import { childPath, type Unit } from '../core/unit.ts';
import { insertAudit } from '../store/observation-store.ts';
import { bumpRevision } from '../store/revision-counter.ts';
import type { Database, IndicatorTable, UnitTable } from '../store/schema.ts';
import { buildAuditEntry } from './audit-service.ts';
import type { Actor, ServiceDeps } from './ports.ts';

export interface IndicatorWithCategories extends Indicator {
  readonly nameEn: string;
  readonly source: string;
  readonly categoryCodes: readonly string[];
}

export interface CategoryNode {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly parentCode: string | null;
}

export const toUnit = (row: UnitTable): Unit => ({
  id: asUnitId(row.id),
  code: row.code,
  name: row.name,
  nameEn: row.name_en,
  kind: row.kind,
  level: row.level,
  parentId: row.parent_id === null ? null : asUnitId(row.parent_id),
  path: row.path,
  keywords: JSON.parse(row.keywords) as string[],
});

const toIndicator = (
  row: IndicatorTable,
  categoryCodes: readonly string[],
): IndicatorWithCategories => ({
  id: asIndicatorId(row.id),
  code: row.code,
  name: row.name,
  nameEn: row.name_en,
  aliases: JSON.parse(row.aliases) as string[],
  unit: row.unit,
  kind: row.kind,
  measure: row.measure,
  direction: row.direction,
  cadence: row.cadence as PeriodType,
  decimals: row.decimals,
  source: row.source,
  categoryCodes,
});

export interface UnitInput {
  readonly code: string;
  readonly name: string;
  readonly nameEn?: string;
  readonly kind: Unit['kind'];
  readonly level: string;
  readonly parentCode: string | null;
  readonly keywords?: readonly string[];
}

export interface IndicatorInput {
  readonly code: string;
  readonly name: string;
  readonly nameEn?: string;
  readonly aliases?: readonly string[];
  readonly unit: string;
  readonly kind: Indicator['kind'];
  readonly measure: Indicator['measure'];
  readonly direction: Indicator['direction'];
  readonly cadence: PeriodType;
  readonly decimals?: number;
  readonly source?: string;
  readonly categoryCodes?: readonly string[];
  /** The department that reports it on behalf of its region (a district-wide figure). */
  readonly ownerUnitCode?: string;
}

export function createRegistryService(deps: ServiceDeps) {
  const { db } = deps.database;

  async function listUnits(): Promise<Unit[]> {
    const rows = await db
      .selectFrom('unit')
      .selectAll()
      .orderBy('sort_order')
      .orderBy('code')
      .execute();
    return rows.map(toUnit);
  }

  async function findUnitByCode(code: string, trx: Kysely<Database> = db): Promise<Unit> {
    const row = await trx
      .selectFrom('unit')
      .selectAll()
      .where('code', '=', code)
      .executeTakeFirst();
    if (!row) throw new DomainError('NOT_FOUND', `找不到单位“${code}”`, `Unit ${code} not found`);
    return toUnit(row);
  }

  async function createUnit(input: UnitInput, actor: Actor): Promise<Unit> {
    return db.transaction().execute(async (trx) => {
      const exists = await trx
        .selectFrom('unit')
        .select('id')
        .where('code', '=', input.code)
        .executeTakeFirst();
      if (exists)
        throw new DomainError(
          'CONFLICT',
          `单位编码“${input.code}”已存在`,
          `Unit code ${input.code} already exists`,
        );
      const parent = input.parentCode === null ? null : await findUnitByCode(input.parentCode, trx);
      const id = deps.ids.next();
      const count = await trx
        .selectFrom('unit')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      const row: UnitTable = {
        id,
        code: input.code,
        name: input.name,
        name_en: input.nameEn ?? '',
        kind: input.kind,
        level: input.level,
        parent_id: parent?.id ?? null,
        path: childPath(parent?.path ?? null, id),
        keywords: JSON.stringify(input.keywords ?? []),
        sort_order: Number(count.n),
      };
      await trx.insertInto('unit').values(row).execute();
      await bumpRevision(trx, 'registry.revision', deps.clock.now(), actor.id);
      await insertAudit(trx, audit(actor, 'unit.create', 'unit', id, null, row));
      return toUnit(row);
    });
  }

  async function updateUnit(
    code: string,
    patch: Partial<Pick<UnitInput, 'name' | 'nameEn' | 'keywords' | 'level'>>,
    actor: Actor,
    reason = '',
  ): Promise<Unit> {
    return db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('unit')
        .selectAll()
        .where('code', '=', code)
        .executeTakeFirst();
      if (!before)
        throw new DomainError('NOT_FOUND', `找不到单位“${code}”`, `Unit ${code} not found`);
      const after: UnitTable = {
        ...before,
        name: patch.name ?? before.name,
        name_en: patch.nameEn ?? before.name_en,
        level: patch.level ?? before.level,
        keywords: patch.keywords ? JSON.stringify(patch.keywords) : before.keywords,
      };
      await trx.updateTable('unit').set(after).where('id', '=', before.id).execute();
      await bumpRevision(trx, 'registry.revision', deps.clock.now(), actor.id);
      await insertAudit(trx, audit(actor, 'unit.update', 'unit', before.id, before, after, reason));
      return toUnit(after);
    });
  }

  async function listCategories(): Promise<CategoryNode[]> {
    const rows = await db
      .selectFrom('category as c')
      .leftJoin('category as p', 'p.id', 'c.parent_id')
      .select(['c.id', 'c.code', 'c.name', 'p.code as parentCode'])
      .orderBy('c.sort_order')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      code: r.code,
      name: r.name,
      parentCode: r.parentCode ?? null,
    }));
  }

  async function listIndicators(): Promise<IndicatorWithCategories[]> {
    const [rows, links] = await Promise.all([
      db.selectFrom('indicator').selectAll().orderBy('code').execute(),
      db
        .selectFrom('indicator_category')
        .innerJoin('category', 'category.id', 'indicator_category.category_id')
        .select(['indicator_category.indicator_id', 'category.code'])
        .execute(),
    ]);
    const byIndicator = new Map<string, string[]>();
    for (const l of links)
      byIndicator.set(l.indicator_id, [...(byIndicator.get(l.indicator_id) ?? []), l.code]);
    return rows.map((r) => toIndicator(r, byIndicator.get(r.id) ?? []));
  }

  async function findIndicatorByCode(code: string): Promise<IndicatorWithCategories> {
    const found = (await listIndicators()).find((i) => i.code === code || i.id === code);
    if (!found)
      throw new DomainError('NOT_FOUND', `找不到指标“${code}”`, `Indicator ${code} not found`);
    return found;
  }

  async function createIndicator(
    input: IndicatorInput,
    actor: Actor,
  ): Promise<IndicatorWithCategories> {
    return db.transaction().execute(async (trx) => {
      const exists = await trx
        .selectFrom('indicator')
        .select('id')
        .where('code', '=', input.code)
        .executeTakeFirst();
      if (exists)
        throw new DomainError(
          'CONFLICT',
          `指标编码“${input.code}”已存在`,
          `Indicator code ${input.code} already exists`,
        );
      const id = deps.ids.next();
      const row: IndicatorTable = {
        id,
        code: input.code,
        name: input.name,
        name_en: input.nameEn ?? '',
        aliases: JSON.stringify(input.aliases ?? []),
        unit: input.unit,
        kind: input.kind,
        measure: input.measure,
        direction: input.direction,
        cadence: input.cadence,
        decimals: input.decimals ?? 1,
        source: input.source ?? '',
      };
      let ownerUnitId: string | null = null;
      if (input.ownerUnitCode !== undefined) {
        const owner = await trx
          .selectFrom('unit')
          .select(['id', 'kind'])
          .where('code', '=', input.ownerUnitCode)
          .executeTakeFirst();
        if (!owner || owner.kind !== 'department')
          throw new DomainError(
            'VALIDATION_FAILED',
            `报送部门“${input.ownerUnitCode}”不存在或不是部门`,
            `owner ${input.ownerUnitCode} is not a department`,
          );
        ownerUnitId = owner.id;
      }
      await trx
        .insertInto('indicator')
        .values({ ...row, owner_unit_id: ownerUnitId })
        .execute();
      await bumpRevision(trx, 'registry.revision', deps.clock.now(), actor.id);
      for (const categoryCode of input.categoryCodes ?? []) {
        const category = await trx
          .selectFrom('category')
          .select('id')
          .where('code', '=', categoryCode)
          .executeTakeFirst();
        if (!category)
          throw new DomainError(
            'NOT_FOUND',
            `找不到指标分类“${categoryCode}”`,
            `Category ${categoryCode} not found`,
          );
        await trx
          .insertInto('indicator_category')
          .values({ indicator_id: id, category_id: category.id })
          .execute();
      }
      await insertAudit(trx, audit(actor, 'indicator.create', 'indicator', id, null, row));
      return toIndicator(row, input.categoryCodes ?? []);
    });
  }

  async function updateIndicator(
    code: string,
    patch: Partial<Omit<IndicatorInput, 'code' | 'categoryCodes'>>,
    actor: Actor,
    reason = '',
  ): Promise<IndicatorWithCategories> {
    await db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('indicator')
        .selectAll()
        .where('code', '=', code)
        .executeTakeFirst();
      if (!before)
        throw new DomainError('NOT_FOUND', `找不到指标“${code}”`, `Indicator ${code} not found`);
      const after: IndicatorTable = {
        ...before,
        name: patch.name ?? before.name,
        name_en: patch.nameEn ?? before.name_en,
        aliases: patch.aliases ? JSON.stringify(patch.aliases) : before.aliases,
        unit: patch.unit ?? before.unit,
        kind: patch.kind ?? before.kind,
        measure: patch.measure ?? before.measure,
        direction: patch.direction ?? before.direction,
        cadence: patch.cadence ?? before.cadence,
        decimals: patch.decimals ?? before.decimals,
        source: patch.source ?? before.source,
      };
      await trx.updateTable('indicator').set(after).where('id', '=', before.id).execute();
      await bumpRevision(trx, 'registry.revision', deps.clock.now(), actor.id);
      await insertAudit(
        trx,
        audit(actor, 'indicator.update', 'indicator', before.id, before, after, reason),
      );
    });
    return findIndicatorByCode(code);
  }

  async function createCategory(
    input: { code: string; name: string; parentCode: string | null },
    actor: Actor,
  ): Promise<CategoryNode> {
    return db.transaction().execute(async (trx) => {
      const parent =
        input.parentCode === null
          ? null
          : await trx
              .selectFrom('category')
              .select('id')
              .where('code', '=', input.parentCode)
              .executeTakeFirst();
      if (input.parentCode !== null && !parent)
        throw new DomainError(
          'NOT_FOUND',
          `找不到上级分类“${input.parentCode}”`,
          `Category ${input.parentCode} not found`,
        );
      const id = deps.ids.next();
      const count = await trx
        .selectFrom('category')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      const row = {
        id,
        code: input.code,
        name: input.name,
        parent_id: parent?.id ?? null,
        sort_order: Number(count.n),
      };
      await trx.insertInto('category').values(row).execute();
      await insertAudit(trx, audit(actor, 'category.create', 'category', id, null, row));
      return { id, code: input.code, name: input.name, parentCode: input.parentCode };
    });
  }

  const audit = (
    actor: Actor,
    action: string,
    entity: string,
    entityId: string,
    oldValue: unknown,
    newValue: unknown,
    reason = '',
  ) => buildAuditEntry(deps.clock, actor, { action, entity, entityId, oldValue, newValue, reason });

  return {
    listUnits,
    findUnitByCode,
    createUnit,
    updateUnit,
    listCategories,
    createCategory,
    listIndicators,
    findIndicatorByCode,
    createIndicator,
    updateIndicator,
  };
}

export type RegistryService = ReturnType<typeof createRegistryService>;
