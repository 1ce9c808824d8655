/**
 * The one path by which entered and uploaded values reach the database: resolve codes,
 * check scope, cadence and the entry rules against what is stored (and what else the
 * batch carries), then write all rows or none with their roll-up and audit entry.
 */
import { entryCheckFor, type EntryCheckOf, type EntryMode } from '../core/entry-rules.ts';
import type { ObservationSource, ObservationState } from '../core/observation.ts';
import type { ReplacedSeries, WrittenSeries } from '../core/batch-audit.ts';
import { approvedOnly, countedStates } from '../core/rollup.ts';
import type { RowProblem } from '../core/row-problem.ts';
import {
  isPeriodId,
  parsePeriod,
  periodsWithin,
  samePeriodLastYear,
  yearOfPeriod,
  type Period,
} from '../core/period.ts';
import {
  createCollectionStore,
  type EntryRow,
  type EntrySession,
  type StoredEntry,
} from '../store/collection-store.ts';
import { createCellMap, type CellMap } from '../store/cell-map.ts';
import { readStoredCellsByKey } from '../store/observation-cells.ts';
import { buildAuditEntry } from './audit-service.ts';
import { createBatchKeys, type BatchKeys } from './batch-keys.ts';
import {
  mayReport,
  regionOf,
  type CollectionRegistry,
  type IndicatorRef,
  type UnitRef,
} from './collection-context.ts';
import type { Actor, ServiceDeps } from './ports.ts';

/** One value to write, as the form or a spreadsheet row gives it. */
export interface EntryItem {
  readonly unitCode: string;
  readonly indicatorCode: string;
  readonly periodId: string;
  /** Null when the cell could not be read as a number; `rawValue` keeps what was there. */
  readonly entered: number | null;
  readonly rawValue?: unknown;
  readonly mode: EntryMode;
  readonly comment: string;
  /** The version the writer edited (0: none existed), or null to skip the check. */
  readonly expectedVersion: number | null;
  /** Where the value was read from (a document and offset); trusted writers only. */
  readonly sourceRef?: string;
  /** The item's own source where a batch mixes typed and uploaded values; else the batch's. */
  readonly source?: ObservationSource;
}

export type EntryField = 'unit' | 'indicator' | 'period' | 'value' | 'comment' | 'version';

/**
 * One reason an item cannot be written, pointing at the item (0-based) and its field: the
 * checker's own record, which each caller turns into a `RowProblem` where it knows the row.
 */
export interface EntryIssue {
  readonly index: number;
  readonly field: EntryField;
  readonly value: unknown;
  /** An entry rule code, or one of: unknown-unit, unknown-indicator, invalid-period, wrong-cadence, duplicate, out-of-scope, locked, awaiting-review, conflict. */
  readonly rule: string;
  readonly reason: string;
  readonly reasonEn: string;
  /** For locked and conflict: what is stored now. */
  readonly current?: RowProblem['current'];
}

interface Resolved {
  readonly index: number;
  readonly item: EntryItem;
  readonly unit: UnitRef;
  readonly indicator: IndicatorRef;
  readonly period: Period;
  readonly series: SeriesOfBatch;
}

/**
 * One series (an indicator of a unit) as the check meets it: looked up once a row by its
 * integer keys, then its cells by period number (the stored cells' map numbers the periods)
 * — stored, and the batch's own so far.
 */
interface SeriesOfBatch {
  stored: readonly (StoredEntry | undefined)[] | undefined;
  /** The period values of the batch's rows of this series checked so far. */
  readonly entered: (number | undefined)[];
  /** Per year of a cadence: how far its periods are summed, and the sum (cumulative entries). */
  runs: Map<string, { next: number; sum: number }> | undefined;
}

export interface CheckedBatch {
  readonly issues: readonly EntryIssue[];
  readonly rows: readonly EntryRow[];
  readonly expectedVersions: readonly (number | null)[];
  /** Index of the item each row came from. */
  readonly rowItems: readonly number[];
  /** Items left out because they match what is stored. */
  readonly skipped: number;
  /**
   * What the check read, for the write to reuse: on SQLite while nothing has been written
   * since (the change mark, null on PostgreSQL); on PostgreSQL the write's guard refuses rows
   * changed since, and it reads them again to say which.
   */
  readonly known?: {
    readonly entries: CellMap<StoredEntry>;
    readonly mark: string | null;
    /** By row: what was stored under its key. */
    readonly currents: readonly (StoredEntry | undefined)[];
  };
}

export interface CheckOptions {
  /**
   * `entered` (typed) and `import` (uploaded) are what users write. Other sources — a plan
   * document's figures, the demo's simulation, sensors — are set only by trusted internal
   * callers (plan import, demo loader, system jobs), never from a request.
   */
  readonly source: ObservationSource;
  /** The state rows are written in: `draft` for users; trusted callers may record `approved`. */
  readonly state?: ObservationState;
  /** When items are rows of a batch numbered from this, messages name rows, not items. */
  readonly firstRowNumber?: number;
  /** Accept annual values of an indicator reported more often (a document's full-year result). */
  readonly allowYearPeriods?: boolean;
  /** Leave out items whose value and comment equal what is stored (a re-uploaded template). */
  readonly skipUnchanged: boolean;
  readonly onProgress?: (validated: number) => void;
  /**
   * When a batch is checked in parts (a large upload, chunk by chunk in one transaction): the
   * keys of the parts before, each with the number of its item in the whole (0-based), and the
   * number of this part's first item. Duplicates are then found across parts.
   */
  readonly earlierKeys?: BatchKeys;
  readonly firstIndex?: number;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Checks a batch against the registry, the actor's scope, the entry rules and what is stored. */
export async function checkEntryBatch(
  deps: ServiceDeps,
  registry: CollectionRegistry,
  items: readonly EntryItem[],
  actor: Actor,
  options: CheckOptions,
): Promise<CheckedBatch> {
  const issues: EntryIssue[] = [];
  const issue = (
    index: number,
    field: EntryField,
    value: unknown,
    rule: string,
    reason: string,
    reasonEn: string,
    current?: EntryIssue['current'],
  ) =>
    issues.push({ index, field, value, rule, reason, reasonEn, ...(current ? { current } : {}) });

  const periodOfId = (id: string) => periodFactsOf(id)?.period ?? null;
  const resolved: Resolved[] = [];
  const seen = options.earlierKeys ?? createBatchKeys();
  const firstIndex = options.firstIndex ?? 0;
  // The series the batch names, by integer indicator and unit: a few hundred for 200,000 rows.
  const seriesByIndicator = new Map<number, Map<number, SeriesOfBatch>>();
  const checks = new Map<number, EntryCheckOf>();
  const seriesOf = (indicator: IndicatorRef, unit: UnitRef) => {
    let units = seriesByIndicator.get(indicator.num);
    if (!units) seriesByIndicator.set(indicator.num, (units = new Map<number, SeriesOfBatch>()));
    let series = units.get(unit.num);
    if (!series)
      units.set(unit.num, (series = { stored: undefined, entered: [], runs: undefined }));
    return series;
  };
  const checkOf = (indicator: IndicatorRef) => {
    let check = checks.get(indicator.num);
    if (!check) checks.set(indicator.num, (check = entryCheckFor(indicator.rules)));
    return check;
  };
  items.forEach((item, index) => {
    const indicator = registry.indicators.get(item.indicatorCode);
    const named = registry.units.get(item.unitCode);
    // A department entering a figure it owns enters it for its region (see mayReport).
    const unit =
      named?.kind === 'department' && indicator?.ownerUnitId === named.id
        ? (regionOf(registry, named) ?? named)
        : named;
    const period = periodOfId(item.periodId);
    if (!unit)
      issue(index, 'unit', item.unitCode, 'unknown-unit', '单位编码不存在', 'unknown unit code');
    else if (!mayReport(actor, registry, unit, indicator))
      issue(
        index,
        'unit',
        item.unitCode,
        'out-of-scope',
        `无权填报单位“${unit.name}”的数据`,
        `you may not enter data for unit ${unit.code}`,
      );
    if (!indicator)
      issue(
        index,
        'indicator',
        item.indicatorCode,
        'unknown-indicator',
        '指标编码不存在',
        'unknown indicator code',
      );
    if (!period)
      issue(
        index,
        'period',
        item.periodId,
        'invalid-period',
        '期间格式不正确（如 2025、2025Q1、202503）',
        'invalid period id (e.g. 2025, 2025Q1, 202503)',
      );
    else if (indicator && !cadenceFits(period, indicator, options))
      issue(
        index,
        'period',
        item.periodId,
        'wrong-cadence',
        `指标“${indicator.name}”按${cadenceLabel[indicator.cadence]}报送，期间类型不符`,
        `indicator ${indicator.code} is reported by ${indicator.cadence}, not ${period.type}`,
      );
    if (item.entered === null)
      issue(
        index,
        'value',
        item.rawValue ?? null,
        'not-a-number',
        '数值必须是数字',
        'the value must be a number',
      );
    if (!unit || !indicator || !period || !cadenceFits(period, indicator, options)) return;
    const earlierIndex = seen.claim(indicator.num, unit.num, period.id, firstIndex + index);
    if (earlierIndex !== undefined) {
      const earlierRow = earlierIndex - firstIndex + (options.firstRowNumber ?? 0);
      issue(
        index,
        'period',
        item.periodId,
        'duplicate',
        options.firstRowNumber === undefined
          ? `与第${earlierIndex + 1}项重复（同一单位、指标、期间）`
          : `与第${earlierRow}行重复`,
        options.firstRowNumber === undefined
          ? `duplicates item ${earlierIndex + 1} (same unit, indicator and period)`
          : `duplicates row ${earlierRow}`,
      );
      return;
    }
    if (item.entered !== null)
      resolved.push({ index, item, unit, indicator, period, series: seriesOf(indicator, unit) });
  });

  // Earlier periods first, so a batch of January to March cumulates its own months; within
  // a period, item order. A batch names a few dozen periods: its rows are bucketed by period
  // in item order and only the periods are sorted, not 200,000 rows.
  const ordered = inPeriodOrder(resolved);
  // What is stored for the units, indicators and years involved, and last year for comparison.
  const { stored, mark } = await loadStored(deps, seriesByIndicator, ordered.periods);
  for (const [indicatorNum, units] of seriesByIndicator)
    for (const [unitNum, series] of units) series.stored = stored.series(indicatorNum, unitNum);
  // The values as they will be once the batch is written: the batch's own over what is stored.
  const valueIn = (series: SeriesOfBatch, periodNumber: number) => {
    const own = series.entered[periodNumber];
    return own === undefined ? series.stored?.[periodNumber]?.value : own;
  };

  const rows: EntryRow[] = [];
  const expectedVersions: (number | null)[] = [];
  const rowItems: number[] = [];
  const currents: (StoredEntry | undefined)[] = [];
  let skipped = 0;
  const now = deps.clock.now();
  // A period's numbers in this batch's map of stored cells, once per distinct period: a batch
  // of 200,000 values names a few dozen periods.
  const numbers = new Map<string, PeriodFacts>();
  const factsOf = (period: Period): PeriodFacts => {
    let f = numbers.get(period.id);
    if (!f) {
      const facts = periodFactsOf(period.id)!;
      f = {
        ...facts,
        number: stored.periodNumber(period.id),
        lastYearNumber: stored.periodNumber(facts.lastYearId),
      };
      numbers.set(period.id, f);
    }
    return f;
  };
  let validated = 0;
  for (const r of ordered.rows) {
    const { item, unit, indicator, period, series } = r;
    const periodFacts = factsOf(period);
    const current = series.stored?.[periodFacts.number];
    const check = checkOf(indicator);
    let previousCumulative = 0;
    if (check.usesPreviousCumulative(item.mode)) {
      // How far the year's periods are summed: rows come in period order, so each period of
      // the year is added once, not once a row.
      const list = periodFacts.within;
      let run = (series.runs ??= new Map<string, { next: number; sum: number }>()).get(
        periodFacts.yearKey,
      );
      if (!run) series.runs.set(periodFacts.yearKey, (run = { next: 0, sum: 0 }));
      while (run.next < list.length && list[run.next]!.start < period.start)
        run.sum += valueIn(series, stored.periodNumber(list[run.next++]!.id)) ?? 0;
      previousCumulative = run.sum;
    }
    const verdict = check.check(
      item.entered ?? Number.NaN,
      item.mode,
      item.comment,
      check.usesLastYear ? (valueIn(series, periodFacts.lastYearNumber) ?? null) : null,
      previousCumulative,
    );
    for (const p of verdict.problems)
      issue(
        r.index,
        p.field,
        p.field === 'value' ? item.entered : item.comment,
        p.rule,
        p.reason,
        p.reasonEn,
      );
    // Only a flow's or a stock's later rows look back at it (last year, the year to date).
    if (check.usesOtherPeriods) series.entered[periodFacts.number] = verdict.periodValue;
    const isUnchanged =
      current !== undefined &&
      current.value === verdict.periodValue &&
      current.comment === item.comment;
    if (options.skipUnchanged && isUnchanged) {
      skipped++;
    } else if (current?.state === 'approved') {
      issue(
        r.index,
        'value',
        item.entered,
        'locked',
        '该期数据已审核锁定，须由审核员重新打开后才能修改',
        'this value is approved and locked; a reviewer must reopen it first',
        { value: current.value, version: current.version, state: current.state },
      );
    } else if (current?.state === 'submitted' && (options.state ?? 'draft') === 'draft') {
      // Submitted values wait for the reviewer: editing them would quietly withdraw them.
      issue(
        r.index,
        'value',
        item.entered,
        'awaiting-review',
        '该期数据已提交待审核，须由审核员退回后才能修改',
        'this value is submitted and awaits review; a reviewer must return it before it can be edited',
        { value: current.value, version: current.version, state: current.state },
      );
    } else if (item.expectedVersion !== null && (current?.version ?? 0) !== item.expectedVersion) {
      issue(
        r.index,
        'version',
        item.expectedVersion,
        'conflict',
        current
          ? `数据已被他人修改（当前值 ${current.value}，版本 ${current.version}），请刷新后再改`
          : '数据已被他人删除，请刷新后再改',
        current
          ? `changed by someone else meanwhile (now ${current.value}, version ${current.version}); reload and edit again`
          : 'removed by someone else meanwhile; reload',
        current
          ? { value: current.value, version: current.version, state: current.state }
          : undefined,
      );
    } else if (verdict.problems.length === 0) {
      rows.push({
        indicator_id: indicator.id,
        unit_id: unit.id,
        indicator_num: indicator.num,
        unit_num: unit.num,
        period_id: period.id,
        period_type: period.type,
        year: periodFacts.year,
        value: verdict.periodValue,
        source: item.source ?? options.source,
        source_ref: item.sourceRef ?? '',
        state: options.state ?? 'draft',
        version: 0,
        updated_at: now,
        updated_by: actor.id,
        comment: item.comment,
        review_reason: '',
        submitted_at: null,
        submitted_on: null,
        submitted_by: null,
      });
      expectedVersions.push(item.expectedVersion ?? current?.version ?? 0);
      rowItems.push(r.index);
      currents.push(current);
    }
    if (++validated % 10_000 === 0) {
      options.onProgress?.(validated);
      await yieldToEventLoop();
    }
  }
  options.onProgress?.(validated);
  issues.sort((a, b) => a.index - b.index);
  return {
    issues,
    rows,
    expectedVersions,
    rowItems,
    skipped,
    known: { entries: stored, mark, currents },
  };
}

/** What the rules need of a period, whatever the batch. */
interface PeriodOfAnyBatch {
  readonly period: Period;
  readonly year: number;
  /** The period's type and year, naming the periods summed for year-to-date figures. */
  readonly yearKey: string;
  /** The periods of its type in its year, in time order. */
  readonly within: readonly Period[];
  readonly lastYearId: string;
}

interface PeriodFacts extends PeriodOfAnyBatch {
  /** Its number in the map of stored cells, and that of the same period last year. */
  readonly number: number;
  readonly lastYearNumber: number;
}

/**
 * Period facts by id for the life of the process: ids are few — a few hundred a year — and a
 * period never changes, while working them out again for every batch cost a 1,000-row write
 * a sixth of its time. Only valid ids are kept, and at most `keptPeriods` of them.
 */
const periodFacts = new Map<string, PeriodOfAnyBatch>();
const withinYears = new Map<string, readonly Period[]>();
const keptPeriods = 20_000;

function periodFactsOf(id: string): PeriodOfAnyBatch | undefined {
  let facts = periodFacts.get(id);
  if (facts === undefined && isPeriodId(id)) {
    const period = parsePeriod(id);
    const year = yearOfPeriod(period);
    const yearKey = `${period.type}:${year}`;
    let within = withinYears.get(yearKey);
    if (!within)
      withinYears.set(yearKey, (within = periodsWithin(parsePeriod(String(year)), period.type)));
    if (periodFacts.size >= keptPeriods) {
      periodFacts.clear();
      withinYears.clear();
    }
    facts = { period, year, yearKey, within, lastYearId: samePeriodLastYear(period).id };
    periodFacts.set(id, facts);
  }
  return facts;
}

const cadenceFits = (period: Period, indicator: IndicatorRef, options: CheckOptions) =>
  period.type === indicator.cadence ||
  (options.allowYearPeriods === true && period.type === 'year');

const cadenceLabel: Record<string, string> = {
  day: '日',
  week: '周',
  dekad: '旬',
  month: '月',
  quarter: '季',
  half: '半年',
  year: '年',
};

/** Rows in period order (by start, then item order), and the distinct periods they name. */
function inPeriodOrder(resolved: readonly Resolved[]): {
  rows: Resolved[];
  periods: Period[];
} {
  // One Period object per id in a batch (periodOfId), so the object is the bucket's key.
  const byPeriod = new Map<Period, Resolved[]>();
  for (const r of resolved) {
    const bucket = byPeriod.get(r.period);
    if (bucket) bucket.push(r);
    else byPeriod.set(r.period, [r]);
  }
  const periods = [...byPeriod.keys()].sort((a, b) =>
    a.start < b.start ? -1 : a.start > b.start ? 1 : 0,
  );
  const rows: Resolved[] = [];
  for (let i = 0; i < periods.length;) {
    let j = i + 1;
    while (j < periods.length && periods[j]!.start === periods[i]!.start) j++;
    // Periods of one start (a year and its first month) interleave by item order.
    const run =
      j === i + 1
        ? byPeriod.get(periods[i]!)!
        : periods
            .slice(i, j)
            .flatMap((p) => byPeriod.get(p)!)
            .sort((a, b) => a.index - b.index);
    for (const r of run) rows.push(r);
    i = j;
  }
  return { rows, periods };
}

async function loadStored(
  deps: ServiceDeps,
  series: ReadonlyMap<number, ReadonlyMap<number, unknown>>,
  periods: readonly Period[],
): Promise<{ stored: CellMap<StoredEntry>; mark: string | null }> {
  if (periods.length === 0) return { stored: createCellMap(), mark: null };
  const years = new Set<number>();
  const types = new Set<string>();
  for (const period of periods) {
    const year = yearOfPeriod(period);
    years.add(year);
    years.add(year - 1);
    types.add(period.type);
  }
  const unitNums = new Set<number>();
  for (const units of series.values()) for (const unitNum of units.keys()) unitNums.add(unitNum);
  return readStoredCellsByKey(deps.database, {
    unitNums: [...unitNums],
    indicatorNums: [...series.keys()],
    years: [...years],
    periodTypes: [...types],
  }).then(({ entries, mark }) => ({ stored: entries, mark }));
}

/**
 * The audit entry's lists of a write (core/batch-audit.ts): its rows and what they replaced,
 * by series in the order the series first appear, each series' rows in the order written.
 */
function listForAudit(
  registry: CollectionRegistry,
  rows: readonly EntryRow[],
  currents: readonly (StoredEntry | undefined)[],
): { written: WrittenSeries[]; replaced: ReplacedSeries[] } {
  const written: WrittenSeries[] = [];
  const replaced: ReplacedSeries[] = [];
  type Listed = { written: WrittenSeries; replaced: ReplacedSeries | undefined };
  const byIndicator = new Map<number, Map<number, Listed>>();
  rows.forEach((r, i) => {
    let units = byIndicator.get(r.indicator_num);
    if (!units) byIndicator.set(r.indicator_num, (units = new Map<number, Listed>()));
    let series = units.get(r.unit_num);
    if (!series) {
      const codes = {
        indicator: registry.indicatorsById.get(r.indicator_id)?.code ?? r.indicator_id,
        unit: registry.unitsById.get(r.unit_id)?.code ?? r.unit_id,
      };
      series = {
        written: { ...codes, periods: [], values: [], comments: [] },
        replaced: undefined,
      };
      written.push(series.written);
      units.set(r.unit_num, series);
    }
    series.written.periods.push(r.period_id);
    series.written.values.push(r.value);
    series.written.comments.push(r.comment);
    const before = currents[i];
    if (before) {
      let was = series.replaced;
      if (!was) {
        const { indicator, unit } = series.written;
        was = series.replaced = {
          indicator,
          unit,
          periods: [],
          values: [],
          states: [],
          versions: [],
        };
        replaced.push(was);
      }
      was.periods.push(r.period_id);
      was.values.push(before.value);
      was.states.push(before.state);
      was.versions.push(before.version);
    }
  });
  return { written, replaced };
}

/** A write that is one part of a larger transaction (an upload written chunk by chunk). */
export interface PartOfTransaction {
  readonly session: EntrySession;
  /** Filled with the codes of counted rows written, to publish after the commit. */
  readonly moved: { readonly indicatorCodes: Set<string>; readonly unitCodes: Set<string> };
}

/** What a write did. */
export interface WrittenBatch {
  readonly inserted: number;
  readonly updated: number;
  /** The new version of each row of the checked batch, in its order (`rowItems` names their items). */
  readonly versions: readonly number[];
}

/**
 * Writes a checked batch in one transaction with one audit entry (or, `within` a larger
 * transaction, as a part of it). Returns the store's
 * refusals as issues when a row was locked or edited by someone else since the check.
 */
export async function writeEntryBatch(
  deps: ServiceDeps,
  registry: CollectionRegistry,
  items: readonly EntryItem[],
  batch: CheckedBatch,
  actor: Actor,
  audit: { action: string; entityId: string; reason: string },
  within?: PartOfTransaction,
): Promise<{ ok: true; written: WrittenBatch } | { ok: false; issues: EntryIssue[] }> {
  if (batch.rows.length === 0)
    return { ok: true, written: { inserted: 0, updated: 0, versions: [] } };
  const store = within?.session.store ?? createCollectionStore(deps.database);
  const codeOf = (r: EntryRow) => [
    registry.indicatorsById.get(r.indicator_id)?.code ?? r.indicator_id,
    registry.unitsById.get(r.unit_id)?.code ?? r.unit_id,
    r.period_id,
  ];
  const outcome = await store.writeEntries({
    rows: batch.rows,
    expectedVersions: batch.expectedVersions,
    ancestorsOf: registry.ancestorsOf,
    numbers: registry.numbers,
    ...(batch.known ? { known: batch.known } : {}),
    audit: (_before, currents) => {
      const { written, replaced } = listForAudit(registry, batch.rows, currents);
      return [
        buildAuditEntry(deps.clock, actor, {
          action: audit.action,
          entity: 'observation',
          entityId: audit.entityId,
          oldValue: replaced.length === 0 ? null : replaced,
          newValue: written,
          reason: audit.reason,
        }),
      ];
    },
  });
  if (!outcome.ok) {
    const toIssue =
      (rule: 'locked' | 'conflict') =>
      (refused: { index: number; current: StoredEntry | null }) => {
        const index = batch.rowItems[refused.index] ?? refused.index;
        const c = refused.current;
        return {
          index,
          field: rule === 'locked' ? ('value' as const) : ('version' as const),
          value: items[index]?.entered ?? null,
          rule,
          reason:
            rule === 'locked'
              ? '该期数据已审核锁定，须由审核员重新打开后才能修改'
              : `数据已被他人修改（当前值 ${c?.value ?? '无'}），请刷新后再改`,
          reasonEn:
            rule === 'locked'
              ? 'this value is approved and locked; a reviewer must reopen it first'
              : `changed by someone else meanwhile (now ${c?.value ?? 'none'}); reload and edit again`,
          ...(c ? { current: { value: c.value, version: c.version, state: c.state } } : {}),
        };
      };
    return {
      ok: false,
      issues: [
        ...outcome.locked.map(toIssue('locked')),
        ...outcome.conflicts.map(toIssue('conflict')),
      ],
    };
  }
  // Only rows that count can move a figure a warning watches.
  const counted = new Set(countedStates(deps.counting ?? approvedOnly));
  const moved = batch.rows.filter((r) => counted.has(r.state));
  if (within) {
    // Not committed yet: the caller publishes once the transaction has.
    for (const r of moved) {
      const [indicatorCode, unitCode] = codeOf(r);
      within.moved.indicatorCodes.add(indicatorCode!);
      within.moved.unitCodes.add(unitCode!);
    }
  } else if (moved.length > 0)
    await deps.commits?.publish(
      {
        indicatorCodes: [...new Set(moved.map((r) => codeOf(r)[0]!))],
        unitCodes: [...new Set(moved.map((r) => codeOf(r)[1]!))],
      },
      actor,
    );
  return {
    ok: true,
    written: {
      inserted: outcome.inserted,
      updated: outcome.updated,
      versions: outcome.versions,
    },
  };
}
