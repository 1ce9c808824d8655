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
import { authorize } from '../core/permission.ts';
import { createAuditLog, type AuditChange } from '../store/audit-log.ts';
import { createRegistryRepository } from '../store/registry-repository.ts';
import { bumpRevision } from '../store/revision-counter.ts';
import type { Database, IndicatorTable, UnitTable } from '../store/schema.ts';
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
  /** '' when the category has no English name. */
  readonly nameEn: string;
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
  const registry = createRegistryRepository(db);
  const auditLog = createAuditLog(db, deps.clock);

  async function listUnits(): Promise<Unit[]> {
    return (await registry.listUnits()).map(toUnit);
  }

  async function findUnitByCode(code: string, trx: Kysely<Database> = db): Promise<Unit> {
    const row = await registry.findUnitByCode(code, trx);
    if (!row) throw new DomainError('NOT_FOUND', `找不到单位“${code}”`, `Unit ${code} not found`);
    return toUnit(row);
  }

  /** A new unit is created within its parent; a top-level one needs the whole tree ('/'). */
  async function createUnit(input: UnitInput, actor: Actor): Promise<Unit> {
    return db.transaction().execute(async (trx) => {
      const parent = input.parentCode === null ? null : await findUnitByCode(input.parentCode, trx);
      authorize(actor, 'unit.write', [parent?.path ?? '/']);
      if (await registry.findUnitByCode(input.code, trx))
        throw new DomainError(
          'CONFLICT',
          `单位编码“${input.code}”已存在`,
          `Unit code ${input.code} already exists`,
        );
      const id = deps.ids.next();
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
        sort_order: await registry.countUnits(trx),
      };
      await registry.insertUnit(row, trx);
      await bumpRevision(trx, 'registry.revision', deps.clock.now(), actor.id);
      await record(trx, actor, 'unit.create', 'unit', id, null, row);
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
      const before = await registry.findUnitByCode(code, trx);
      if (!before)
        throw new DomainError('NOT_FOUND', `找不到单位“${code}”`, `Unit ${code} not found`);
      authorize(actor, 'unit.write', [before.path]);
      const after: UnitTable = {
        ...before,
        name: patch.name ?? before.name,
        name_en: patch.nameEn ?? before.name_en,
        level: patch.level ?? before.level,
        keywords: patch.keywords ? JSON.stringify(patch.keywords) : before.keywords,
      };
      await registry.updateUnit(after, trx);
      await bumpRevision(trx, 'registry.revision', deps.clock.now(), actor.id);
      await record(trx, actor, 'unit.update', 'unit', before.id, before, after, reason);
      return toUnit(after);
    });
  }

  async function listCategories(): Promise<CategoryNode[]> {
    return registry.listCategories();
  }

  async function listIndicators(): Promise<IndicatorWithCategories[]> {
    const [rows, byIndicator] = await Promise.all([
      registry.listIndicators(),
      registry.listIndicatorCategoryCodes(),
    ]);
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
    authorize(actor, 'indicator.write');
    return db.transaction().execute(async (trx) => {
      if (await registry.findIndicatorByCode(input.code, trx))
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
        const owner = await registry.findUnitByCode(input.ownerUnitCode, trx);
        if (!owner || owner.kind !== 'department')
          throw new DomainError(
            'VALIDATION_FAILED',
            `报送部门“${input.ownerUnitCode}”不存在或不是部门`,
            `owner ${input.ownerUnitCode} is not a department`,
          );
        ownerUnitId = owner.id;
      }
      await registry.insertIndicator(row, ownerUnitId, trx);
      await bumpRevision(trx, 'registry.revision', deps.clock.now(), actor.id);
      for (const categoryCode of input.categoryCodes ?? []) {
        const categoryId = await registry.findCategoryId(categoryCode, trx);
        if (categoryId === undefined)
          throw new DomainError(
            'NOT_FOUND',
            `找不到指标分类“${categoryCode}”`,
            `Category ${categoryCode} not found`,
          );
        await registry.linkIndicatorCategory(id, categoryId, trx);
      }
      await record(trx, actor, 'indicator.create', 'indicator', id, null, row);
      return toIndicator(row, input.categoryCodes ?? []);
    });
  }

  async function updateIndicator(
    code: string,
    patch: Partial<Omit<IndicatorInput, 'code' | 'categoryCodes'>>,
    actor: Actor,
    reason = '',
  ): Promise<IndicatorWithCategories> {
    authorize(actor, 'indicator.write');
    await db.transaction().execute(async (trx) => {
      const before = await registry.findIndicatorByCode(code, trx);
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
      await registry.updateIndicator(after, trx);
      await bumpRevision(trx, 'registry.revision', deps.clock.now(), actor.id);
      await record(trx, actor, 'indicator.update', 'indicator', before.id, before, after, reason);
    });
    return findIndicatorByCode(code);
  }

  async function createCategory(
    input: { code: string; name: string; nameEn?: string; parentCode: string | null },
    actor: Actor,
  ): Promise<CategoryNode> {
    authorize(actor, 'unit.write');
    return db.transaction().execute(async (trx) => {
      const parentId =
        input.parentCode === null ? null : await registry.findCategoryId(input.parentCode, trx);
      if (input.parentCode !== null && parentId === undefined)
        throw new DomainError(
          'NOT_FOUND',
          `找不到上级分类“${input.parentCode}”`,
          `Category ${input.parentCode} not found`,
        );
      const id = deps.ids.next();
      const row = {
        id,
        code: input.code,
        name: input.name,
        name_en: input.nameEn ?? '',
        parent_id: parentId ?? null,
        sort_order: await registry.countCategories(trx),
      };
      await registry.insertCategory(row, trx);
      await record(trx, actor, 'category.create', 'category', id, null, row);
      return {
        id,
        code: input.code,
        name: input.name,
        nameEn: input.nameEn ?? '',
        parentCode: input.parentCode,
      };
    });
  }

  const record = (
    trx: Kysely<Database>,
    actor: Actor,
    action: string,
    entity: string,
    entityId: string,
    oldValue: unknown,
    newValue: unknown,
    reason = '',
  ) => {
    const change: AuditChange = { action, entity, entityId, oldValue, newValue, reason };
    return auditLog.recordChange(trx, actor, change);
  };

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
