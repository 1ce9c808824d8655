/** Schemas shared by every route: the error shape, lights, assessments. */
import { Type, type Static } from 'typebox';

export const ErrorBody = Type.Object(
  {
    code: Type.String({ description: 'machine code, e.g. VALIDATION_FAILED' }),
    message: Type.String({ description: '中文说明' }),
    messageEn: Type.String({ description: 'English message' }),
    details: Type.Optional(Type.Unknown()),
  },
  { $id: 'ErrorBody' },
);
export type ErrorBody = Static<typeof ErrorBody>;

export const LightSchema = Type.Union([
  Type.Literal('green'),
  Type.Literal('yellow'),
  Type.Literal('red'),
  Type.Literal('done'),
  Type.Literal('none'),
]);
export type Light = Static<typeof LightSchema>;

export const LightCounts = Type.Object({
  green: Type.Number(),
  yellow: Type.Number(),
  red: Type.Number(),
  done: Type.Number(),
  none: Type.Number(),
});
export type LightCounts = Static<typeof LightCounts>;

export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const AssessmentSchema = Type.Object({
  light: LightSchema,
  actual: Nullable(Type.Number()),
  shareOfTarget: Nullable(Type.Number()),
  expectedShare: Nullable(Type.Number()),
  gapPoints: Nullable(Type.Number()),
  forecast: Nullable(
    Type.Object({
      value: Type.Number(),
      willMeet: Type.Boolean(),
      method: Type.String(),
    }),
  ),
  requiredRunRate: Nullable(Type.Number()),
  reason: Type.Object({ zh: Type.String(), en: Type.String() }),
  asOfPeriodId: Nullable(Type.String()),
  progressBasis: Type.Optional(Type.Union([Type.Literal('last-year'), Type.Literal('calendar')])),
  /**
   * What a target without a light is: awaiting its year-end figure, a milestone, a
   * qualitative task, not yet linked to an indicator, or linked with no approved data yet.
   */
  standing: Type.Optional(
    Type.Union([
      Type.Literal('assessed'),
      Type.Literal('annual-pending'),
      Type.Literal('milestone'),
      Type.Literal('qualitative'),
      Type.Literal('unlinked'),
      Type.Literal('no-data'),
      Type.Literal('rejected'),
    ]),
  ),
  /** How complete the figure is: of the units that report it, how many are approved for its last period. */
  completeness: Type.Optional(
    Nullable(
      Type.Object({
        periodId: Type.String(),
        approved: Type.Number(),
        expected: Type.Number(),
        partial: Type.Boolean(),
      }),
    ),
  ),
});
export type AssessmentView = Static<typeof AssessmentSchema>;
