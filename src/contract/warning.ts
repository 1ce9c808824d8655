/** Schemas of the warning routes: rules, the inbox and its steps, evaluation. */
import { Type, type Static } from 'typebox';
import { CodeString, FiniteNumber, IdString, LineString, Nullable, TextString } from './common.ts';

const Severity = Type.Union([
  Type.Literal('info'),
  Type.Literal('warning'),
  Type.Literal('critical'),
]);

/**
 * A rule's condition, one object per kind. In a request each kind takes its own fields only
 * (`strict`), so a field of another kind is refused, not ignored.
 */
const conditionOf = (options: { additionalProperties?: false }) => {
  // Bounds apply to what a client sends; what the server answers is described, not re-checked.
  const isBody = options.additionalProperties === false;
  const amount = (o: { minimum?: number } = {}) => (isBody ? FiniteNumber(o) : Type.Number(o));
  return Type.Union([
    Type.Object(
      {
        kind: Type.Literal('threshold'),
        direction: Type.Union([Type.Literal('above'), Type.Literal('below')]),
        bound: amount(),
        hysteresis: amount({ minimum: 0 }),
      },
      options,
    ),
    Type.Object(
      {
        kind: Type.Literal('change'),
        basis: Type.Union([Type.Literal('yoy'), Type.Literal('pop')]),
        direction: Type.Union([Type.Literal('fall'), Type.Literal('rise')]),
        percent: amount({ minimum: 0 }),
        hysteresis: amount({ minimum: 0 }),
      },
      options,
    ),
    Type.Object(
      {
        kind: Type.Literal('run'),
        direction: Type.Union([Type.Literal('fall'), Type.Literal('rise')]),
        periods: Type.Integer({ minimum: 2, maximum: 36 }),
      },
      options,
    ),
    Type.Object(
      {
        kind: Type.Literal('lag'),
        points: amount({ minimum: 0 }),
        hysteresis: amount({ minimum: 0 }),
        onForecastMiss: Type.Boolean(),
      },
      options,
    ),
    Type.Object(
      {
        kind: Type.Literal('missing'),
        daysOverdue: Type.Integer({ minimum: 0, ...(isBody ? { maximum: 3660 } : {}) }),
      },
      options,
    ),
  ]);
};

export const WarningCondition = conditionOf({});
const WarningConditionBody = conditionOf({ additionalProperties: false });

export const WarningRuleView = Type.Object({
  id: Type.String(),
  name: LineString(200, { minLength: 1 }),
  severity: Severity,
  indicatorCodes: Type.Array(CodeString('indicator code'), { maxItems: 1000 }),
  unitCodes: Type.Array(CodeString('unit code'), { maxItems: 1000 }),
  pendingPeriods: Type.Integer({ minimum: 1, maximum: 36 }),
  condition: WarningCondition,
  isEnabled: Type.Boolean(),
});
export type WarningRuleView = Static<typeof WarningRuleView>;

export const WarningRuleBody = Type.Object({
  ...WarningRuleView.properties,
  condition: WarningConditionBody,
  id: Type.Optional(IdString),
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
    unitCode: CodeString('unit code'),
    deadline: Type.String({ maxLength: 10, pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
  }),
  Type.Object({ action: Type.Literal('resolve'), note: TextString(2000) }),
]);

export const EvaluationResult = Type.Object({
  rules: Type.Number(),
  raised: Type.Number(),
  recovered: Type.Number(),
});
