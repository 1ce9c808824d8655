/**
 * Writing and reading observations. A batch is all-or-nothing: every bad row is
 * reported (row, field, value, reason) and nothing is written; a good batch is
 * written with its roll-up deltas and one audit entry in a single transaction.
 */
import { DomainError } from '../core/domain-error.ts';
import type { Measure } from '../core/measure.ts';
import {
  observationSources,
  type ObservationInput,
  type ObservationState,
  type RowProblem,
} from '../core/observation.ts';
import { isPeriodId, parsePeriod, yearOfPeriod, type Period } from '../core/period.ts';
import { ancestorIdsOf } from '../core/unit.ts';
import {
  createObservationStore,
  observationKey,
  type ObservationRow,
  type RollupDelta,
} from '../store/observation-store.ts';
import { buildAuditEntry } from './audit-service.ts';
import type { Actor, ServiceDeps } from './ports.ts';

export type BatchResult =
  | {
      readonly ok: true;
      readonly written: number;
      readonly inserted: number;
      readonly updated: number;
    }
  | { readonly ok: false; readonly problems: readonly RowProblem[] };

export interface WriteOptions {
  readonly reason?: string;
  readonly state?: ObservationState;
  /** Rows are numbered from this (2 for a spreadsheet with a header row). */
  readonly firstRowNumber?: number;
}

export interface SeriesPoint {
  readonly periodId: string;
  readonly value: number | null;
  readonly own: number | null;
  readonly descendantsSum: number | null;
  readonly descendantsCount: number;
  readonly source: string | null;
  readonly state: string | null;
}

const sourceSet = new Set<string>(observationSources);
const isAdditive = (measure: Measure) => measure === 'flow' || measure === 'stock';

export function createObservationService(deps: ServiceDeps) {
  const { db } = deps.database;
  const store = createObservationStore(deps.database);

  async function loadRegistry() {
    const [units, indicators] = await Promise.all([
      db.selectFrom('unit').select(['id', 'code', 'path']).execute(),
      db.selectFrom('indicator').select(['id', 'code', 'cadence', 'measure', 'name']).execute(),
    ]);
    return {
      units: new Map(units.map((u) => [u.code, u])),
      indicators: new Map(indicators.map((i) => [i.code, i])),
    };
  }

  async function writeObservations(
    inputs: readonly ObservationInput[],
    actor: Actor,
    options: WriteOptions = {},
  ): Promise<BatchResult> {
    const { units, indicators } = await loadRegistry();
    const first = options.firstRowNumber ?? 1;
    const problems: RowProblem[] = [];
    const problem = (
      row: number,
      field: string,
      value: unknown,
      reason: string,
      reasonEn: string,
    ) => problems.push({ row, field, value, reason, reasonEn });
    const now = deps.clock.now();
    const state = options.state ?? 'draft';
    const rows: ObservationRow[] = [];
    const seen = new Map<string, number>();
    const periods = new Map<string, Period>();

    inputs.forEach((input, index) => {
      const rowNumber = first + index;
      const indicator = indicators.get(input.indicatorCode);
      const unit = units.get(input.unitCode);
      if (!indicator)
        problem(
          rowNumber,
          'indicatorCode',
          input.indicatorCode,
          '指标编码不存在，请先在指标库中登记',
          'unknown indicator code; register it first',
        );
      if (!unit)
        problem(rowNumber, 'unitCode', input.unitCode, '单位编码不存在', 'unknown unit code');
      let period = periods.get(input.periodId);
      if (!period && isPeriodId(input.periodId)) {
        period = parsePeriod(input.periodId);
        periods.set(input.periodId, period);
      }
      if (!period)
        problem(
          rowNumber,
          'periodId',
          input.periodId,
          '期间格式不正确（如 2025、2025Q1、202503、202503D2）',
          'invalid period id (e.g. 2025, 2025Q1, 202503, 202503D2)',
        );
      else if (indicator && period.type !== indicator.cadence && period.type !== 'year')
        problem(
          rowNumber,
          'periodId',
          input.periodId,
          `指标“${indicator.name}”按${indicator.cadence}报送，期间类型不符`,
          `indicator ${indicator.code} is reported by ${indicator.cadence}, not ${period.type}`,
        );
      if (typeof input.value !== 'number' || !Number.isFinite(input.value))
        problem(
          rowNumber,
          'value',
          input.value,
          '数值必须是有限数字',
          'value must be a finite number',
        );
      const source = input.source ?? 'entered';
      if (!sourceSet.has(source))
        problem(rowNumber, 'source', source, '来源不在允许范围内', 'unknown source');
      if (!indicator || !unit || !period) return;
      const key = observationKey(indicator.id, unit.id, period.id);
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        problem(
          rowNumber,
          'periodId',
          input.periodId,
          `与第${earlier}行重复`,
          `duplicates row ${earlier}`,
        );
        return;
      }
      seen.set(key, rowNumber);
      rows.push({
        id: deps.ids.next(),
        indicator_id: indicator.id,
        unit_id: unit.id,
        period_id: period.id,
        period_type: period.type,
        year: yearOfPeriod(period),
        value: input.value,
        source,
        source_ref: input.sourceRef ?? '',
        state,
        version: 1,
        updated_at: now,
        updated_by: actor.id,
      });
    });
    if (problems.length > 0) return { ok: false, problems };

    const existing = await store.findExisting(
      rows.map((r) => ({ indicatorId: r.indicator_id, unitId: r.unit_id, periodId: r.period_id })),
    );
    const pathOf = new Map([...units.values()].map((u) => [u.id, u.path]));
    const codeOfUnit = new Map([...units.values()].map((u) => [u.id, u.code]));
    const codeOfIndicator = new Map([...indicators.values()].map((i) => [i.id, i.code]));
    const deltas = new Map<string, RollupDelta>();
    const updated: { row: number; key: [string, string, string]; old: number }[] = [];
    rows.forEach((r, index) => {
      const before = existing.get(observationKey(r.indicator_id, r.unit_id, r.period_id));
      const rowNumber =
        seen.get(observationKey(r.indicator_id, r.unit_id, r.period_id)) ?? first + index;
      if (before?.state === 'approved') {
        problem(
          rowNumber,
          'value',
          r.value,
          '该期数据已审核锁定，须由审核员重新打开后才能修改',
          'this period is approved and locked; a reviewer must reopen it first',
        );
        return;
      }
      if (before) {
        r.id = before.id;
        updated.push({
          row: rowNumber,
          key: [
            codeOfIndicator.get(r.indicator_id) ?? '',
            codeOfUnit.get(r.unit_id) ?? '',
            r.period_id,
          ],
          old: before.value,
        });
      }
      const sum = r.value - (before?.value ?? 0);
      const count = before ? 0 : 1;
      for (const ancestor of ancestorIdsOf(pathOf.get(r.unit_id) ?? '')) {
        const key = observationKey(r.indicator_id, ancestor, r.period_id);
        const d = deltas.get(key);
        deltas.set(key, {
          indicatorId: r.indicator_id,
          unitId: ancestor,
          periodId: r.period_id,
          year: r.year,
          sum: (d?.sum ?? 0) + sum,
          count: (d?.count ?? 0) + count,
        });
      }
    });
    if (problems.length > 0) return { ok: false, problems };

    await store.writeBatch({
      rows,
      rollup: [...deltas.values()],
      audit: buildAuditEntry(deps.clock, actor, {
        action: 'observation.batch',
        entity: 'observation',
        entityId: `batch:${rows.length}`,
        oldValue: updated.length === 0 ? null : updated.map((u) => [...u.key, u.old]),
        newValue: inputs.map((i) => [
          i.indicatorCode,
          i.unitCode,
          i.periodId,
          i.value,
          i.source ?? 'entered',
        ]),
        reason: options.reason ?? '',
      }),
    });
    return {
      ok: true,
      written: rows.length,
      inserted: rows.length - updated.length,
      updated: updated.length,
    };
  }

  /** The series of an indicator for a unit: its own values and the sum over its descendants, per period. */
  async function getSeries(
    indicatorCode: string,
    unitCode: string,
    range: { from?: string; to?: string } = {},
  ): Promise<{ indicatorId: string; unitId: string; measure: Measure; points: SeriesPoint[] }> {
    const { units, indicators } = await loadRegistry();
    const indicator = indicators.get(indicatorCode);
    const unit = units.get(unitCode);
    if (!indicator)
      throw new DomainError(
        'NOT_FOUND',
        `找不到指标“${indicatorCode}”`,
        `Indicator ${indicatorCode} not found`,
      );
    if (!unit)
      throw new DomainError('NOT_FOUND', `找不到单位“${unitCode}”`, `Unit ${unitCode} not found`);
    const from = range.from ? parsePeriod(range.from) : null;
    const to = range.to ? parsePeriod(range.to) : null;
    const [own, rolled] = await Promise.all([
      db
        .selectFrom('observation')
        .select(['period_id', 'value', 'source', 'state'])
        .where('indicator_id', '=', indicator.id)
        .where('unit_id', '=', unit.id)
        .execute(),
      db
        .selectFrom('rollup')
        .select(['period_id', 'descendants_sum', 'descendants_count'])
        .where('indicator_id', '=', indicator.id)
        .where('unit_id', '=', unit.id)
        .where('descendants_count', '>', 0)
        .execute(),
    ]);
    const byPeriod = new Map<
      string,
      { own: (typeof own)[number] | null; rolled: (typeof rolled)[number] | null }
    >();
    for (const o of own) byPeriod.set(o.period_id, { own: o, rolled: null });
    for (const r of rolled)
      byPeriod.set(r.period_id, { own: byPeriod.get(r.period_id)?.own ?? null, rolled: r });
    const measure = indicator.measure;
    const points = [...byPeriod.entries()]
      .map(([periodId, v]) => ({ period: parsePeriod(periodId), v }))
      .filter(
        ({ period }) => (!from || period.start >= from.start) && (!to || period.end <= to.end),
      )
      .sort(
        (a, b) =>
          a.period.start.localeCompare(b.period.start) || a.period.end.localeCompare(b.period.end),
      )
      .map(({ period, v }) => {
        const descendantsSum = v.rolled ? v.rolled.descendants_sum : null;
        return {
          periodId: period.id,
          own: v.own?.value ?? null,
          descendantsSum,
          descendantsCount: v.rolled?.descendants_count ?? 0,
          value: v.own?.value ?? (isAdditive(measure) ? descendantsSum : null),
          source: v.own?.source ?? (descendantsSum === null ? null : 'aggregate'),
          state: v.own?.state ?? null,
        };
      });
    return { indicatorId: indicator.id, unitId: unit.id, measure, points };
  }

  /** The value of each child unit for one period: the cockpit's drill-down. */
  async function getBreakdown(indicatorCode: string, unitCode: string, periodId: string) {
    const { units, indicators } = await loadRegistry();
    const indicator = indicators.get(indicatorCode);
    const unit = units.get(unitCode);
    if (!indicator || !unit)
      throw new DomainError('NOT_FOUND', '找不到指标或单位', 'Indicator or unit not found');
    const children = await db
      .selectFrom('unit')
      .select(['id', 'code', 'name', 'name_en'])
      .where('parent_id', '=', unit.id)
      .where('kind', '=', 'region')
      .orderBy('sort_order')
      .execute();
    if (children.length === 0) return [];
    const ids = children.map((c) => c.id);
    const [own, rolled] = await Promise.all([
      db
        .selectFrom('observation')
        .select(['unit_id', 'value', 'source', 'state'])
        .where('indicator_id', '=', indicator.id)
        .where('period_id', '=', periodId)
        .where('unit_id', 'in', ids)
        .execute(),
      db
        .selectFrom('rollup')
        .select(['unit_id', 'descendants_sum'])
        .where('indicator_id', '=', indicator.id)
        .where('period_id', '=', periodId)
        .where('unit_id', 'in', ids)
        .where('descendants_count', '>', 0)
        .execute(),
    ]);
    const ownBy = new Map(own.map((o) => [o.unit_id, o]));
    const rolledBy = new Map(rolled.map((r) => [r.unit_id, r.descendants_sum]));
    return children.map((c) => ({
      unitCode: c.code,
      unitName: c.name,
      unitNameEn: c.name_en,
      value: ownBy.get(c.id)?.value ?? rolledBy.get(c.id) ?? null,
      source: ownBy.get(c.id)?.source ?? (rolledBy.has(c.id) ? 'aggregate' : null),
      state: ownBy.get(c.id)?.state ?? null,
    }));
  }

  return { writeObservations, getSeries, getBreakdown };
}

export type ObservationService = ReturnType<typeof createObservationService>;
