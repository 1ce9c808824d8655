/**
 * Writing and reading observations. A batch is all-or-nothing: every bad row is
 * reported (row, field, value, reason) and nothing is written; a good batch is
 * written with its roll-up deltas and one audit entry in a single transaction.
 */
import { DomainError } from '../core/domain-error.ts';
import type { Measure } from '../core/measure.ts';
import type { ObservationInput, ObservationSource } from '../core/observation.ts';
import type { RowProblem } from '../core/row-problem.ts';
import { isAdditiveOverUnits } from '../core/indicator.ts';
import { dataYears, parsePeriod, type PeriodType } from '../core/period.ts';
import { isInScope, type Principal } from '../core/permission.ts';
import { approvedOnly, countedRollup, countedStates } from '../core/rollup.ts';
import { readCountedCells } from '../store/counted-cells.ts';
import {
  readChildRegions,
  readOwnAcross,
  readOwnSeries,
  readRolledAcross,
  readRolledSeries,
} from '../store/series-repository.ts';
import {
  loadCollectionRegistry,
  loadDuties,
  type CollectionRegistry,
} from './collection-context.ts';
import {
  checkEntryBatch,
  writeEntryBatch,
  type EntryField,
  type EntryIssue,
  type EntryItem,
} from './entry-batch.ts';
import type { Actor, ServiceDeps } from './ports.ts';

export type BatchResult =
  | {
      readonly ok: true;
      readonly written: number;
      readonly inserted: number;
      readonly updated: number;
    }
  | { readonly ok: false; readonly problems: readonly RowProblem[] };

/** Set only by trusted internal callers (plan import, demo loader, system jobs), never from a request. */
export interface Provenance {
  readonly source: Exclude<ObservationSource, 'entered' | 'import'>;
  readonly state: 'approved';
  /** The explanation the entry rules ask of an unusual value ("计划文件", "模拟数据"). */
  readonly comment: string;
}

export interface WriteOptions {
  readonly reason?: string;
  readonly provenance?: Provenance;
  /** Rows are numbered from this (2 for a spreadsheet with a header row). */
  readonly firstRowNumber?: number;
}

export interface SeriesPoint {
  readonly periodId: string;
  readonly value: number | null;
  readonly own: number | null;
  readonly descendantsSum: number | null;
  readonly descendantsCount: number;
  /** The units below that report the indicator: the count a complete sum waits for. */
  readonly descendantsExpected: number;
  readonly source: string | null;
  readonly state: string | null;
}

/** One counted value of a subject: a period, its type and the figure that counts. */
export interface CountedValue {
  readonly periodId: string;
  readonly type: PeriodType;
  readonly value: number;
}

/** What a user may record: typed or uploaded values. */
const userSources: readonly ObservationSource[] = ['entered', 'import'];

const fieldNames: Record<EntryField, string> = {
  unit: 'unitCode',
  indicator: 'indicatorCode',
  period: 'periodId',
  value: 'value',
  comment: 'comment',
  version: 'version',
};

export function createObservationService(deps: ServiceDeps) {
  const { db } = deps.database;
  const policy = deps.counting ?? approvedOnly;

  /** Roll-up rows as the deployment counts them, without those where nothing counts. */
  const countedRows = <
    R extends {
      descendants_sum: number;
      descendants_count: number;
      submitted_sum: number;
      submitted_count: number;
    },
  >(
    rows: readonly R[],
  ) =>
    rows
      .map((r) => {
        const c = countedRollup(r, policy);
        return { ...r, descendants_sum: c.sum, descendants_count: c.count };
      })
      .filter((r) => r.descendants_count > 0);

  /**
   * Writes a batch of values through the one write path of data collection (entry-batch.ts):
   * unit scope, period locks and the entry rules apply to every caller. A request may record
   * only `entered` or `import`; `options.provenance` — a document's figures, the demo's
   * simulation — is for trusted internal callers, which may also record them approved.
   */
  async function writeObservations(
    inputs: readonly ObservationInput[],
    actor: Actor,
    options: WriteOptions = {},
  ): Promise<BatchResult> {
    const first = options.firstRowNumber ?? 1;
    const provenance = options.provenance;
    const problems: RowProblem[] = [];
    inputs.forEach((input, index) => {
      const source = input.source ?? provenance?.source ?? 'entered';
      const allowed = provenance ? [provenance.source] : userSources;
      if (!allowed.includes(source))
        problems.push({
          row: first + index,
          field: 'source',
          value: source,
          rule: 'source-not-allowed',
          reason: `来源只能是${allowed.join('、')}：文件导入和模拟数据只能由系统记录`,
          reasonEn: `source must be ${allowed.join(' or ')}; document and simulated values are recorded by the system only`,
        });
    });
    if (problems.length > 0) return { ok: false, problems };
    const source = provenance?.source ?? inputs[0]?.source ?? 'entered';
    const registry = await loadCollectionRegistry(db);
    assertRowsInScope(registry, actor, inputs, first);
    const items: EntryItem[] = inputs.map((input) => ({
      unitCode: input.unitCode,
      indicatorCode: input.indicatorCode,
      periodId: input.periodId,
      entered: typeof input.value === 'number' && Number.isFinite(input.value) ? input.value : null,
      rawValue: input.value,
      mode: 'period',
      comment: input.comment ?? provenance?.comment ?? '',
      expectedVersion: null,
      source: input.source ?? source,
      ...(input.sourceRef === undefined ? {} : { sourceRef: input.sourceRef }),
    }));
    const batch = await checkEntryBatch(deps, registry, items, actor, {
      source,
      state: provenance?.state ?? 'draft',
      allowYearPeriods: provenance !== undefined,
      skipUnchanged: false,
      firstRowNumber: first,
    });
    const toProblems = (issues: readonly EntryIssue[]): RowProblem[] =>
      issues.map((i) => ({
        row: first + i.index,
        field: fieldNames[i.field],
        value: i.value,
        rule: i.rule,
        reason: i.reason,
        reasonEn: i.reasonEn,
        ...(i.current ? { current: i.current } : {}),
      }));
    if (batch.issues.length > 0) return { ok: false, problems: toProblems(batch.issues) };
    const written = await writeEntryBatch(deps, registry, items, batch, actor, {
      action: 'observation.batch',
      entityId: `batch:${batch.rows.length}`,
      reason: options.reason ?? '',
    });
    if (!written.ok) return { ok: false, problems: toProblems(written.issues) };
    return {
      ok: true,
      written: batch.rows.length,
      inserted: written.written.inserted,
      updated: written.written.updated,
    };
  }

  /** The series of an indicator for a unit: its own values and the sum over its descendants, per period. */
  async function getSeries(
    indicatorCode: string,
    unitCode: string,
    range: { from?: string; to?: string; withExpected?: boolean } = {},
  ): Promise<{ indicatorId: string; unitId: string; measure: Measure; points: SeriesPoint[] }> {
    const { units, indicators } = await loadCollectionRegistry(db);
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
    // Only the years the range touches are read (and only their reporting duties counted).
    const firstYear = from ? Number(from.start.slice(0, 4)) : dataYears.first;
    const lastYear = to ? Number(to.end.slice(0, 4)) : dataYears.last;
    const subject = { indicatorId: indicator.id, unitId: unit.id, firstYear, lastYear };
    const [own, rolled] = await Promise.all([
      readOwnSeries(db, subject, countedStates(policy)),
      readRolledSeries(db, subject).then((rows) => countedRows(rows)),
    ]);
    const byPeriod = new Map<
      string,
      { own: (typeof own)[number] | null; rolled: (typeof rolled)[number] | null }
    >();
    for (const o of own) byPeriod.set(o.period_id, { own: o, rolled: null });
    for (const r of rolled)
      byPeriod.set(r.period_id, { own: byPeriod.get(r.period_id)?.own ?? null, rolled: r });
    const measure = indicator.measure;
    const expectedByYear = new Map<number, number>();
    const below = new Set(
      [...units.values()]
        .filter((u) => u.id !== unit.id && u.path.startsWith(unit.path))
        .map((u) => u.id),
    );
    // How many units below should report (a partial sum says so) costs a scan of the duties:
    // a caller that only reads the values (warnings) does without it.
    const years =
      range.withExpected === false
        ? []
        : new Set([...byPeriod.keys()].map((id) => Number(id.slice(0, 4))));
    for (const year of years) {
      let n = 0;
      for (const [unitId, ids] of await loadDuties(db, year))
        if (below.has(unitId) && ids.has(indicator.id)) n += 1;
      expectedByYear.set(year, n);
    }
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
          descendantsExpected: Math.max(
            v.rolled?.descendants_count ?? 0,
            expectedByYear.get(Number(period.id.slice(0, 4))) ?? 0,
          ),
          value: v.own?.value ?? (isAdditiveOverUnits(measure) ? descendantsSum : null),
          source: v.own?.source ?? (descendantsSum === null ? null : 'aggregate'),
          state: v.own?.state ?? null,
        };
      });
    return { indicatorId: indicator.id, unitId: unit.id, measure, points };
  }

  /**
   * The counted values of many (indicator, unit) subjects over whole years, oldest first,
   * read at once: each period's own value, or for an additive measure the sum of the units
   * below. Subjects whose codes are unknown have no values. What a rule engine reads after
   * a write, where one `getSeries` per subject would cost a round trip each.
   */
  async function getCountedValues(
    subjects: readonly { readonly indicatorCode: string; readonly unitCode: string }[],
    years: { readonly first: number; readonly last: number },
  ): Promise<Map<string, CountedValue[]>> {
    // The registry as every write keeps it built: no read of it per evaluation.
    const { units, indicators, indicatorsById } = await loadCollectionRegistry(db);
    const known = subjects.filter((s) => indicators.has(s.indicatorCode) && units.has(s.unitCode));
    const indicatorIds = [...new Set(known.map((s) => indicators.get(s.indicatorCode)!.id))];
    const unitIds = [...new Set(known.map((s) => units.get(s.unitCode)!.id))];
    const { own, rolled } = await readCountedCells(db, {
      indicatorIds,
      unitIds,
      firstYear: years.first,
      lastYear: years.last,
      states: countedStates(policy),
    });
    const cells = new Map<string, Map<string, number | null>>();
    const cellsOf = (indicatorId: string, unitId: string) => {
      const key = `${indicatorId}|${unitId}`;
      let found = cells.get(key);
      if (!found) cells.set(key, (found = new Map<string, number | null>()));
      return found;
    };
    for (const r of countedRows(rolled))
      cellsOf(r.indicator_id, r.unit_id).set(
        r.period_id,
        isAdditiveOverUnits(indicatorsById.get(r.indicator_id)?.measure ?? 'rate')
          ? r.descendants_sum
          : null,
      );
    // A unit's own value stands before the sum of the units below it.
    for (const o of own) cellsOf(o.indicator_id, o.unit_id).set(o.period_id, o.value);
    const result = new Map<string, CountedValue[]>();
    // A few dozen periods recur across hundreds of subjects: each is parsed once.
    const periods = new Map<string, ReturnType<typeof parsePeriod>>();
    for (const s of known) {
      const found = cells.get(
        `${indicators.get(s.indicatorCode)!.id}|${units.get(s.unitCode)!.id}`,
      );
      const points: (CountedValue & { start: string; end: string })[] = [];
      for (const [periodId, value] of found ?? [])
        if (value !== null) {
          let period = periods.get(periodId);
          if (!period) periods.set(periodId, (period = parsePeriod(periodId)));
          const { type, start, end } = period;
          points.push({ periodId, type, value, start, end });
        }
      // ISO dates order as strings: a plain comparison, not a locale's collation.
      points.sort((a, b) =>
        a.start < b.start ? -1 : a.start > b.start ? 1 : a.end < b.end ? -1 : a.end > b.end ? 1 : 0,
      );
      result.set(
        `${s.indicatorCode}|${s.unitCode}`,
        points.map(({ periodId, type, value }) => ({ periodId, type, value })),
      );
    }
    return result;
  }

  /** The value of each child unit for one period: the cockpit's drill-down. */
  async function getBreakdown(indicatorCode: string, unitCode: string, periodId: string) {
    const { units, indicators } = await loadCollectionRegistry(db);
    const indicator = indicators.get(indicatorCode);
    const unit = units.get(unitCode);
    if (!indicator || !unit)
      throw new DomainError('NOT_FOUND', '找不到指标或单位', 'Indicator or unit not found');
    const children = await readChildRegions(db, unit.id);
    if (children.length === 0) return [];
    const cells = { indicatorId: indicator.id, periodId, unitIds: children.map((c) => c.id) };
    const [own, rolled] = await Promise.all([
      readOwnAcross(db, cells, countedStates(policy)),
      readRolledAcross(db, cells).then((rows) => countedRows(rows)),
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

  return { writeObservations, getSeries, getCountedValues, getBreakdown };
}

export type ObservationService = ReturnType<typeof createObservationService>;

/**
 * All or nothing, like the batch itself: one row outside the actor's units rejects
 * the whole batch with OUT_OF_SCOPE, listing every such row. Unknown unit codes
 * are left to the batch's own validation.
 */
function assertRowsInScope(
  registry: CollectionRegistry,
  actor: Principal,
  rows: readonly { unitCode: string }[],
  firstRowNumber: number,
): void {
  const problems: RowProblem[] = [];
  rows.forEach((row, index) => {
    const path = registry.units.get(row.unitCode)?.path;
    if (path !== undefined && !isInScope(actor, path))
      problems.push({
        row: firstRowNumber + index,
        field: 'unitCode',
        value: row.unitCode,
        rule: 'out-of-scope',
        reason: '不在本账号的单位范围内',
        reasonEn: 'outside your units',
      });
  });
  if (problems.length > 0)
    throw new DomainError(
      'OUT_OF_SCOPE',
      `有${problems.length}行数据属于本账号单位范围以外的单位，未写入任何数据`,
      `${problems.length} rows are for units outside yours; nothing was written`,
      { details: { problems } },
    );
}
