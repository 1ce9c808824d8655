/**
 * Warnings (预警): rules a planner edits, evaluated over the counted figures (a job, a route,
 * or after a write), and an inbox — acknowledge, assign to a unit with a deadline, resolve
 * with a note — every change in the audit log. A warning whose condition no longer holds
 * past its hysteresis is resolved as recovered; one that still holds is not raised twice.
 */
import { DomainError } from '../core/domain-error.ts';
import type { Role } from '../core/permission.ts';
import type { PeriodType } from '../core/period.ts';
import {
  arrangeSubjectRules,
  describeSeriesState,
  evaluateLag,
  evaluateMissing,
  readsLastYear,
  rulesFiringOn,
  seriesRuleState,
  type SubjectRules,
  warningSeverities,
  type WarningCondition,
  type WarningRule,
  type WarningSeverity,
} from '../core/warning-rules.ts';
import { warningNotice } from '../core/notice.ts';
import { recordChange } from '../store/audit-log.ts';
import { findUnitsByCode } from '../store/project-repository.ts';
import type { WarningRuleTable, WarningTable } from '../store/schema.ts';
import { createWarningStore } from '../store/warning-store.ts';
import { requireGrant } from './collection-context.ts';
import { createObservationService, type CountedValue } from './observation-service.ts';
import { createPlanService } from './plan-service.ts';
import { createNotificationService } from './notification-service.ts';
import type { Actor, CountedChange, ServiceDeps } from './ports.ts';
import { createTimelinessService } from './timeliness-service.ts';

export type WarningRuleInput = Omit<WarningRule, 'id'> & { readonly id?: string };

type PlanTreeView = Awaited<ReturnType<ReturnType<typeof createPlanService>['getPlanTree']>>;

/** A subject's counted series this year at its finest cadence, and last year's by this year's ids. */
interface RuleSeries {
  readonly series: { periodId: string; value: number }[];
  readonly lastYear: Map<string, number>;
  /** Whether the year before was read: empty `lastYear` then means no values, not unread. */
  readonly withLastYear: boolean;
}

/** A subject and the series rules naming it, arranged for screening. */
interface WatchedSubject {
  readonly subject: SeriesSubject;
  readonly rules: SubjectRules<WarningRule>;
}

/** One (indicator, unit) a series rule watches, with its keys made once. */
interface SeriesSubject {
  readonly indicatorCode: string;
  readonly unitCode: string;
  /** The key of its series in an evaluation, and of its warning. */
  readonly seriesKey: string;
  readonly subjectKey: string;
}

const seriesSubject = (indicatorCode: string, unitCode: string): SeriesSubject => ({
  indicatorCode,
  unitCode,
  seriesKey: `${indicatorCode}|${unitCode}`,
  subjectKey: `series|${unitCode}|${indicatorCode}`,
});

/** What every rule of one evaluation shares: the plan, its assessed tree, the series read. */
interface EvaluationContext {
  readonly plan: { readonly unitCode: string; readonly year: number };
  tree(): Promise<PlanTreeView>;
  series(indicatorCode: string, unitCode: string, withLastYear: boolean): Promise<RuleSeries>;
}

/** The enabled rules as parsed once for a revision of the rule table, by what they watch. */
interface RuleIndex {
  readonly revision: number;
  /** Every enabled rule, by name. */
  readonly rules: readonly WarningRule[];
  readonly position: ReadonlyMap<WarningRule, number>;
  readonly byId: ReadonlyMap<string, WarningRule>;
  /** Series rules naming their units, arranged per subject, under the subject's indicator. */
  readonly subjectsByIndicator: ReadonlyMap<string, readonly WatchedSubject[]>;
  /** Series rules naming no unit: they watch the plan's unit, known only at evaluation. */
  readonly planUnitSeriesByIndicator: ReadonlyMap<string, readonly WarningRule[]>;
  /** Lag rules under each indicator they name; those naming none watch every target's. */
  readonly lagByIndicator: ReadonlyMap<string, readonly WarningRule[]>;
  readonly everyTarget: readonly WarningRule[];
  /** Missing-report rules: time-based, evaluated on schedule only. */
  readonly missing: readonly WarningRule[];
}

const seriesKinds: ReadonlySet<WarningCondition['kind']> = new Set(['threshold', 'change', 'run']);

/** A subject's series as a rule reads it: this year's values at the finest cadence it has, and last year's. */
function toRuleSeries(
  values: readonly CountedValue[],
  year: number,
  withLastYear: boolean,
): RuleSeries {
  let finest = -1;
  for (const v of values) {
    const order = periodOrder.indexOf(v.type);
    if (finest === -1 || order < finest) finest = order;
  }
  const type = periodOrder[finest];
  const series: { periodId: string; value: number }[] = [];
  const lastYear = new Map<string, number>();
  const thisYear = String(year);
  const previousYear = String(year - 1);
  for (const v of values) {
    if (v.type !== type) continue;
    const y = v.periodId.slice(0, 4);
    if (y === thisYear) series.push({ periodId: v.periodId, value: v.value });
    else if (y === previousYear) lastYear.set(`${thisYear}${v.periodId.slice(4)}`, v.value);
  }
  return { series, lastYear, withLastYear };
}

/** What a scoped evaluation looks at: the indicators a write moved, and the subjects it saw. */
interface EvaluationScope {
  readonly indicatorCodes: ReadonlySet<string>;
  readonly subjects: Set<string>;
}

/** What a rule finds firing now, before it is compared with the open warnings. */
interface Finding {
  readonly subjectKey: string;
  readonly unitCode: string | null;
  readonly indicatorCode: string | null;
  readonly targetId: string | null;
  readonly sincePeriodId: string | null;
  readonly message: { readonly zh: string; readonly en: string };
}

const periodOrder: PeriodType[] = ['day', 'week', 'dekad', 'month', 'quarter', 'half', 'year'];

const toRule = (row: WarningRuleTable): WarningRule => ({
  id: row.id,
  name: row.name,
  severity: row.severity as WarningSeverity,
  indicatorCodes: JSON.parse(row.indicator_codes) as string[],
  unitCodes: JSON.parse(row.unit_codes) as string[],
  pendingPeriods: row.pending_periods,
  condition: JSON.parse(row.condition) as WarningCondition,
  isEnabled: row.is_enabled === 1,
});

export function createWarningService(deps: ServiceDeps) {
  const { db } = deps.database;
  const store = createWarningStore(db);
  const plans = createPlanService(deps);
  const observations = createObservationService(deps);
  const timeliness = createTimelinessService(deps);
  const notifications = createNotificationService(deps);

  async function listRules() {
    return (await store.listRules()).map(toRule);
  }

  /** Creates a rule, or updates the one with the given id. */
  async function saveRule(input: WarningRuleInput, actor: Actor) {
    requireGrant(actor, 'plan.write');
    if (!(warningSeverities as readonly string[]).includes(input.severity))
      throw new DomainError(
        'VALIDATION_FAILED',
        `未知的预警级别“${input.severity}”`,
        `unknown severity ${input.severity}`,
      );
    const existing = input.id ? await store.getRule(input.id) : undefined;
    const row: WarningRuleTable = {
      id: existing?.id ?? input.id ?? deps.ids.next(),
      name: input.name,
      severity: input.severity,
      indicator_codes: JSON.stringify(input.indicatorCodes),
      unit_codes: JSON.stringify(input.unitCodes),
      pending_periods: Math.max(1, Math.floor(input.pendingPeriods)),
      condition: JSON.stringify(input.condition),
      is_enabled: input.isEnabled ? 1 : 0,
      version: (existing?.version ?? 0) + 1,
      updated_at: deps.clock.now(),
    };
    await db.transaction().execute(async (trx) => {
      if (existing) await store.updateRule(trx, row);
      else await store.insertRule(trx, row);
      await store.bumpRulesRevision(trx, row.updated_at, actor.id);
      await recordChange(trx, deps.clock, actor, {
        action: existing ? 'warning-rule.update' : 'warning-rule.create',
        entity: 'warning_rule',
        entityId: row.id,
        oldValue: existing ? toRule(existing) : null,
        newValue: toRule(row),
      });
    });
    return toRule(row);
  }

  /**
   * The counted series of many subjects for a plan's year, read at once — and the year before
   * only if a rule on them compares with it (half the rows a write's evaluation reads).
   */
  async function loadSeries(
    subjects: readonly { indicatorCode: string; unitCode: string }[],
    year: number,
    withLastYear: boolean,
  ): Promise<Map<string, RuleSeries>> {
    const out = new Map<string, RuleSeries>();
    if (subjects.length === 0) return out;
    const first = withLastYear ? year - 1 : year;
    const values = await observations.getCountedValues(subjects, { first, last: year });
    for (const { indicatorCode, unitCode } of subjects) {
      const key = `${indicatorCode}|${unitCode}`;
      out.set(key, toRuleSeries(values.get(key) ?? [], year, withLastYear));
    }
    return out;
  }

  let ruleIndex: RuleIndex | undefined;
  /**
   * The enabled rules, parsed and indexed again only when the rule table changed (here or in
   * another instance on the same database): a write may be followed by thousands of them.
   */
  async function enabledRules(): Promise<RuleIndex> {
    const revision = await store.rulesRevision();
    if (ruleIndex?.revision === revision) return ruleIndex;
    const rules = (await store.listRules()).map(toRule).filter((r) => r.isEnabled);
    const bySubject = new Map<string, { subject: SeriesSubject; rules: WarningRule[] }>();
    const planUnitSeriesByIndicator = new Map<string, WarningRule[]>();
    const lagByIndicator = new Map<string, WarningRule[]>();
    const push = <V>(map: Map<string, V[]>, key: string, value: V) => {
      const list = map.get(key);
      if (list) list.push(value);
      else map.set(key, [value]);
    };
    for (const rule of rules) {
      const codes = [...new Set(rule.indicatorCodes)];
      if (rule.condition.kind === 'lag') for (const code of codes) push(lagByIndicator, code, rule);
      else if (!seriesKinds.has(rule.condition.kind)) continue;
      else if (rule.unitCodes.length === 0)
        for (const code of codes) push(planUnitSeriesByIndicator, code, rule);
      else
        for (const unit of new Set(rule.unitCodes))
          for (const code of codes) {
            const subject = seriesSubject(code, unit);
            const found = bySubject.get(subject.seriesKey);
            if (found) found.rules.push(rule);
            else bySubject.set(subject.seriesKey, { subject, rules: [rule] });
          }
    }
    const subjectsByIndicator = new Map<string, WatchedSubject[]>();
    for (const { subject, rules: watching } of bySubject.values())
      push(subjectsByIndicator, subject.indicatorCode, {
        subject,
        rules: arrangeSubjectRules(watching),
      });
    return (ruleIndex = {
      revision,
      rules,
      position: new Map(rules.map((r, i) => [r, i])),
      byId: new Map(rules.map((r) => [r.id, r])),
      subjectsByIndicator,
      planUnitSeriesByIndicator,
      lagByIndicator,
      everyTarget: rules.filter((r) => r.condition.kind === 'lag' && r.indicatorCodes.length === 0),
      missing: rules.filter((r) => r.condition.kind === 'missing'),
    });
  }

  /**
   * The rules an evaluation must carry through (words, open warnings, a transaction), and the
   * series they read, all read at once. Watching `indicatorCodes` (a write's) or everything
   * (the schedule). A series rule with nothing open is carried only if it fires now — most of
   * thousands of rules do not, and are set aside here without building anything.
   */
  async function screenRules(
    index: RuleIndex,
    plan: { readonly unitCode: string; readonly year: number },
    indicatorCodes: ReadonlySet<string> | null,
    openRuleIds: Iterable<string>,
  ) {
    const watches = (rule: WarningRule) =>
      indicatorCodes === null ||
      rule.indicatorCodes.length === 0 ||
      rule.indicatorCodes.some((c) => indicatorCodes.has(c));
    const codes =
      indicatorCodes ??
      new Set([
        ...index.subjectsByIndicator.keys(),
        ...index.planUnitSeriesByIndicator.keys(),
        ...index.lagByIndicator.keys(),
      ]);
    const carried = new Set<WarningRule>(index.everyTarget);
    if (indicatorCodes === null) for (const r of index.missing) carried.add(r);
    // A rule with a warning open is carried whatever it finds: it may recover.
    for (const id of openRuleIds) {
      const rule = index.byId.get(id);
      if (rule && rule.condition.kind !== 'missing' && watches(rule)) carried.add(rule);
    }
    const watched: WatchedSubject[] = [];
    const planUnitPairs: { rule: WarningRule; subject: SeriesSubject }[] = [];
    for (const code of codes) {
      for (const w of index.subjectsByIndicator.get(code) ?? []) watched.push(w);
      for (const rule of index.planUnitSeriesByIndicator.get(code) ?? [])
        planUnitPairs.push({ rule, subject: seriesSubject(code, plan.unitCode) });
      for (const rule of index.lagByIndicator.get(code) ?? []) carried.add(rule);
    }
    const subjects = new Map<string, SeriesSubject>();
    const withLastYear = new Set<string>();
    for (const { subject, rules } of watched) {
      subjects.set(subject.seriesKey, subject);
      if (rules.walked.some(readsLastYear)) withLastYear.add(subject.seriesKey);
    }
    for (const { rule, subject } of planUnitPairs) {
      subjects.set(subject.seriesKey, subject);
      if (readsLastYear(rule)) withLastYear.add(subject.seriesKey);
    }
    const [thisYearOnly, bothYears] = [false, true].map((both) =>
      [...subjects.values()].filter((s) => withLastYear.has(s.seriesKey) === both),
    );
    const series = new Map([
      ...(await loadSeries(thisYearOnly!, plan.year, false)),
      ...(await loadSeries(bothYears!, plan.year, true)),
    ]);
    for (const { subject, rules } of watched) {
      const found = series.get(subject.seriesKey)!;
      for (const rule of rulesFiringOn(rules, found.series, found.lastYear)) carried.add(rule);
    }
    for (const { rule, subject } of planUnitPairs) {
      const found = series.get(subject.seriesKey)!;
      if (seriesRuleState(rule, found.series, found.lastYear).isFiring) carried.add(rule);
    }
    const rules = [...carried].sort((a, b) => index.position.get(a)! - index.position.get(b)!);
    return { rules, series };
  }

  /** The subjects of a series rule: its units (the plan's when it names none) × its indicators. */
  function subjectsOf(rule: WarningRule, planUnitCode: string): SeriesSubject[] {
    const units = rule.unitCodes.length > 0 ? rule.unitCodes : [planUnitCode];
    return units.flatMap((unit) => rule.indicatorCodes.map((code) => seriesSubject(code, unit)));
  }

  async function findFiring(
    rule: WarningRule,
    asOf: string | undefined,
    open: ReadonlySet<string>,
    scope: EvaluationScope | null,
    context: EvaluationContext,
  ): Promise<Finding[]> {
    const c = rule.condition;
    const { plan } = context;
    const inScope = (code: string | null) =>
      scope === null || (code !== null && scope.indicatorCodes.has(code));
    switch (c.kind) {
      case 'lag': {
        const tree = await context.tree();
        const findings: Finding[] = [];
        const walk = (nodes: typeof tree.nodes) => {
          for (const n of nodes) {
            for (const t of n.targets) {
              const code = t.indicator?.code ?? null;
              if (rule.indicatorCodes.length > 0 && (!code || !rule.indicatorCodes.includes(code)))
                continue;
              const key = `lag|${t.id}`;
              if (!inScope(code)) continue;
              scope?.subjects.add(key);
              const a = t.assessment;
              if (
                evaluateLag(c, a.gapPoints, a.forecast?.willMeet ?? null, open.has(key)) &&
                a.light !== 'done'
              )
                findings.push({
                  subjectKey: key,
                  unitCode: tree.unit.code,
                  indicatorCode: code,
                  targetId: t.id,
                  sincePeriodId: a.asOfPeriodId,
                  message: {
                    zh: `${rule.name}：${t.indicator?.name ?? t.metric}，${a.reason.zh}`,
                    en: `${rule.name}: ${t.indicator?.name ?? t.metric}, ${a.reason.en}`,
                  },
                });
            }
            walk(n.children);
          }
        };
        walk(tree.nodes);
        return findings;
      }
      case 'missing': {
        const overdue = await timeliness.getOverdue(asOf ? { asOf } : {});
        return overdue.units
          .filter((u) => rule.unitCodes.length === 0 || rule.unitCodes.includes(u.unitCode))
          .flatMap((u) =>
            u.periods
              // A plan watches its own year's reports; another year's are another plan's.
              .filter((p) => p.periodId.startsWith(String(plan.year)))
              .filter((p) => evaluateMissing(c, p.daysOverdue))
              .filter(
                (p) =>
                  rule.indicatorCodes.length === 0 ||
                  p.indicatorCodes.some((code) => rule.indicatorCodes.includes(code)),
              )
              .map((p): Finding => ({
                subjectKey: `missing|${u.unitCode}|${p.periodId}`,
                unitCode: u.unitCode,
                indicatorCode: null,
                targetId: null,
                sincePeriodId: p.periodId,
                message: {
                  zh: `${rule.name}：${u.unitName}${p.periodId}有${p.indicatorCodes.length}项数据逾期${p.daysOverdue}天未报（应于${p.dueDate}前报送）`,
                  en: `${rule.name}: ${u.unitCode} has ${p.indicatorCodes.length} values of ${p.periodId} overdue by ${p.daysOverdue} days (due ${p.dueDate})`,
                },
              })),
          );
      }
      case 'threshold':
      case 'change':
      case 'run': {
        const findings: Finding[] = [];
        for (const { unitCode, indicatorCode, subjectKey } of subjectsOf(rule, plan.unitCode)) {
          if (!inScope(indicatorCode)) continue;
          scope?.subjects.add(subjectKey);
          const { series, lastYear } = await context.series(
            indicatorCode,
            unitCode,
            readsLastYear(rule),
          );
          const state = seriesRuleState(rule, series, lastYear);
          // Words only for what fires: most of thousands of rules find nothing.
          if (state.isFiring)
            findings.push({
              subjectKey,
              unitCode,
              indicatorCode,
              targetId: null,
              sincePeriodId: state.sincePeriodId,
              message: describeSeriesState(rule, state),
            });
        }
        return findings;
      }
    }
  }

  /**
   * Evaluates every enabled rule for a plan: raises a warning for each new finding, keeps
   * the open ones that still hold (with their message brought up to date), and resolves as
   * recovered those that no longer hold.
   */
  async function evaluate(
    planId: string,
    actor: Actor,
    asOf?: string,
    change?: { readonly indicatorCodes: ReadonlySet<string> },
  ) {
    const plan = (await plans.listPlans()).find((p) => p.id === planId);
    if (!plan)
      throw new DomainError('NOT_FOUND', `找不到计划“${planId}”`, `Plan ${planId} not found`);
    return evaluatePlan(plan, actor, asOf, change);
  }

  async function evaluatePlan(
    plan: { readonly id: string; readonly unitCode: string; readonly year: number },
    actor: Actor,
    asOf?: string,
    change?: { readonly indicatorCodes: ReadonlySet<string> },
  ) {
    const planId = plan.id;
    const index = await enabledRules();
    const raisedNow: { rule: WarningRule; row: WarningTable }[] = [];
    const openByRule = new Map<string, Map<string, WarningTable>>();
    for (const w of await store.listUnresolved()) {
      const of = openByRule.get(w.rule_id);
      if (of) of.set(w.subject_key, w);
      else openByRule.set(w.rule_id, new Map([[w.subject_key, w]]));
    }
    // One assessed tree, and every series rule's subjects read at once, for every rule.
    const { rules, series } = await screenRules(
      index,
      plan,
      change?.indicatorCodes ?? null,
      openByRule.keys(),
    );
    let tree: Promise<PlanTreeView> | undefined;
    const context: EvaluationContext = {
      plan,
      tree: () => (tree ??= plans.getPlanTree(planId, asOf)),
      series: async (indicatorCode, unitCode, withLastYear) => {
        const key = `${indicatorCode}|${unitCode}`;
        let found = series.get(key);
        if (!found || (withLastYear && !found.withLastYear)) {
          const subject = [{ indicatorCode, unitCode }];
          found = (await loadSeries(subject, plan.year, withLastYear)).get(key)!;
          series.set(key, found);
        }
        return found;
      },
    };
    let raised = 0;
    let recovered = 0;
    for (const rule of rules) {
      const open = new Map(openByRule.get(rule.id));
      const scope: EvaluationScope | null =
        change === undefined
          ? null
          : { indicatorCodes: change.indicatorCodes, subjects: new Set() };
      const findings = await findFiring(rule, asOf, new Set(open.keys()), scope, context);
      // A scoped evaluation recovers only the subjects it looked at.
      if (scope !== null)
        for (const key of [...open.keys()]) if (!scope.subjects.has(key)) open.delete(key);
      const firing = new Set(findings.map((f) => f.subjectKey));
      // A warning still open with the same words has nothing to write.
      const changed = findings.filter((f) => {
        const existing = open.get(f.subjectKey);
        return (
          !existing || existing.message !== f.message.zh || existing.message_en !== f.message.en
        );
      });
      const recovering = [...open.keys()].filter((key) => !firing.has(key));
      // Most rules find nothing and have nothing open: no transaction for them.
      if (changed.length === 0 && recovering.length === 0) continue;
      const now = deps.clock.now();
      await db.transaction().execute(async (trx) => {
        for (const f of changed) {
          const existing = open.get(f.subjectKey);
          if (existing) {
            await store.update(trx, existing.id, {
              message: f.message.zh,
              message_en: f.message.en,
            });
            continue;
          }
          const row: WarningTable = {
            id: deps.ids.next(),
            rule_id: rule.id,
            subject_key: f.subjectKey,
            unit_code: f.unitCode,
            indicator_code: f.indicatorCode,
            target_id: f.targetId,
            severity: rule.severity,
            state: 'open',
            message: f.message.zh,
            message_en: f.message.en,
            since_period_id: f.sincePeriodId,
            assigned_unit_code: null,
            deadline: null,
            note: '',
            raised_at: now,
            updated_at: now,
            resolved_at: null,
          };
          await store.insert(trx, row);
          raisedNow.push({ rule, row });
          await recordChange(trx, deps.clock, actor, {
            action: 'warning.raise',
            entity: 'warning',
            entityId: row.id,
            oldValue: null,
            newValue: { rule: rule.id, subject: f.subjectKey, message: f.message.zh },
          });
          raised += 1;
        }
        for (const key of recovering) {
          const w = open.get(key)!;
          await store.update(trx, w.id, {
            state: 'resolved',
            note: w.note || '已恢复正常（自动）',
            resolved_at: now,
            updated_at: now,
          });
          await recordChange(trx, deps.clock, actor, {
            action: 'warning.recover',
            entity: 'warning',
            entityId: w.id,
            oldValue: { state: w.state },
            newValue: { state: 'resolved' },
            reason: 'condition no longer holds',
          });
          recovered += 1;
        }
      });
    }
    // Told after the commit: the unit's planners and reviewers, through every channel.
    for (const { rule, row } of raisedNow)
      await tell(row.unit_code, ['planner', 'reviewer'], {
        warningId: row.id,
        ruleName: rule.name,
        severity: rule.severity,
        message: { zh: row.message, en: row.message_en },
        step: 'raised',
      });
    return { rules: rules.length, raised, recovered };
  }

  /** Tells a unit's users of a warning (inbox, mail, webhook), after it is stored. */
  async function tell(
    unitCode: string | null,
    roles: readonly Role[],
    notice: Parameters<typeof warningNotice>[0],
  ) {
    if (unitCode === null) return;
    const unit = (await findUnitsByCode(db, [unitCode])).get(unitCode);
    if (!unit) return;
    await notifications.notifyUnit(
      { code: unitCode, name: unit.name, path: unit.path },
      roles,
      warningNotice(notice),
    );
  }

  /**
   * Evaluates, for every adopted plan, the rules that watch the indicators a committed write
   * moved — the subjects they cover only. A failure is logged, never thrown: the write stands.
   */
  async function evaluateChange(change: CountedChange, actor: Actor) {
    const indicatorCodes = new Set(change.indicatorCodes);
    try {
      for (const plan of await plans.listPlans())
        if (plan.status === 'adopted')
          await evaluatePlan(plan, actor, undefined, { indicatorCodes });
    } catch (error) {
      deps.onError?.(error, '预警评估失败 / warning evaluation after a write failed');
    }
  }

  async function list(filter: { state?: string } = {}) {
    return (await store.list(filter)).map((w) => ({
      id: w.id,
      ruleId: w.rule_id,
      ruleName: w.rule_name,
      subjectKey: w.subject_key,
      unitCode: w.unit_code,
      indicatorCode: w.indicator_code,
      targetId: w.target_id,
      severity: w.severity,
      state: w.state,
      message: w.message,
      messageEn: w.message_en,
      sincePeriodId: w.since_period_id,
      assignedUnitCode: w.assigned_unit_code,
      deadline: w.deadline,
      note: w.note,
      raisedAt: w.raised_at,
      updatedAt: w.updated_at,
      resolvedAt: w.resolved_at,
    }));
  }

  /** One step of the inbox: acknowledge, assign (unit, deadline) or resolve (note), audited. */
  async function act(
    id: string,
    step:
      | { readonly action: 'acknowledge' }
      | { readonly action: 'assign'; readonly unitCode: string; readonly deadline: string }
      | { readonly action: 'resolve'; readonly note: string },
    actor: Actor,
  ) {
    requireGrant(actor, 'plan.write');
    const w = await store.get(id);
    if (!w) throw new DomainError('NOT_FOUND', `找不到预警“${id}”`, `Warning ${id} not found`);
    if (w.state === 'resolved')
      throw new DomainError('CONFLICT', '该预警已办结', 'the warning is already resolved');
    const now = deps.clock.now();
    const changes: Partial<WarningTable> =
      step.action === 'acknowledge'
        ? { state: 'acknowledged' }
        : step.action === 'assign'
          ? { state: 'assigned', assigned_unit_code: step.unitCode, deadline: step.deadline }
          : { state: 'resolved', note: step.note, resolved_at: now };
    if (step.action === 'assign' && !(await store.hasUnit(step.unitCode)))
      throw new DomainError(
        'NOT_FOUND',
        `找不到单位“${step.unitCode}”`,
        `Unit ${step.unitCode} not found`,
      );
    if (step.action === 'resolve' && step.note.trim() === '')
      throw new DomainError(
        'VALIDATION_FAILED',
        '办结预警须填写说明',
        'resolving a warning needs a note',
      );
    await db.transaction().execute(async (trx) => {
      await store.update(trx, id, { ...changes, updated_at: now });
      await recordChange(trx, deps.clock, actor, {
        action: `warning.${step.action}`,
        entity: 'warning',
        entityId: id,
        oldValue: {
          state: w.state,
          assignedUnitCode: w.assigned_unit_code,
          deadline: w.deadline,
        },
        newValue: changes,
        reason: step.action === 'resolve' ? step.note : '',
      });
    });
    // The unit a warning is handed to hears of it, with its deadline.
    if (step.action === 'assign')
      await tell(step.unitCode, ['reviewer', 'reporter'], {
        warningId: id,
        ruleName: (await listRules()).find((r) => r.id === w.rule_id)?.name ?? '',
        severity: w.severity,
        message: { zh: w.message, en: w.message_en },
        step: 'assigned',
        deadline: step.deadline,
      });
    const [updated] = (await list()).filter((x) => x.id === id);
    return updated;
  }

  return { evaluateChange, listRules, saveRule, evaluate, list, act };
}

export type WarningService = ReturnType<typeof createWarningService>;

/**
 * The rules the seed report implies, for the demo: 失业风险监测预警 (new urban jobs falling
 * y/y, or three months in a row), lagging targets (≥ 5 points behind 序时, or a forecast
 * miss), and overdue reports.
 */
export const demoWarningRules: readonly WarningRuleInput[] = [
  {
    name: '失业风险：城镇新增就业同比下降',
    severity: 'critical',
    indicatorCodes: ['URBAN_JOBS_NEW'],
    unitCodes: [],
    pendingPeriods: 1,
    condition: { kind: 'change', basis: 'yoy', direction: 'fall', percent: 10, hysteresis: 3 },
    isEnabled: true,
  },
  {
    name: '失业风险：城镇新增就业连续3个月下降',
    severity: 'warning',
    indicatorCodes: ['URBAN_JOBS_NEW'],
    unitCodes: [],
    pendingPeriods: 1,
    condition: { kind: 'run', direction: 'fall', periods: 3 },
    isEnabled: true,
  },
  {
    name: '目标滞后：落后序时进度5个百分点以上',
    severity: 'warning',
    indicatorCodes: [],
    unitCodes: [],
    pendingPeriods: 1,
    condition: { kind: 'lag', points: 5, hysteresis: 2, onForecastMiss: true },
    isEnabled: true,
  },
  {
    name: '数据逾期未报',
    severity: 'info',
    indicatorCodes: [],
    unitCodes: [],
    pendingPeriods: 1,
    condition: { kind: 'missing', daysOverdue: 1 },
    isEnabled: true,
  },
];
