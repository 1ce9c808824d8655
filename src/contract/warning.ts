/** Schemas of the warning routes: rules, the inbox and its steps, evaluation. */
import { Type, type Static } from 'typebox';
import { Nullable } from './common.ts';

const Severity = Type.Union([
  Type.Literal('info'),
  Type.Literal('warning'),
  Type.Literal('critical'),
]);

export const WarningCondition = Type.Union([
  Type.Object({
    kind: Type.Literal('threshold'),
    direction: Type.Union([Type.Literal('above'), Type.Literal('below')]),
    bound: Type.Number(),
    hysteresis: Type.Number({ minimum: 0 }),
  }),
  Type.Object({
    kind: Type.Literal('change'),
    basis: Type.Union([Type.Literal('yoy'), Type.Literal('pop')]),
    direction: Type.Union([Type.Literal('fall'), Type.Literal('rise')]),
    percent: Type.Number({ minimum: 0 }),
    hysteresis: Type.Number({ minimum: 0 }),
  }),
  Type.Object({
    kind: Type.Literal('run'),
    direction: Type.Union([Type.Literal('fall'), Type.Literal('rise')]),
    periods: Type.Integer({ minimum: 2, maximum: 36 }),
  }),
  Type.Object({
    kind: Type.Literal('lag'),
    points: Type.Number({ minimum: 0 }),
    hysteresis: Type.Number({ minimum: 0 }),
    onForecastMiss: Type.Boolean(),
  }),
  Type.Object({ kind: Type.Literal('missing'), daysOverdue: Type.Integer({ minimum: 0 }) }),
]);

export const WarningRuleView = Type.Object({
  id: Type.String(),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  severity: Severity,
  indicatorCodes: Type.Array(Type.String(), { maxItems: 1000 }),
  unitCodes: Type.Array(Type.String(), { maxItems: 1000 }),
  pendingPeriods: Type.Integer({ minimum: 1, maximum: 36 }),
  condition: WarningCondition,
  isEnabled: Type.Boolean(),
});
export type WarningRuleView = Static<typeof WarningRuleView>;

export const WarningRuleBody = Type.Object({
  ...WarningRuleView.properties,
  id: Type.Optional(Type.String({ description: 'absent: a new rule' })),
});

export const WarningView = Type.Object({
  id: Type.String(),
  ruleId: Type.String(),
  ruleName: Type.String(),
  subjectKey: Type.String(),
  unitCode: Nullable(Type.String()),
  indicatorCode: Nullable(Type.String()),
  targetId: Nullable(Type.String()),
  severity: Type.String(),
  state: Type.String(),
  message: Type.String(),
  messageEn: Type.String(),
  sincePeriodId: Nullable(Type.String()),
  assignedUnitCode: Nullable(Type.String()),
  deadline: Nullable(Type.String()),
  note: Type.String(),
  raisedAt: Type.String(),
  updatedAt: Type.String(),
  resolvedAt: Nullable(Type.String()),
});
export type WarningView = Static<typeof WarningView>;

export const WarningStepBody = Type.Union([
  Type.Object({ action: Type.Literal('acknowledge') }),
  Type.Object({
    action: Type.Literal('assign'),
    unitCode: Type.String({ minLength: 1 }),
    deadline: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
  }),
  Type.Object({ action: Type.Literal('resolve'), note: Type.String({ maxLength: 2000 }) }),
]);

export const EvaluationResult = Type.Object({
  rules: Type.Number(),
  raised: Type.Number(),
  recovered: Type.Number(),
});
