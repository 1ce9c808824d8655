/**
 * Data entry (填报): the form of a unit and period with the indicators due, last year's
 * values and the entry rules; saving drafts with a version check; submitting for
 * review; and the settings behind them (reporting duties, entry rules per indicator).
 */
import { DomainError } from '../core/domain-error.ts';
import type { EntryMode } from '../core/entry-rules.ts';
import { isAdditiveOverTime } from '../core/indicator.ts';
import type { RowProblem } from '../core/row-problem.ts';
import {
  parsePeriod,
  periodsWithin,
  samePeriodLastYear,
  yearOfPeriod,
  type Period,
} from '../core/period.ts';
import { createAssignmentRepository } from '../store/assignment-repository.ts';
import { recordChange, type AuditChange } from '../store/audit-log.ts';
import { deleteDrafts as deleteDraftRows } from '../store/draft-store.ts';
import {
  findCellsInState,
  indicatorNumsPresent,
  moveCellsToState,
  readOwnValues,
  type CellSet,
} from '../store/observation-cells.ts';
import { createRegistryRepository } from '../store/registry-repository.ts';
import { bumpRevision } from '../store/revision-counter.ts';
import {
  applyStateChangeToRollup,
  authorize,
  formOf,
  ownedIndicators,
  regionOf,
  dueIndicators,
  loadCollectionRegistry,
  loadDuties,
  requireGrant,
  requireIndicator,
  requireUnit,
  type CollectionRegistry,
  type IndicatorRef,
  type UnitRef,
  withIndicatorIds,
} from './collection-context.ts';
import {
  checkEntryBatch,
  writeEntryBatch,
  type EntryIssue,
  type EntryItem,
} from './entry-batch.ts';
import type { Actor, ServiceDeps } from './ports.ts';

/** A value as the form shows it. */
export interface FormValue {
  readonly value: number;
  readonly state: 'draft' | 'submitted' | 'approved' | 'returned';
  readonly version: number;
  readonly comment: string;
  readonly reviewReason: string;
  readonly source: string;
  readonly submittedAt: string | null;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

/** One indicator of the form. */
export interface FormLine {
  readonly indicatorCode: string;
  readonly indicatorName: string;
  readonly indicatorNameEn: string;
  readonly unit: string;
  readonly measure: IndicatorRef['measure'];
  readonly decimals: number;
  readonly current: FormValue | null;
  readonly lastYearPeriodId: string;
  readonly lastYearValue: number | null;
  /** Flows only: the year-to-date total up to the previous period (0 at the first), this year and last. */
  readonly previousCumulative: number | null;
  readonly lastYearCumulative: number | null;
  readonly rules: {
    readonly minValue: number | null;
    readonly maxValue: number | null;
    readonly maxYoyChangePct: number | null;
    /** No value beyond ±this; null, the global bound. */
    readonly maxMagnitude: number | null;
    /** Whether the form may take a year-to-date total (1—N月累计) instead of the period value. */
    readonly acceptsCumulative: boolean;
  };
}

export interface EntryInput {
  readonly unit: string;
  readonly indicator: string;
  readonly period: string;
  readonly value: number;
  readonly mode?: EntryMode;
  readonly comment?: string;
  /** The version the reporter edited; 0 when the form showed no value. */
  readonly version: number;
}

export function createDataEntryService(deps: ServiceDeps) {
  const { db } = deps.database;
  const assignments = createAssignmentRepository(db);
  const indicators = createRegistryRepository(db);

  async function loadOwnValues(unitId: string, period: Period) {
    const year = yearOfPeriod(period);
    const rows = await readOwnValues(db, unitId, period.type, [year - 1, year]);
    return new Map(rows.map((r) => [`${r.indicator_id}\u0000${r.period_id}`, r]));
  }

  /** The form of a unit and period: the indicators due, with values, last year and rules. */
  async function getForm(unitCode: string, periodId: string, actor: Actor) {
    const registry = await loadCollectionRegistry(db);
    const unit = requireUnit(registry, unitCode);
    const period = parsePeriod(periodId);
    const duties = await loadDuties(db, yearOfPeriod(period));
    const { indicators, valueUnit, reportedFor } = formOf(registry, duties, unit, period.type);
    const values = await loadOwnValues(valueUnit.id, period);
    const lastYear = samePeriodLastYear(period);
    const cumulate = (indicatorId: string, upTo: Period) => {
      let sum = 0;
      for (const p of periodsWithin(parsePeriod(String(yearOfPeriod(upTo))), upTo.type)) {
        if (p.start >= upTo.start) break;
        sum += values.get(`${indicatorId}\u0000${p.id}`)?.value ?? 0;
      }
      return sum;
    };
    const lines: FormLine[] = indicators.map((indicator) => {
      const own = values.get(`${indicator.id}\u0000${period.id}`);
      const last = values.get(`${indicator.id}\u0000${lastYear.id}`);
      const isFlow = isAdditiveOverTime(indicator.measure);
      return {
        indicatorCode: indicator.code,
        indicatorName: indicator.name,
        indicatorNameEn: indicator.nameEn,
        unit: indicator.unit,
        measure: indicator.measure,
        decimals: indicator.decimals,
        current: own
          ? {
              value: own.value,
              state: own.state,
              version: own.version,
              comment: own.comment,
              reviewReason: own.review_reason,
              source: own.source,
              submittedAt: own.submitted_at,
              updatedAt: own.updated_at,
              updatedBy: own.updated_by,
            }
          : null,
        lastYearPeriodId: lastYear.id,
        lastYearValue: last?.value ?? null,
        previousCumulative: isFlow ? cumulate(indicator.id, period) : null,
        lastYearCumulative: isFlow ? cumulate(indicator.id, lastYear) + (last?.value ?? 0) : null,
        rules: {
          minValue: indicator.rules.minValue,
          maxValue: indicator.rules.maxValue,
          maxYoyChangePct: indicator.rules.maxYoyChangePct,
          maxMagnitude: indicator.rules.maxMagnitude ?? null,
          acceptsCumulative: isFlow,
        },
      };
    });
    const states = lines.map((l) => l.current?.state ?? 'missing');
    return {
      unit: { code: unit.code, name: unit.name, kind: unit.kind },
      ...(reportedFor ? { reportedFor: { code: reportedFor.code, name: reportedFor.name } } : {}),
      period: { id: period.id, type: period.type, start: period.start, end: period.end },
      canWrite: isWritable(actor, unit),
      lines,
      counts: {
        due: lines.length,
        missing: states.filter((s) => s === 'missing').length,
        draft: states.filter((s) => s === 'draft').length,
        submitted: states.filter((s) => s === 'submitted').length,
        approved: states.filter((s) => s === 'approved').length,
        returned: states.filter((s) => s === 'returned').length,
      },
    };
  }

  const isWritable = (actor: Actor, unit: UnitRef) => {
    try {
      authorize(actor, 'observation.write', unit);
      return true;
    } catch {
      return false;
    }
  };

  /** The entries' problems, each naming its entry (from 1) and the value's key, so that the form can mark the line. */
  const toProblems = (items: readonly EntryItem[], issues: readonly EntryIssue[]): RowProblem[] =>
    issues.map((i) => ({
      row: i.index + 1,
      field: i.field,
      value: i.value,
      rule: i.rule,
      reason: i.reason,
      reasonEn: i.reasonEn,
      unit: items[i.index]?.unitCode ?? '',
      indicator: items[i.index]?.indicatorCode ?? '',
      period: items[i.index]?.periodId ?? '',
      ...(i.current ? { current: i.current } : {}),
    }));

  /**
   * Throws OUT_OF_SCOPE, CONFLICT (with the current values) or PERIOD_LOCKED when the
   * batch was refused for those reasons alone.
   */
  function throwRefusals(problems: readonly RowProblem[]) {
    // Only units outside the caller's: a refused write like any other route's (403), not a form to fix.
    const outside = problems.filter((p) => p.rule === 'out-of-scope');
    if (outside.length > 0 && outside.length === problems.length)
      throw new DomainError(
        'OUT_OF_SCOPE',
        `${outside.length}项数据的单位不在您的管辖范围内，未保存任何数据`,
        `${outside.length} entries are for units outside yours; nothing was saved`,
        { details: { action: 'observation.write', problems: outside } },
      );
    const conflicts = problems.filter((p) => p.rule === 'conflict');
    if (conflicts.length > 0)
      throw new DomainError(
        'CONFLICT',
        `${conflicts.length}项数据已被他人修改，未保存任何数据；请刷新后再改`,
        `${conflicts.length} values were changed by someone else meanwhile; nothing was saved — reload and edit again`,
        {
          details: {
            conflicts: conflicts.map((c) => ({
              unit: c.unit,
              indicator: c.indicator,
              period: c.period,
              yourVersion: c.value,
              current: c.current ?? null,
            })),
          },
        },
      );
    const locked = problems.filter((p) => p.rule === 'locked' || p.rule === 'awaiting-review');
    if (
      locked.length > 0 &&
      locked.length === problems.length &&
      locked.every((p) => p.rule === 'awaiting-review')
    )
      throw new DomainError(
        'PERIOD_LOCKED',
        `${locked.length}项数据已提交待审核，须由审核员退回后才能修改；未保存任何数据`,
        `${locked.length} values are submitted and await review; a reviewer must return them first — nothing was saved`,
        { details: { problems: locked } },
      );
    if (locked.length > 0 && locked.length === problems.length)
      throw new DomainError(
        'PERIOD_LOCKED',
        `${locked.length}项数据已审核锁定，须由审核员重新打开后才能修改；未保存任何数据`,
        `${locked.length} values are approved and locked; a reviewer must reopen them first — nothing was saved`,
        { details: { problems: locked } },
      );
  }

  /**
   * Saves entries as drafts, all or none. Rule problems come back as a value; a stale
   * version throws CONFLICT with the current value, a locked value PERIOD_LOCKED.
   */
  async function saveEntries(entries: readonly EntryInput[], actor: Actor, reason = '') {
    requireGrant(actor, 'observation.write');
    const registry = await loadCollectionRegistry(db);
    const items: EntryItem[] = entries.map((e) => ({
      unitCode: e.unit,
      indicatorCode: e.indicator,
      periodId: e.period,
      entered: Number.isFinite(e.value) ? e.value : null,
      rawValue: e.value,
      mode: e.mode ?? 'period',
      comment: (e.comment ?? '').trim(),
      expectedVersion: e.version,
    }));
    const batch = await checkEntryBatch(deps, registry, items, actor, {
      source: 'entered',
      skipUnchanged: false,
    });
    if (batch.issues.length > 0) {
      const problems = toProblems(items, batch.issues);
      throwRefusals(problems);
      return { ok: false as const, problems };
    }
    const units = new Set(entries.map((e) => `${e.unit}:${e.period}`));
    const written = await writeEntryBatch(deps, registry, items, batch, actor, {
      action: 'observation.entry',
      entityId: units.size === 1 ? [...units][0]! : `batch:${entries.length}`,
      reason,
    });
    if (!written.ok) {
      const problems = toProblems(items, written.issues);
      throwRefusals(problems);
      return { ok: false as const, problems };
    }
    const { versions } = written.written;
    return {
      ok: true as const,
      saved: batch.rows.map((r, i) => {
        const index = batch.rowItems[i] ?? i;
        return {
          unit: items[index]?.unitCode ?? '',
          indicator: items[index]?.indicatorCode ?? '',
          period: r.period_id,
          value: r.value,
          comment: r.comment,
          state: 'draft' as const,
          version: versions[i] ?? 1,
        };
      }),
    };
  }

  /** The cells of a unit and period, the indicators named (by id) when given. */
  const cellSetOf = (
    registry: CollectionRegistry,
    unit: { num: number },
    period: Period,
    indicatorIds: readonly string[] | undefined,
  ): CellSet => ({
    unitNum: unit.num,
    periodId: period.id,
    ...(indicatorIds
      ? { indicatorNums: indicatorIds.map((id) => registry.numbers.indicator(id)) }
      : {}),
  });

  /**
   * The set a reporter acts on (submit, delete drafts): the unit's values for a period, all or
   * the indicators named — a department acts on the figures it reports for its region, and only
   * those. Checks the actor may write for the reporting unit.
   */
  async function reportedSet(
    input: { unit: string; period: string; indicatorCodes?: readonly string[] },
    actor: Actor,
  ) {
    const registry = await loadCollectionRegistry(db);
    const reporting = requireUnit(registry, input.unit);
    authorize(actor, 'observation.write', reporting);
    const period = parsePeriod(input.period);
    const owned = ownedIndicators(registry, reporting, period.type);
    const region = reporting.kind === 'department' ? regionOf(registry, reporting) : undefined;
    const onBehalf = region !== undefined && owned.length > 0;
    const ownedIds = new Set(owned.map((i) => i.id));
    const named = input.indicatorCodes?.map((c) => requireIndicator(registry, c).id);
    return {
      registry,
      period,
      unit: onBehalf ? region : reporting,
      indicatorIds: onBehalf ? (named ?? [...ownedIds]).filter((id) => ownedIds.has(id)) : named,
    };
  }

  type ReportedSet = Awaited<ReturnType<typeof reportedSet>>;

  /**
   * One change of a reporter to the set they act on (submit, delete drafts): finds and changes
   * the rows in one transaction with its audit entry, and refuses with INVALID_TRANSITION,
   * saying `nothing`, when there was nothing to change.
   */
  async function changeReportedSet<R extends { indicator_id: string }>(
    input: { unit: string; period: string; indicatorCodes?: readonly string[] },
    actor: Actor,
    change: {
      readonly rows: (trx: typeof db, set: CellSet, at: ReportedSet) => Promise<R[]>;
      readonly audit: (
        rows: readonly R[],
        at: ReportedSet,
      ) => Omit<AuditChange, 'entity' | 'entityId'>;
      readonly nothing: { readonly zh: string; readonly en: string };
    },
  ) {
    const at = await reportedSet(input, actor);
    const set = cellSetOf(at.registry, at.unit, at.period, at.indicatorIds);
    const rows = await db.transaction().execute(async (trx) => {
      const changed = await change.rows(trx, set, at);
      if (changed.length > 0)
        await recordChange(trx, deps.clock, actor, {
          entity: 'observation',
          entityId: `${at.unit.code}:${at.period.id}`,
          ...change.audit(changed, at),
        });
      return changed;
    });
    if (rows.length === 0)
      throw new DomainError('INVALID_TRANSITION', change.nothing.zh, change.nothing.en, {
        details: { unit: at.unit.code, period: at.period.id },
      });
    const indicatorCodes = rows.map((r) => codeOf(at.registry, r.indicator_id)).sort();
    return { ...at, rows, indicatorCodes };
  }

  /**
   * Submits a unit's drafts and returned values for a period (all due indicators, or
   * the ones named) for review; returns how many, and the due indicators still without a value.
   */
  async function submit(
    input: { unit: string; period: string; indicatorCodes?: readonly string[] },
    actor: Actor,
  ) {
    const now = deps.clock.now();
    const today = deps.clock.today();
    const { registry, period, unit, rows, indicatorCodes } = await changeReportedSet(input, actor, {
      async rows(trx, set, { registry, unit, period }) {
        const found = withIndicatorIds(
          registry,
          await findCellsInState(trx, set, ['draft', 'returned']),
        );
        if (found.length === 0) return found;
        await applyStateChangeToRollup(trx, registry, unit, period, found, 'submitted');
        await moveCellsToState(
          trx,
          { ...set, indicatorNums: found.map((r) => r.indicator_num) },
          { state: 'submitted', submitted: { at: now, on: today, by: actor.id } },
        );
        return found;
      },
      audit: (found, { registry }) => ({
        action: 'observation.submit',
        oldValue: found.map((r) => [codeOf(registry, r.indicator_id), r.value, r.state]),
        newValue: found.map((r) => [codeOf(registry, r.indicator_id), r.value, 'submitted']),
      }),
      nothing: {
        zh: '没有可提交的草稿或退回数据',
        en: 'nothing to submit: no draft or returned values',
      },
    });
    const duties = await loadDuties(db, yearOfPeriod(period));
    const present = new Set(
      withIndicatorIds(
        registry,
        (await indicatorNumsPresent(db, { unitNum: unit.num, periodId: period.id })).map(
          (indicator_num) => ({ indicator_num }),
        ),
      ).map((r) => r.indicator_id),
    );
    return {
      submitted: rows.length,
      indicatorCodes,
      missing: dueIndicators(registry, duties, unit.id, period.type)
        .filter((i) => !present.has(i.id))
        .map((i) => i.code),
    };
  }

  /**
   * Deletes a unit's drafts for a period (all, or the indicators named), audited; submitted,
   * approved and returned values stay. A department deletes the drafts it keeps for its region.
   */
  async function deleteDrafts(
    input: { unit: string; period: string; indicatorCodes?: readonly string[]; reason?: string },
    actor: Actor,
  ) {
    const { unit, period, rows, indicatorCodes } = await changeReportedSet(input, actor, {
      rows: async (trx, set, { registry }) =>
        withIndicatorIds(registry, await deleteDraftRows(trx, set)),
      audit: (deleted, { registry }) => ({
        action: 'observation.delete-draft',
        oldValue: deleted.map((r) => [codeOf(registry, r.indicator_id), r.value, r.comment]),
        newValue: null,
        reason: (input.reason ?? '').trim(),
      }),
      nothing: {
        zh: '没有可删除的草稿（已提交、已审核或已退回的数据不能删除）',
        en: 'no drafts to delete (submitted, approved and returned values cannot be deleted)',
      },
    });
    return { unit: unit.code, period: period.id, deleted: rows.length, indicatorCodes };
  }

  /** Sets an indicator's entry rules (bounds, year-on-year threshold); planners and admins. */
  async function setEntryRules(
    indicatorCode: string,
    rules: {
      minValue: number | null;
      maxValue: number | null;
      maxYoyChangePct: number | null;
      /** Absent: the indicator keeps the bound it has. */
      maxMagnitude?: number | null;
    },
    actor: Actor,
    reason = '',
  ) {
    requireGrant(actor, 'indicator.write');
    if (rules.minValue !== null && rules.maxValue !== null && rules.minValue > rules.maxValue)
      throw new DomainError(
        'VALIDATION_FAILED',
        '下限不能大于上限',
        'the minimum cannot exceed the maximum',
      );
    const registry = await loadCollectionRegistry(db);
    const indicator = requireIndicator(registry, indicatorCode);
    const maxMagnitude =
      rules.maxMagnitude === undefined
        ? (indicator.rules.maxMagnitude ?? null)
        : rules.maxMagnitude;
    // Bounds no value could reach would make every entry fail with two contradictory reasons.
    if (maxMagnitude !== null)
      for (const bound of [rules.minValue, rules.maxValue])
        if (bound !== null && Math.abs(bound) > maxMagnitude)
          throw new DomainError(
            'VALIDATION_FAILED',
            `上下限 ${bound} 超出量级上限 ±${maxMagnitude}`,
            `the bound ${bound} is beyond the magnitude bound ±${maxMagnitude}`,
          );
    await db.transaction().execute(async (trx) => {
      await indicators.setIndicatorEntryRules(
        indicator.id,
        {
          min_value: rules.minValue,
          max_value: rules.maxValue,
          max_yoy_change_pct: rules.maxYoyChangePct,
          max_magnitude: maxMagnitude,
        },
        trx,
      );
      await bumpRevision(trx, 'registry.revision', deps.clock.now(), actor.id);
      await recordChange(trx, deps.clock, actor, {
        action: 'indicator.entry-rules',
        entity: 'indicator',
        entityId: indicator.code,
        oldValue: indicator.rules,
        newValue: { measure: indicator.measure, ...rules, maxMagnitude },
        reason,
      });
    });
    return {
      indicatorCode: indicator.code,
      minValue: rules.minValue,
      maxValue: rules.maxValue,
      maxYoyChangePct: rules.maxYoyChangePct,
      maxMagnitude,
    };
  }

  /** The indicators a unit reports, and whether that comes from assignments or from its history. */
  async function getAssignments(unitCode: string) {
    const registry = await loadCollectionRegistry(db);
    const unit = requireUnit(registry, unitCode);
    const assigned = await assignments.listAssigned(unit.id);
    if (assigned.length > 0)
      return {
        unit: unit.code,
        basis: 'assigned' as const,
        indicatorCodes: assigned.map((id) => codeOf(registry, id)).sort(),
      };
    const duties = await loadDuties(db, yearFromToday(deps.clock.today()));
    return {
      unit: unit.code,
      basis: 'history' as const,
      indicatorCodes: [...(duties.get(unit.id) ?? [])].map((id) => codeOf(registry, id)).sort(),
    };
  }

  /** Replaces a unit's reporting duties (a planner within the unit's scope); an empty list returns it to its history. */
  async function setAssignments(
    unitCode: string,
    indicatorCodes: readonly string[],
    actor: Actor,
    reason = '',
  ) {
    requireGrant(actor, 'indicator.write');
    const registry = await loadCollectionRegistry(db);
    const unit = requireUnit(registry, unitCode);
    authorize(actor, 'indicator.write', unit);
    const ids = [...new Set(indicatorCodes)].map((c) => requireIndicator(registry, c).id);
    await db.transaction().execute(async (trx) => {
      const before = await assignments.listAssigned(unit.id, trx);
      await assignments.replaceAssigned(unit.id, ids, trx);
      await recordChange(trx, deps.clock, actor, {
        action: 'unit.assignments',
        entity: 'unit',
        entityId: unit.code,
        oldValue: before.map((id) => codeOf(registry, id)).sort(),
        newValue: [...new Set(indicatorCodes)].sort(),
        reason,
      });
    });
    return getAssignments(unit.code);
  }

  return {
    getForm,
    saveEntries,
    submit,
    deleteDrafts,
    setEntryRules,
    getAssignments,
    setAssignments,
  };
}

const yearFromToday = (today: string) => Number(today.slice(0, 4));

/** An indicator's code by id (the id itself when unknown, which only a broken database has). */
export const codeOf = (registry: CollectionRegistry, indicatorId: string) =>
  registry.indicatorsById.get(indicatorId)?.code ?? indicatorId;

export type DataEntryService = ReturnType<typeof createDataEntryService>;
