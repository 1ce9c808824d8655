/**
 * Review (审核): a reviewer approves a unit's submitted values for a period, which locks
 * them, or returns them with a reason; reopening an approved set needs a reviewer and a
 * reason. Every transition is one audit entry. The status grid is the cockpit's view.
 */
import { DomainError } from '../core/domain-error.ts';
import { reviewNotice } from '../core/notice.ts';
import { recordChange } from '../store/audit-log.ts';
import { computeYoyChangePct, implausibility } from '../core/entry-rules.ts';
import { parsePeriod, periodLabel, samePeriodLastYear, yearOfPeriod } from '../core/period.ts';
import {
  listSubmittedValues,
  valuesOfPeriodForReview,
  valuesOfPeriods,
} from '../store/review-queue-store.ts';
import {
  applyStateChangeToRollup,
  authorize,
  type IndicatorRef,
  dueIndicators,
  loadCollectionRegistry,
  loadDuties,
  requireIndicator,
  requireUnit,
  unitsUnder,
  withIndicatorIds,
} from './collection-context.ts';
import { findCellsInState, moveCellsToState } from '../store/observation-cells.ts';
import { codeOf } from './data-entry-service.ts';
import { createNotificationService } from './notification-service.ts';
import type { Actor, ServiceDeps } from './ports.ts';

export type ReviewDecision = 'approve' | 'return';

export interface ReviewInput {
  readonly unit: string;
  readonly period: string;
  /** Only these indicators; all submitted ones of the unit and period when absent. */
  readonly indicatorCodes?: readonly string[];
  readonly decision: ReviewDecision;
  readonly reason?: string;
}

/** The state of one unit × indicator in the status grid; `missing` when a due value is absent. */
export type CellState = 'missing' | 'draft' | 'submitted' | 'approved' | 'returned';

const requireReason = (reason: string | undefined, what: string, whatEn: string) => {
  const trimmed = (reason ?? '').trim();
  if (trimmed === '')
    throw new DomainError('VALIDATION_FAILED', `${what}必须填写原因`, `${whatEn} needs a reason`, {
      details: [{ field: 'reason', reason: 'required' }],
    });
  return trimmed;
};

/**
 * What a reviewer reads beside a value: last year's, the change, and whether the value is
 * implausible (above the indicator's maximum, or beyond ten times last year) and why.
 */
const compareWithLastYear = (
  indicator: IndicatorRef,
  value: number | null,
  lastYear: number | null,
) => {
  const flag = value === null ? null : implausibility(indicator.rules, value, lastYear);
  return {
    measureUnit: indicator.unit,
    decimals: indicator.decimals,
    lastYearValue: lastYear,
    yoyChangePct: value === null ? null : computeYoyChangePct(value, lastYear),
    implausible: flag?.reason ?? '',
    implausibleEn: flag?.reasonEn ?? '',
  };
};

export function createReviewService(deps: ServiceDeps) {
  const { db } = deps.database;

  async function transition(
    input: { unit: string; period: string; indicatorCodes?: readonly string[] },
    actor: Actor,
    change: {
      from: readonly ('draft' | 'submitted' | 'approved' | 'returned')[];
      to: 'approved' | 'returned';
      action: string;
      reason: string;
      nothing: [string, string];
    },
  ) {
    const registry = await loadCollectionRegistry(db);
    const unit = requireUnit(registry, input.unit);
    authorize(actor, 'observation.review', unit);
    const period = parsePeriod(input.period);
    const indicatorNums = input.indicatorCodes?.map((c) => requireIndicator(registry, c).num);
    const set = {
      unitNum: unit.num,
      periodId: period.id,
      ...(indicatorNums ? { indicatorNums } : {}),
    };
    const rows = await db.transaction().execute(async (trx) => {
      const found = withIndicatorIds(registry, await findCellsInState(trx, set, [...change.from]));
      if (found.length === 0) return found;
      await applyStateChangeToRollup(trx, registry, unit, period, found, change.to);
      await moveCellsToState(
        trx,
        { ...set, indicatorNums: found.map((r) => r.indicator_num) },
        { state: change.to, reviewReason: change.reason, updatedAt: deps.clock.now() },
      );
      await recordChange(trx, deps.clock, actor, {
        action: change.action,
        entity: 'observation',
        entityId: `${unit.code}:${period.id}`,
        oldValue: found.map((r) => [codeOf(registry, r.indicator_id), r.value, r.state]),
        newValue: found.map((r) => [codeOf(registry, r.indicator_id), r.value, change.to]),
        reason: change.reason,
      });
      return found;
    });
    if (rows.length === 0)
      throw new DomainError('INVALID_TRANSITION', change.nothing[0], change.nothing[1], {
        details: { unit: unit.code, period: period.id, from: change.from },
      });
    // Approving or reopening moves counted figures: the warnings that watch them are evaluated.
    await deps.commits?.publish(
      {
        indicatorCodes: [...new Set(rows.map((r) => codeOf(registry, r.indicator_id)))],
        unitCodes: [unit.code],
      },
      actor,
    );
    // The unit's reporters hear of a return or a reopening, with the reason, in their inbox.
    if (change.to === 'returned')
      await createNotificationService(deps).notifyUnit(
        unit,
        ['reporter'],
        reviewNotice({
          kind: change.action === 'observation.reopen' ? 'reopened' : 'returned',
          unitCode: unit.code,
          unitName: unit.name,
          periodId: period.id,
          periodLabel: periodLabel(period, 'zh'),
          indicatorNames: rows.map((r) => registry.indicatorsById.get(r.indicator_id)?.name ?? ''),
          reason: change.reason,
          at: deps.clock.now(),
        }),
      );
    return {
      unit: unit.code,
      period: period.id,
      state: change.to,
      indicatorCodes: rows.map((r) => codeOf(registry, r.indicator_id)).sort(),
    };
  }

  /** Approves (locks) or returns a unit's submitted values for a period; returning needs a reason. */
  async function review(input: ReviewInput, actor: Actor) {
    if (input.decision === 'approve')
      return transition(input, actor, {
        from: ['submitted'],
        to: 'approved',
        action: 'observation.approve',
        reason: (input.reason ?? '').trim(),
        nothing: ['没有待审核（已提交）的数据', 'nothing to approve: no submitted values'],
      });
    return transition(input, actor, {
      from: ['submitted'],
      to: 'returned',
      action: 'observation.return',
      reason: requireReason(input.reason, '退回', 'returning'),
      nothing: ['没有待审核（已提交）的数据', 'nothing to return: no submitted values'],
    });
  }

  /** Reopens approved values (they become returned, so the reporter can edit); needs a reviewer and a reason. */
  async function reopen(
    input: { unit: string; period: string; indicatorCodes?: readonly string[]; reason: string },
    actor: Actor,
  ) {
    return transition(input, actor, {
      from: ['approved'],
      to: 'returned',
      action: 'observation.reopen',
      reason: requireReason(input.reason, '重新打开', 'reopening'),
      nothing: ['没有已审核锁定的数据可重新打开', 'nothing to reopen: no approved values'],
    });
  }

  /**
   * The reviewer's queue: every submitted value waiting, across periods and units, within
   * the reviewer's units (below a unit when given), oldest submission first, each with its
   * unit of measure, last year, year-on-year change, the reporter's comment and the flag.
   */
  async function getQueue(actor: Actor, underCode?: string) {
    const registry = await loadCollectionRegistry(db);
    const root = underCode ? requireUnit(registry, underCode) : null;
    const allowed = new Set(
      (root ? unitsUnder(registry, root) : [...registry.units.values()])
        .filter((u) => {
          try {
            authorize(actor, 'observation.review', u);
            return true;
          } catch {
            return false;
          }
        })
        .map((u) => u.id),
    );
    const waiting = (await listSubmittedValues(db)).filter((o) => allowed.has(o.unit_id));
    const lastYearOf = (periodId: string) => samePeriodLastYear(parsePeriod(periodId)).id;
    const lastYear = await valuesOfPeriods(
      db,
      waiting.map((o) => lastYearOf(o.period_id)),
    );
    const items = waiting.flatMap((o) => {
      const unit = registry.unitsById.get(o.unit_id);
      const indicator = registry.indicatorsById.get(o.indicator_id);
      if (!unit || !indicator) return [];
      const base =
        lastYear.get(`${o.indicator_id}\u0000${o.unit_id}\u0000${lastYearOf(o.period_id)}`) ?? null;
      return [
        {
          unitCode: unit.code,
          unitName: unit.name,
          periodId: o.period_id,
          indicatorCode: indicator.code,
          indicatorName: indicator.name,
          value: o.value,
          version: o.version,
          comment: o.comment,
          submittedAt: o.submitted_at,
          ...compareWithLastYear(indicator, o.value, base),
        },
      ];
    });
    return {
      items,
      sets: new Set(items.map((i) => `${i.unitCode}:${i.periodId}`)).size,
      implausible: items.filter((i) => i.implausible !== '').length,
    };
  }

  /**
   * The state of every due (or present) unit × indicator for a period, under a unit
   * (everything when absent), with counts per state: the cockpit's submission grid.
   */
  async function getStatus(periodId: string, underCode?: string) {
    const registry = await loadCollectionRegistry(db);
    const period = parsePeriod(periodId);
    const root = underCode ? requireUnit(registry, underCode) : null;
    const units = root ? unitsUnder(registry, root) : [...registry.units.values()];
    const unitIds = new Set(units.map((u) => u.id));
    const duties = await loadDuties(db, yearOfPeriod(period));
    const observations = await valuesOfPeriodForReview(db, period.id);
    const byKey = new Map(observations.map((o) => [`${o.unit_id}\u0000${o.indicator_id}`, o]));
    const lastYearId = samePeriodLastYear(period).id;
    const lastYear = await valuesOfPeriods(db, [lastYearId]);
    const cells: ({
      unitCode: string;
      unitName: string;
      indicatorCode: string;
      indicatorName: string;
      state: CellState;
      value: number | null;
      version: number;
      submittedAt: string | null;
      updatedAt: string | null;
      reviewReason: string;
      comment: string;
    } & ReturnType<typeof compareWithLastYear>)[] = [];
    const emitted = new Set<string>();
    const push = (unitId: string, indicatorId: string) => {
      const key = `${unitId}\u0000${indicatorId}`;
      if (emitted.has(key)) return;
      emitted.add(key);
      const unit = registry.unitsById.get(unitId);
      const indicator = registry.indicatorsById.get(indicatorId);
      if (!unit || !indicator) return;
      const o = byKey.get(key);
      cells.push({
        unitCode: unit.code,
        unitName: unit.name,
        indicatorCode: indicator.code,
        indicatorName: indicator.name,
        state: o?.state ?? 'missing',
        value: o?.value ?? null,
        version: o?.version ?? 0,
        submittedAt: o?.submitted_at ?? null,
        updatedAt: o?.updated_at ?? null,
        reviewReason: o?.review_reason ?? '',
        comment: o?.comment ?? '',
        ...compareWithLastYear(
          indicator,
          o?.value ?? null,
          lastYear.get(`${indicatorId}\u0000${unitId}\u0000${lastYearId}`) ?? null,
        ),
      });
    };
    for (const unit of units)
      for (const indicator of dueIndicators(registry, duties, unit.id, period.type))
        push(unit.id, indicator.id);
    for (const o of observations) if (unitIds.has(o.unit_id)) push(o.unit_id, o.indicator_id);
    const counts = { missing: 0, draft: 0, submitted: 0, approved: 0, returned: 0 };
    for (const c of cells) counts[c.state]++;
    return { period: period.id, cells, counts };
  }

  return { review, reopen, getQueue, getStatus };
}

export type ReviewService = ReturnType<typeof createReviewService>;
