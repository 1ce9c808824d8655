/**
 * The reads behind an indicator's series for a unit and its drill-down by child unit: the
 * unit's own values and the roll-up of the units below, through the `observation` and
 * `rollup` views by public ids (migration 0030).
 */
import type { Kysely } from 'kysely';
import type { ObservationState } from '../core/observation.ts';
import { rollupFigureColumns } from './rollup-store.ts';
import type { Database } from './schema.ts';

/** One subject over a range of years. */
export interface SeriesRange {
  readonly indicatorId: string;
  readonly unitId: string;
  readonly firstYear: number;
  readonly lastYear: number;
}

/** A unit's own values of an indicator in the given states over a range of years. */
export const readOwnSeries = (
  db: Kysely<Database>,
  range: SeriesRange,
  states: readonly ObservationState[],
) =>
  db
    .selectFrom('observation')
    .select(['period_id', 'value', 'source', 'state'])
    .where('indicator_id', '=', range.indicatorId)
    .where('unit_id', '=', range.unitId)
    .where('year', '>=', range.firstYear)
    .where('year', '<=', range.lastYear)
    .where('state', 'in', [...states])
    .execute();

/** The roll-up of the units below a unit, per period, over a range of years. */
export const readRolledSeries = (db: Kysely<Database>, range: SeriesRange) =>
  db
    .selectFrom('rollup')
    .select(['period_id', ...rollupFigureColumns])
    .where('indicator_id', '=', range.indicatorId)
    .where('unit_id', '=', range.unitId)
    .where('year', '>=', range.firstYear)
    .where('year', '<=', range.lastYear)
    .execute();

/** The regions directly below a unit, in their display order. */
export const readChildRegions = (db: Kysely<Database>, parentId: string) =>
  db
    .selectFrom('unit')
    .select(['id', 'code', 'name', 'name_en'])
    .where('parent_id', '=', parentId)
    .where('kind', '=', 'region')
    .orderBy('sort_order')
    .execute();

/** One indicator and period across some units. */
export interface BreakdownCells {
  readonly indicatorId: string;
  readonly periodId: string;
  readonly unitIds: readonly string[];
}

/** The units' own values in the given states. */
export const readOwnAcross = (
  db: Kysely<Database>,
  cells: BreakdownCells,
  states: readonly ObservationState[],
) =>
  db
    .selectFrom('observation')
    .select(['unit_id', 'value', 'source', 'state'])
    .where('indicator_id', '=', cells.indicatorId)
    .where('period_id', '=', cells.periodId)
    .where('unit_id', 'in', [...cells.unitIds])
    .where('state', 'in', [...states])
    .execute();

/** The roll-up of the units below each of the units. */
export const readRolledAcross = (db: Kysely<Database>, cells: BreakdownCells) =>
  db
    .selectFrom('rollup')
    .select(['unit_id', ...rollupFigureColumns])
    .where('indicator_id', '=', cells.indicatorId)
    .where('period_id', '=', cells.periodId)
    .where('unit_id', 'in', [...cells.unitIds])
    .execute();
