/**
 * What every part of data collection reads first: the units and indicators by code,
 * who reports what (reporting duties), and the authorization check. Shared by data
 * entry, spreadsheet exchange, review and timeliness.
 */
import type { Kysely } from 'kysely';
import { DomainError } from '../core/domain-error.ts';
import type { EntryRules } from '../core/entry-rules.ts';
import type { Measure } from '../core/measure.ts';
import { can, hasGrant, type Action } from '../core/permission.ts';
import type { ObservationState } from '../core/observation.ts';
import { yearOfPeriod, type Period, type PeriodType } from '../core/period.ts';
import { createRollupDeltas, rollupChangeOf } from '../core/rollup.ts';
import { ancestorIdsOf } from '../core/unit.ts';
import { readDutyRows, readRegistryRows } from '../store/collection-repository.ts';
import { applyRollupDeltas } from '../store/rollup-store.ts';
import { readRevision } from '../store/revision-counter.ts';
import type { KeyNumbers } from '../store/observation-store.ts';
import type { Database } from '../store/schema.ts';
import type { Actor } from './ports.ts';

export interface UnitRef {
  readonly id: string;
  /** The integer key of the unit's observations inside the database (migration 0030). */
  readonly num: number;
  readonly code: string;
  readonly name: string;
  readonly kind: 'region' | 'department';
  readonly parentId: string | null;
  readonly path: string;
  readonly sortOrder: number;
}

export interface IndicatorRef {
  readonly id: string;
  /** The integer key of the indicator's observations inside the database (migration 0030). */
  readonly num: number;
  readonly code: string;
  readonly name: string;
  readonly nameEn: string;
  readonly unit: string;
  readonly measure: Measure;
  readonly cadence: PeriodType;
  readonly decimals: number;
  readonly rules: EntryRules;
  /** The department that reports this indicator on behalf of its region, if any. */
  readonly ownerUnitId: string | null;
}

/** Units and indicators, by code and by id. */
export interface CollectionRegistry {
  readonly units: ReadonlyMap<string, UnitRef>;
  readonly unitsById: ReadonlyMap<string, UnitRef>;
  readonly indicators: ReadonlyMap<string, IndicatorRef>;
  readonly indicatorsById: ReadonlyMap<string, IndicatorRef>;
  readonly ancestorsOf: (unitId: string) => readonly string[];
  /** The integer keys by id, for writes. */
  readonly numbers: KeyNumbers;
  /** Indicators by their integer key, for rows read from the cells. */
  readonly indicatorsByNum: ReadonlyMap<number, IndicatorRef>;
}

/** The registry last built per database handle, with the registry revision it was built at. */
const builtRegistries = new WeakMap<
  Kysely<Database>,
  { readonly revision: number; readonly registry: CollectionRegistry }
>();

/**
 * The units and indicators every write checks against, built again only when the registry's
 * revision moved (every unit and indicator write bumps it in its transaction, in any instance):
 * a batch of ten rows should not read and index the whole registry.
 */
export async function loadCollectionRegistry(db: Kysely<Database>): Promise<CollectionRegistry> {
  const revision = await readRevision(db, 'registry.revision');
  const built = builtRegistries.get(db);
  if (built?.revision === revision) return built.registry;
  const registry = await buildCollectionRegistry(db);
  builtRegistries.set(db, { revision, registry });
  return registry;
}

async function buildCollectionRegistry(db: Kysely<Database>): Promise<CollectionRegistry> {
  const { units, indicators } = await readRegistryRows(db);
  const unitRefs = units.map((u): UnitRef => ({
    id: u.id,
    num: u.num,
    code: u.code,
    name: u.name,
    kind: u.kind,
    parentId: u.parent_id,
    path: u.path,
    sortOrder: u.sort_order,
  }));
  const indicatorRefs = indicators.map((i): IndicatorRef => ({
    id: i.id,
    num: i.num,
    code: i.code,
    name: i.name,
    nameEn: i.name_en,
    unit: i.unit,
    measure: i.measure,
    cadence: i.cadence as PeriodType,
    decimals: i.decimals,
    rules: {
      measure: i.measure,
      minValue: i.min_value,
      maxValue: i.max_value,
      maxYoyChangePct: i.max_yoy_change_pct,
      maxMagnitude: i.max_magnitude,
    },
    ownerUnitId: i.owner_unit_id,
  }));
  const unitsById = new Map(unitRefs.map((u) => [u.id, u]));
  const indicatorsById = new Map(indicatorRefs.map((i) => [i.id, i]));
  const ancestors = new Map(unitRefs.map((u) => [u.id, ancestorIdsOf(u.path)]));
  return {
    units: new Map(unitRefs.map((u) => [u.code, u])),
    unitsById,
    indicators: new Map(indicatorRefs.map((i) => [i.code, i])),
    indicatorsById,
    indicatorsByNum: new Map(indicatorRefs.map((i) => [i.num, i])),
    ancestorsOf: (unitId) => ancestors.get(unitId) ?? [],
    numbers: {
      indicator: (id) => numberOf(indicatorsById.get(id), 'indicator', id),
      unit: (id) => numberOf(unitsById.get(id), 'unit', id),
    },
  };
}

/** Cells read by their integer keys, named by the indicator's id as the services name them. */
export const withIndicatorIds = <Cell extends { indicator_num: number }>(
  registry: CollectionRegistry,
  cells: readonly Cell[],
): (Cell & { indicator_id: string })[] =>
  cells.map((c) => {
    const indicator = registry.indicatorsByNum.get(c.indicator_num);
    if (!indicator) throw new Error(`indicator ${c.indicator_num} is not in the registry`);
    return { ...c, indicator_id: indicator.id };
  });

const numberOf = (ref: { num: number } | undefined, kind: string, id: string) => {
  // The registry is read before every write; a row it does not know is a programming error.
  if (!ref) throw new Error(`${kind} ${id} is not in the registry`);
  return ref.num;
};

/**
 * Whether the actor may write this indicator's values for this unit: within their scope, or
 * as the indicator's owner department reporting on behalf of the region it belongs to
 * (区人力社保局 enters 城镇新增就业 for the district, which then counts once, as the
 * district's own figure, not beside the towns').
 */
export function mayReport(
  actor: Actor,
  registry: CollectionRegistry,
  unit: UnitRef,
  indicator: IndicatorRef | undefined,
): boolean {
  if (can(actor, 'observation.write', unit.path)) return true;
  const owner = indicator?.ownerUnitId ? registry.unitsById.get(indicator.ownerUnitId) : undefined;
  return (
    owner !== undefined &&
    regionOf(registry, owner)?.id === unit.id &&
    can(actor, 'observation.write', owner.path)
  );
}

/** The indicators a department reports on its region's behalf, for a period type, in code order. */
export function ownedIndicators(
  registry: CollectionRegistry,
  unit: UnitRef,
  type: PeriodType,
): IndicatorRef[] {
  if (unit.kind !== 'department') return [];
  return [...registry.indicators.values()]
    .filter((i) => i.ownerUnitId === unit.id && i.cadence === type)
    .sort((a, b) => a.code.localeCompare(b.code));
}

/** The region a unit belongs to: itself for a region, else the nearest region above it. */
export function regionOf(registry: CollectionRegistry, unit: UnitRef): UnitRef | undefined {
  let current: UnitRef | undefined = unit;
  while (current && current.kind !== 'region')
    current = current.parentId ? registry.unitsById.get(current.parentId) : undefined;
  return current;
}

export function requireUnit(registry: CollectionRegistry, code: string): UnitRef {
  const unit = registry.units.get(code);
  if (!unit) throw new DomainError('NOT_FOUND', `找不到单位“${code}”`, `Unit ${code} not found`);
  return unit;
}

export function requireIndicator(registry: CollectionRegistry, code: string): IndicatorRef {
  const indicator = registry.indicators.get(code);
  if (!indicator)
    throw new DomainError('NOT_FOUND', `找不到指标“${code}”`, `Indicator ${code} not found`);
  return indicator;
}

const actionLabels: Record<Action, string> = {
  'unit.write': '维护单位',
  'indicator.write': '维护指标',
  'plan.write': '编辑计划',
  'plan.adopt': '通过计划',
  'observation.write': '填报数据',
  'observation.review': '审核数据',
  'task-progress.write': '填报任务进展',
  'task-progress.review': '审核任务进展',
  'user.manage': '管理用户',
  'project.write': '维护重点项目',
  'comment.write': '发表意见和回复',
  'comment.instruct': '录入领导批示',
};

/** Throws FORBIDDEN when no role grants the action, OUT_OF_SCOPE when the unit is outside the actor's units. */
export function authorize(actor: Actor, action: Action, unit: { path: string; code: string }) {
  requireGrant(actor, action);
  if (!can(actor, action, unit.path))
    throw new DomainError(
      'OUT_OF_SCOPE',
      `无权${actionLabels[action]}：单位“${unit.code}”不在您的管辖范围内`,
      `not allowed to ${action} for unit ${unit.code}: outside your units`,
      { details: { action, unit: unit.code } },
    );
}

/** Throws FORBIDDEN when none of the actor's roles grants the action anywhere. */
export function requireGrant(actor: Actor, action: Action) {
  if (!hasGrant(actor, action))
    throw new DomainError(
      'FORBIDDEN',
      `您的角色无权${actionLabels[action]}`,
      `your role may not ${action}`,
      { details: { action } },
    );
}

/**
 * Reporting duties (who reports which indicator), by unit id. A unit with rows in
 * indicator_unit reports exactly those indicators; a unit without any reports what it
 * has reported itself, on the indicator's cadence, this year or last (the demo's towns
 * and district), so a district starts from its history and narrows it by assignment.
 * Sensor readings are no duty.
 */
export async function loadDuties(
  db: Kysely<Database>,
  year: number,
): Promise<Map<string, Set<string>>> {
  const { assigned, reported } = await readDutyRows(db, year);
  const duties = new Map<string, Set<string>>();
  const add = (unitId: string, indicatorId: string) => {
    let set = duties.get(unitId);
    if (!set) duties.set(unitId, (set = new Set()));
    set.add(indicatorId);
  };
  for (const a of assigned) add(a.unit_id, a.indicator_id);
  const hasAssignments = new Set(duties.keys());
  for (const r of reported) if (!hasAssignments.has(r.unit_id)) add(r.unit_id, r.indicator_id);
  return duties;
}

/** The indicators a unit reports for a period type, in code order. */
export function dueIndicators(
  registry: CollectionRegistry,
  duties: ReadonlyMap<string, ReadonlySet<string>>,
  unitId: string,
  type: PeriodType,
): IndicatorRef[] {
  const ids = duties.get(unitId);
  if (!ids) return [];
  return [...ids]
    .map((id) => registry.indicatorsById.get(id))
    .filter((i): i is IndicatorRef => i !== undefined && i.cadence === type)
    .sort((a, b) => a.code.localeCompare(b.code));
}

/**
 * What a unit's form of a period type holds, and the unit its values are stored on: a
 * department's form holds the district-wide figures it reports on its region's behalf, read
 * from and written to the region (reportedFor), so they count once; any other form holds the
 * unit's own duties.
 */
export function formOf(
  registry: CollectionRegistry,
  duties: ReadonlyMap<string, ReadonlySet<string>>,
  unit: UnitRef,
  type: PeriodType,
): { indicators: IndicatorRef[]; valueUnit: UnitRef; reportedFor?: UnitRef } {
  const region = unit.kind === 'department' ? regionOf(registry, unit) : undefined;
  const owned = ownedIndicators(registry, unit, type);
  if (region && owned.length > 0)
    return { indicators: owned, valueUnit: region, reportedFor: region };
  return { indicators: dueIndicators(registry, duties, unit.id, type), valueUnit: unit };
}

/** A unit and every unit below it, in registry order. */
export const unitsUnder = (registry: CollectionRegistry, root: UnitRef): UnitRef[] =>
  [...registry.units.values()].filter((u) => u.path.startsWith(root.path));

/** The observation states that count as reported: submitted, or approved after it. */
export const reportedStates = ['submitted', 'approved'] as const;

/**
 * Keeps the roll-up in step when observations of one unit and period change state (submit,
 * approve, return, reopen): what counted before leaves its bucket, what counts now enters.
 */
export async function applyStateChangeToRollup(
  trx: Kysely<Database>,
  registry: CollectionRegistry,
  unit: UnitRef,
  period: Period,
  rows: readonly { indicator_id: string; value: number; state: ObservationState }[],
  to: ObservationState,
): Promise<void> {
  const deltas = createRollupDeltas();
  const ancestors = registry.ancestorsOf(unit.id);
  for (const r of rows)
    deltas.add(
      { indicatorId: r.indicator_id, periodId: period.id, year: yearOfPeriod(period) },
      ancestors,
      rollupChangeOf(r, { value: r.value, state: to }),
    );
  await applyRollupDeltas(trx, deltas.values(), registry.numbers);
}
