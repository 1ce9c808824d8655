/**
 * Warnings (预警): rules a planner edits, evaluated over the counted figures (a job, a route,
 * or after a write), and an inbox — acknowledge, assign to a unit with a deadline, resolve
 * with a note — every change in the audit log. A warning whose condition no longer holds
 * past its hysteresis is resolved as recovered; one that still holds is not raised twice.
 */
import { DomainError } from '../core/domain-error.ts';
import type { Role } from '../core/permission.ts';
import { parsePeriod, type PeriodType } from '../core/period.ts';
import {
  evaluateLag,
  evaluateMissing,
  evaluateSeriesRule,
  warningSeverities,
  type WarningCondition,
  type WarningRule,
  type WarningSeverity,
} from '../core/warning-rules.ts';
import { warningNotice } from '../core/notice.ts';
import { insertAudit } from '../store/observation-store.ts';
import { findUnitsByCode } from '../store/project-repository.ts';
import type { WarningRuleTable, WarningTable } from '../store/schema.ts';
import { createWarningStore } from '../store/warning-store.ts';
import { buildAuditEntry } from './audit-service.ts';
import { requireGrant } from './collection-context.ts';
import { createObservationService } from './observation-service.ts';
import { createPlanService } from './plan-service.ts';
import { createNotificationService } from './notification-service.ts';
import type { Actor, CountedChange, ServiceDeps } from './ports.ts';
import { createTimelinessService } from './timeliness-service.ts';

export type WarningRuleInput = Omit<WarningRule, 'id'> & { readonly id?: string };

type PlanTreeView = Awaited<ReturnType<ReturnType<typeof createPlanService>['getPlanTree']>>;

/** What every rule of one evaluation shares: the plan, its assessed tree, the series read. */
interface EvaluationContext {
  readonly plan: { readonly unitCode: string; readonly year: number };
  tree(): Promise<PlanTreeView>;
  series(
    indicatorCode: string,
    unitCode: string,
  ): Promise<{
    series: { periodId: string; value: number }[];
    lastYear: Map<string, number>;
  }>;
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
  const audit = (actor: Actor, change: Parameters<typeof buildAuditEntry>[2]) =>
    buildAuditEntry(deps.clock, actor, change);

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
      await insertAudit(
        trx,
        audit(actor, {
          action: existing ? 'warning-rule.update' : 'warning-rule.create',
          entity: 'warning_rule',
          entityId: row.id,
          oldValue: existing ? toRule(existing) : null,
          newValue: toRule(row),
        }),
      );
    });
    return toRule(row);
  }

  /** The counted series of an indicator for a unit this year, at its finest cadence, and last year's by this year's ids. */
  async function loadSeries(indicatorCode: string, unitCode: string, year: number) {
    const { points } = await observations.getSeries(indicatorCode, unitCode, {
      from: String(year - 1),
      to: String(year),
      withExpected: false,
    });
    const typed = points
      .filter((p) => p.value !== null)
      .map((p) => ({ ...p, type: parsePeriod(p.periodId).type }));
    const finest = typed
      .map((p) => p.type)
      .sort((a, b) => periodOrder.indexOf(a) - periodOrder.indexOf(b))[0];
    const of = (y: number) =>
      typed.filter((p) => p.type === finest && p.periodId.startsWith(String(y)));
    return {
      series: of(year).map((p) => ({ periodId: p.periodId, value: p.value ?? 0 })),
      lastYear: new Map(
        of(year - 1).map((p) => [`${year}${p.periodId.slice(4)}`, p.value ?? 0] as const),
      ),
    };
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
    const units = rule.unitCodes.length > 0 ? rule.unitCodes : [plan.unitCode];
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
        for (const unitCode of units)
          for (const indicatorCode of rule.indicatorCodes) {
            if (!inScope(indicatorCode)) continue;
            scope?.subjects.add(`series|${unitCode}|${indicatorCode}`);
            const { series, lastYear } = await context.series(indicatorCode, unitCode);
            const verdict = evaluateSeriesRule(rule, series, lastYear);
            if (verdict.isFiring)
              findings.push({
                subjectKey: `series|${unitCode}|${indicatorCode}`,
                unitCode,
                indicatorCode,
                targetId: null,
                sincePeriodId: verdict.sincePeriodId,
                message: verdict.message,
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
    const rules = (await listRules()).filter(
      (r) =>
        r.isEnabled &&
        // After a write: only the rules that watch what it moved; time-based ones run on schedule.
        (change === undefined ||
          (r.condition.kind !== 'missing' &&
            (r.condition.kind === 'lag'
              ? r.indicatorCodes.length === 0 ||
                r.indicatorCodes.some((c) => change.indicatorCodes.has(c))
              : r.indicatorCodes.some((c) => change.indicatorCodes.has(c))))),
    );
    const raisedNow: { rule: WarningRule; row: WarningTable }[] = [];
    const plan = (await plans.listPlans()).find((p) => p.id === planId);
    if (!plan)
      throw new DomainError('NOT_FOUND', `找不到计划“${planId}”`, `Plan ${planId} not found`);
    // One assessed tree, and one series per subject, for every rule of this evaluation.
    let tree: Promise<PlanTreeView> | undefined;
    const series = new Map<string, ReturnType<typeof loadSeries>>();
    const context: EvaluationContext = {
      plan,
      tree: () => (tree ??= plans.getPlanTree(planId, asOf)),
      series: (indicatorCode, unitCode) => {
        const key = `${indicatorCode}|${unitCode}`;
        let found = series.get(key);
        if (!found) series.set(key, (found = loadSeries(indicatorCode, unitCode, plan.year)));
        return found;
      },
    };
    const unresolved = await store.listUnresolved();
    let raised = 0;
    let recovered = 0;
    for (const rule of rules) {
      const open = new Map(
        unresolved.filter((w) => w.rule_id === rule.id).map((w) => [w.subject_key, w]),
      );
      const scope: EvaluationScope | null =
        change === undefined
          ? null
          : { indicatorCodes: change.indicatorCodes, subjects: new Set() };
      const findings = await findFiring(rule, asOf, new Set(open.keys()), scope, context);
      // A scoped evaluation recovers only the subjects it looked at.
      if (scope !== null)
        for (const key of [...open.keys()]) if (!scope.subjects.has(key)) open.delete(key);
      const firing = new Set(findings.map((f) => f.subjectKey));
      // Most rules find nothing and have nothing open: no transaction for them.
      if (findings.length === 0 && open.size === 0) continue;
      const now = deps.clock.now();
      await db.transaction().execute(async (trx) => {
        for (const f of findings) {
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
          await insertAudit(
            trx,
            audit(actor, {
              action: 'warning.raise',
              entity: 'warning',
              entityId: row.id,
              oldValue: null,
              newValue: { rule: rule.id, subject: f.subjectKey, message: f.message.zh },
            }),
          );
          raised += 1;
        }
        for (const [key, w] of open) {
          if (firing.has(key)) continue;
          await store.update(trx, w.id, {
            state: 'resolved',
            note: w.note || '已恢复正常（自动）',
            resolved_at: now,
            updated_at: now,
          });
          await insertAudit(
            trx,
            audit(actor, {
              action: 'warning.recover',
              entity: 'warning',
              entityId: w.id,
              oldValue: { state: w.state },
              newValue: { state: 'resolved' },
              reason: 'condition no longer holds',
            }),
          );
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
          await evaluate(plan.id, actor, undefined, { indicatorCodes });
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
      await insertAudit(
        trx,
        audit(actor, {
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
        }),
      );
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
