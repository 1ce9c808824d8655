/**
 * Timeliness (及时性): due days per cadence (core defaults, overridden in due_rule), the
 * overdue list per unit, and completeness and timeliness rates per unit and department.
 */
import { DomainError } from '../core/domain-error.ts';
import {
  addDays,
  daysBetween,
  isIsoDate,
  periodTypes,
  yearOfPeriod,
  type PeriodType,
} from '../core/period.ts';
import { can } from '../core/permission.ts';
import {
  compareTodo,
  countFormStates,
  formStateOf,
  isFormOverdue,
} from '../core/reporting-todo.ts';
import {
  computeDueDate,
  computeTimelinessRates,
  defaultDueRules,
  periodsEnded,
  periodsPastDue,
  type DueCell,
  type DueRules,
} from '../core/timeliness.ts';
import { recordChange } from '../store/audit-log.ts';
import {
  readDueRuleRows,
  readFormValueStates,
  readReportedCells,
  replaceDueRule,
} from '../store/timeliness-repository.ts';
import {
  formOf,
  loadCollectionRegistry,
  loadDuties,
  reportedStates,
  requireGrant,
  requireUnit,
  type CollectionRegistry,
  type UnitRef,
} from './collection-context.ts';
import type { Actor, ServiceDeps } from './ports.ts';

const requireDate = (date: string, field: string) => {
  if (!isIsoDate(date))
    throw new DomainError(
      'VALIDATION_FAILED',
      `${field}须为 YYYY-MM-DD 日期`,
      `${field} must be a YYYY-MM-DD date`,
    );
  return date;
};

export function createTimelinessService(deps: ServiceDeps) {
  const { db } = deps.database;

  /** The due rules in force: core's defaults with the stored overrides. */
  async function getDueRules(): Promise<DueRules> {
    const rows = await readDueRuleRows(db);
    const rules: Record<PeriodType, number> = { ...defaultDueRules };
    for (const r of rows)
      if ((periodTypes as readonly string[]).includes(r.period_type))
        rules[r.period_type as PeriodType] = r.days_after_end;
    return rules;
  }

  /** Overrides the due days of some cadences; planners and admins. */
  async function setDueRules(
    patch: Partial<Record<PeriodType, number>>,
    actor: Actor,
    reason = '',
  ) {
    requireGrant(actor, 'indicator.write');
    const before = await getDueRules();
    await db.transaction().execute(async (trx) => {
      for (const [type, days] of Object.entries(patch)) {
        if (days === undefined) continue;
        await replaceDueRule(trx, type, days);
      }
      await recordChange(trx, deps.clock, actor, {
        action: 'due-rules.set',
        entity: 'due_rule',
        entityId: 'all',
        oldValue: before,
        newValue: { ...before, ...patch },
        reason,
      });
    });
    return getDueRules();
  }

  /** The (unit, indicator, period) cells due between two dates, with the date each was submitted. */
  async function loadDueCells(
    from: string,
    asOf: string,
    rules: DueRules,
    registry: CollectionRegistry,
  ) {
    const years = new Set<number>();
    for (let y = Number(from.slice(0, 4)); y <= Number(asOf.slice(0, 4)); y++) years.add(y);
    // A year that starts after asOf has nothing due yet.
    if (years.size === 0) return [];
    const duties = new Map<string, Set<string>>();
    for (const year of years)
      for (const [unitId, ids] of await loadDuties(db, year)) {
        const set = duties.get(unitId) ?? new Set<string>();
        for (const id of ids) set.add(id);
        duties.set(unitId, set);
      }
    const periodsOf = new Map<PeriodType, ReturnType<typeof periodsPastDue>>();
    const periodsFor = (type: PeriodType) => {
      let list = periodsOf.get(type);
      if (!list) periodsOf.set(type, (list = periodsPastDue(type, from, asOf, rules)));
      return list;
    };
    const reported = await readReportedCells(db, reportedStates, [
      ...years,
      Math.min(...years) - 1,
    ]);
    const submittedOn = new Map(
      // Values approved without a recorded submission (the demo, older imports) count from their last change.
      reported.map((r) => [
        `${r.unit_id}\u0000${r.indicator_id}\u0000${r.period_id}`,
        r.submitted_on ?? r.updated_at.slice(0, 10),
      ]),
    );
    const cells: (DueCell & { unitId: string; indicatorId: string; periodId: string })[] = [];
    for (const [unitId, ids] of duties) {
      for (const indicatorId of ids) {
        const indicator = registry.indicatorsById.get(indicatorId);
        if (!indicator) continue;
        for (const period of periodsFor(indicator.cadence))
          cells.push({
            unitId,
            indicatorId,
            periodId: period.id,
            dueDate: computeDueDate(period, rules),
            submittedOn: submittedOn.get(`${unitId}\u0000${indicatorId}\u0000${period.id}`) ?? null,
          });
      }
    }
    return cells;
  }

  /**
   * Per unit, the periods whose due day passed before `asOf` with a due value not
   * submitted, over the year before `asOf` (or from `since`).
   */
  async function getOverdue(query: { asOf?: string; since?: string } = {}) {
    const asOf = requireDate(query.asOf ?? deps.clock.today(), 'asOf');
    const since = requireDate(query.since ?? addDays(asOf, -365), 'since');
    const rules = await getDueRules();
    const registry = await loadCollectionRegistry(db);
    const cells = (await loadDueCells(since, asOf, rules, registry)).filter(
      (c) => c.submittedOn === null,
    );
    const byUnit = new Map<string, Map<string, { dueDate: string; indicatorCodes: string[] }>>();
    for (const c of cells) {
      let periods = byUnit.get(c.unitId);
      if (!periods)
        byUnit.set(
          c.unitId,
          (periods = new Map<string, { dueDate: string; indicatorCodes: string[] }>()),
        );
      let p = periods.get(c.periodId);
      if (!p) periods.set(c.periodId, (p = { dueDate: c.dueDate, indicatorCodes: [] }));
      p.indicatorCodes.push(registry.indicatorsById.get(c.indicatorId)?.code ?? c.indicatorId);
    }
    const units = [...byUnit.entries()]
      .map(([unitId, periods]) => {
        const unit = registry.unitsById.get(unitId);
        const list = [...periods.entries()]
          .map(([periodId, p]) => ({
            periodId,
            dueDate: p.dueDate,
            daysOverdue: daysBetween(p.dueDate, asOf),
            indicatorCodes: p.indicatorCodes.sort(),
          }))
          .sort(
            (a, b) => a.dueDate.localeCompare(b.dueDate) || a.periodId.localeCompare(b.periodId),
          );
        return {
          unitCode: unit?.code ?? unitId,
          unitName: unit?.name ?? '',
          unitKind: unit?.kind ?? 'region',
          sortOrder: unit?.sortOrder ?? 0,
          overdueValues: list.reduce((n, p) => n + p.indicatorCodes.length, 0),
          periods: list,
        };
      })
      .sort((a, b) => a.sortOrder - b.sortOrder || a.unitCode.localeCompare(b.unitCode))
      .map(({ sortOrder: _sortOrder, ...u }) => u);
    return { asOf, since, units };
  }

  /**
   * Completeness and timeliness for a year, over the periods whose due day passed by
   * `asOf` (today by default): per unit, per department (with its sub-units), and overall.
   */
  async function getTimeliness(query: { year: number; asOf?: string }) {
    const asOf = requireDate(query.asOf ?? deps.clock.today(), 'asOf');
    const rules = await getDueRules();
    const registry = await loadCollectionRegistry(db);
    const cells = (await loadDueCells(`${query.year}-01-01`, asOf, rules, registry)).filter((c) =>
      c.periodId.startsWith(String(query.year)),
    );
    const byUnit = new Map<string, DueCell[]>();
    for (const c of cells) {
      const list = byUnit.get(c.unitId) ?? [];
      list.push(c);
      byUnit.set(c.unitId, list);
    }
    const view = (unit: UnitRef, own: readonly DueCell[]) => ({
      unitCode: unit.code,
      unitName: unit.name,
      unitKind: unit.kind,
      parentCode: unit.parentId ? (registry.unitsById.get(unit.parentId)?.code ?? null) : null,
      ...computeTimelinessRates(own),
    });
    const units = [...registry.units.values()]
      .filter((u) => byUnit.has(u.id))
      .map((u) => view(u, byUnit.get(u.id) ?? []));
    // A department is counted with its sub-units, from the top department of each branch.
    const departments = [...registry.units.values()]
      .filter(
        (u) =>
          u.kind === 'department' &&
          registry.unitsById.get(u.parentId ?? '')?.kind !== 'department',
      )
      .map((d) =>
        view(
          d,
          // Its own units' duties, and the district-wide figures it reports on the region's behalf.
          cells.filter((c) => {
            if (registry.unitsById.get(c.unitId)?.path.startsWith(d.path)) return true;
            const owner = registry.indicatorsById.get(c.indicatorId)?.ownerUnitId;
            return (
              owner !== null &&
              owner !== undefined &&
              (registry.unitsById.get(owner)?.path.startsWith(d.path) ?? false)
            );
          }),
        ),
      )
      .filter((d) => d.due > 0);
    return {
      year: query.year,
      asOf,
      rules,
      overall: computeTimelinessRates(cells),
      units,
      departments,
    };
  }

  /**
   * The reporter's to-do (待办): every form of a unit the actor reports for (a unit's
   * indicators of one period) that has come due since the start of last year and still asks
   * something of them — not started, partly sent, drafts, returned, or waiting on the
   * reviewer — with its due day from the due-day rules, overdue ones flagged. Returned forms
   * first, then the overdue, the due, and those waiting (core/reporting-todo.ts). One unit
   * when `unit` is given. Empty for an actor who reports for no unit.
   */
  async function getTodo(actor: Actor, query: { unit?: string; asOf?: string } = {}) {
    const asOf = requireDate(query.asOf ?? deps.clock.today(), 'asOf');
    const since = `${Number(asOf.slice(0, 4)) - 1}-01-01`;
    const registry = await loadCollectionRegistry(db);
    const root = query.unit ? requireUnit(registry, query.unit) : undefined;
    const units = (root ? [root] : [...registry.units.values()]).filter((u) =>
      can(actor, 'observation.write', u.path),
    );
    const rules = await getDueRules();
    const years = [Number(since.slice(0, 4)), Number(asOf.slice(0, 4))];
    const dutiesOf = new Map<number, Awaited<ReturnType<typeof loadDuties>>>();
    for (const year of years) dutiesOf.set(year, await loadDuties(db, year));
    // A form's indicators follow its year's duties; most cadences hold none for a unit.
    const periodsOf = new Map(periodTypes.map((t) => [t, periodsEnded(t, since, asOf)]));
    const forms = units.flatMap((unit) =>
      years.flatMap((year) =>
        periodTypes.flatMap((type) => {
          const form = formOf(registry, dutiesOf.get(year) ?? new Map(), unit, type);
          if (form.indicators.length === 0) return [];
          return (periodsOf.get(type) ?? [])
            .filter((period) => yearOfPeriod(period) === year)
            .map((period) => ({ unit, period, ...form }));
        }),
      ),
    );
    const states = new Map(
      (await readFormValueStates(db, [...new Set(forms.map((f) => f.valueUnit.id))], years)).map(
        (r) => [`${r.unit_id}\u0000${r.indicator_id}\u0000${r.period_id}`, r.state],
      ),
    );
    const items = forms
      .flatMap(({ unit, period, indicators, valueUnit }) => {
        const counts = countFormStates(
          indicators.map(
            (i) => states.get(`${valueUnit.id}\u0000${i.id}\u0000${period.id}`) ?? null,
          ),
        );
        const state = formStateOf(counts);
        if (state === null) return [];
        const dueDate = computeDueDate(period, rules);
        const overdue = isFormOverdue(state, dueDate, asOf);
        return [
          {
            unitCode: unit.code,
            unitName: unit.name,
            unitSortOrder: unit.sortOrder,
            periodId: period.id,
            periodType: period.type,
            dueDate,
            overdue,
            daysOverdue: overdue ? daysBetween(dueDate, asOf) : 0,
            state,
            counts,
          },
        ];
      })
      .sort(compareTodo)
      .map(({ unitSortOrder: _sortOrder, ...item }) => item);
    return {
      asOf,
      since,
      items,
      overdue: items.filter((i) => i.overdue).length,
      returned: items.filter((i) => i.state === 'returned').length,
    };
  }

  return { getDueRules, setDueRules, getOverdue, getTimeliness, getTodo };
}

export type TimelinessService = ReturnType<typeof createTimelinessService>;
