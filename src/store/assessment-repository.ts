/**
 * What assessing a plan reads: the plan and its live targets, then — for the targets'
 * indicators and units over the plan's year and the one before — the counted values,
 * the roll-up rows, and which indicators had simulated history last year.
 */
import type { Kysely } from 'kysely';
import type { ObservationState } from '../core/observation.ts';
import { rollupFigureColumns } from './rollup-store.ts';
import type { Database } from './schema.ts';

/** The plan and its targets that are not rejected; throws when the plan does not exist. */
export async function readPlanTargets(db: Kysely<Database>, planId: string) {
  const plan = await db
    .selectFrom('plan')
    .selectAll()
    .where('id', '=', planId)
    .executeTakeFirstOrThrow();
  const targets = await db
    .selectFrom('target')
    .selectAll()
    .where('plan_id', '=', planId)
    .where('status', '!=', 'rejected')
    .execute();
  return { plan, targets };
}

export const readIndicatorsById = (db: Kysely<Database>, indicatorIds: readonly string[]) =>
  db
    .selectFrom('indicator')
    .selectAll()
    .where('id', 'in', [...indicatorIds])
    .execute();

/** The units' own values of the indicators in `years`, in one of the counted `states`. */
export const readOwnValues = (
  db: Kysely<Database>,
  scope: { indicatorIds: readonly string[]; unitIds: readonly string[]; years: readonly number[] },
  states: readonly ObservationState[],
) =>
  db
    .selectFrom('observation')
    .select(['indicator_id', 'unit_id', 'period_id', 'value', 'year'])
    .where('indicator_id', 'in', [...scope.indicatorIds])
    .where('unit_id', 'in', [...scope.unitIds])
    .where('year', 'in', [...scope.years])
    // Every period id begins with its year: a range of the key (0030 dropped the year indexes).
    .where('period_id', '>=', String(Math.min(...scope.years)))
    .where('period_id', '<', String(Math.max(...scope.years) + 1))
    .where('state', 'in', [...states])
    .execute();

/** The roll-up rows (every counted figure column) of the units and indicators in `years`. */
export const readRollupRows = (
  db: Kysely<Database>,
  scope: { indicatorIds: readonly string[]; unitIds: readonly string[]; years: readonly number[] },
) =>
  db
    .selectFrom('rollup')
    .select(['indicator_id', 'unit_id', 'period_id', 'year', ...rollupFigureColumns])
    .where('indicator_id', 'in', [...scope.indicatorIds])
    .where('unit_id', 'in', [...scope.unitIds])
    .where('year', 'in', [...scope.years])
    // Every period id begins with its year: a range of the key (0030 dropped the year indexes).
    .where('period_id', '>=', String(Math.min(...scope.years)))
    .where('period_id', '<', String(Math.max(...scope.years) + 1))
    .execute();

/** The indicators, of those given, with simulated values in `year`. */
export const readSimulatedIndicators = (
  db: Kysely<Database>,
  indicatorIds: readonly string[],
  year: number,
) =>
  db
    .selectFrom('observation')
    .select('indicator_id')
    .distinct()
    .where('indicator_id', 'in', [...indicatorIds])
    .where('year', '=', year)
    .where('period_id', '>=', String(year))
    .where('period_id', '<', String(year + 1))
    .where('source', '=', 'simulated')
    .execute();

/** Every unit's materialised path. */
export const readUnitPaths = (db: Kysely<Database>) =>
  db.selectFrom('unit').select(['id', 'path']).execute();
