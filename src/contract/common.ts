/** Schemas shared by every route: the error shape, lights, assessments. */
import { Type, type Static } from 'typebox';
import { maxValueMagnitude } from '../core/entry-rules.ts';
import type { RowProblem as RowProblemShape } from '../core/row-problem.ts';

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

/**
 * One bad row of any batch (core/row-problem.ts). Registered once with the app (`addSchema`),
 * so that OpenAPI documents it once; answers refer to it through `RowProblemRef`.
 */
export const RowProblem = Type.Object(
  {
    row: Type.Integer({
      description:
        'the row as its author counts it: the item of the body from 1, or the sheet row (header = 1)',
    }),
    field: Type.String({
      description:
        "what is wrong in the row: the body's property (unitCode, value, comment…) or the column's key",
    }),
    value: Type.Unknown({ description: 'what was sent or read there' }),
    rule: Type.String({
      description:
        'below-min | above-max | cumulative-falls | yoy-needs-comment | implausible-needs-explanation | not-a-number | required | unknown-unit | unknown-indicator | unknown-town | invalid-period | wrong-cadence | duplicate | out-of-scope | locked | awaiting-review | conflict | missing-column | stage-back | …',
    }),
    reason: Type.String({ description: '中文说明' }),
    reasonEn: Type.String({ description: 'English' }),
    sheet: Type.Optional(Type.String({ description: 'from a workbook: the sheet' })),
    column: Type.Optional(Type.String({ description: 'from a workbook: the column letter' })),
    columnName: Type.Optional(Type.String({ description: "from a workbook: the column's header" })),
    unit: Type.Optional(Type.String({ description: "an observation's unit code" })),
    indicator: Type.Optional(Type.String({ description: "an observation's indicator code" })),
    period: Type.Optional(Type.String({ description: "an observation's period" })),
    current: Type.Optional(
      Type.Object(
        { value: Type.Number(), version: Type.Integer(), state: Type.String() },
        { description: 'locked or conflict: what is stored now' },
      ),
    ),
  },
  { $id: 'RowProblem' },
);

/** Where an answer lists row problems: a reference to the one registered schema. */
export const RowProblemRef = Type.Unsafe<RowProblemShape>(Type.Ref('RowProblem'));

/**
 * The error answer of a batch whose rows were refused: details.problems lists them. Other
 * errors of the same status (a malformed body) keep their own details.
 */
export const RejectedRowsBody = Type.Object({
  code: ErrorBody.properties.code,
  message: ErrorBody.properties.message,
  messageEn: ErrorBody.properties.messageEn,
  details: Type.Optional(
    Type.Union([
      Type.Object({ problems: Type.Array(RowProblemRef) }, { additionalProperties: true }),
      Type.Unknown(),
    ]),
  ),
});

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

// ---------------------------------------------------------------------------------------
// Bounded input: every field a client writes has a magnitude or length bound and a
// character rule, so that nothing infinite, enormous or invisible reaches the database.

/**
 * The largest magnitude of any number a client writes (values, rules, targets): 10^15 keeps
 * every integer exact in a double and a sum of a million such values finite.
 */
export const maxMagnitude = maxValueMagnitude;

/** A finite number within ±maxMagnitude (JSON's 1e309 parses to Infinity and is refused). */
export const FiniteNumber = (options: { description?: string; minimum?: number } = {}) =>
  Type.Number({ minimum: -maxMagnitude, maximum: maxMagnitude, ...options });

// Control (Cc), format (Cf: bidi overrides, zero-width marks, BOM), private-use (Co) and
// lone surrogate (Cs) characters are refused; a pair that forms one character is fine.
const lineCharacters = '^[^\\p{Cc}\\p{Cf}\\p{Cs}\\p{Co}]*$';
// Free text may also hold line breaks and tabs.
const textCharacters = '^(?:[\\t\\n\\r]|[^\\p{Cc}\\p{Cf}\\p{Cs}\\p{Co}])*$';

/** The alphabet of codes (unit, indicator, category): ASCII letters, digits and . _ - */
export const codePattern = '^[A-Za-z0-9][A-Za-z0-9._-]*$';
export const maxCodeLength = 64;

/** A code: 1–64 characters from codePattern. */
export const CodeString = (description = 'code') =>
  Type.String({
    minLength: 1,
    maxLength: maxCodeLength,
    pattern: codePattern,
    description: `${description}: ASCII letters, digits, . _ - (at most ${maxCodeLength})`,
  });

/** A one-line text (name, file name, unit of measure): bounded, no control characters. */
export const LineString = (
  maxLength: number,
  options: { minLength?: number; description?: string } = {},
) => Type.String({ maxLength, pattern: lineCharacters, ...options });

/** A free text (reason, comment, narrative): bounded, line breaks allowed, no other control characters. */
export const TextString = (
  maxLength: number,
  options: { minLength?: number; description?: string } = {},
) => Type.String({ maxLength, pattern: textCharacters, ...options });

/** Why a change was made (kept in the audit log). */
export const ReasonString = (description?: string) =>
  TextString(1000, description === undefined ? {} : { description });

/**
 * A period id of the years Lantu keeps data for (1949–2100): 2025, 2025S1, 2025Q1, 202503,
 * 202503D1, 2025W1 or 20250315. The calendar checks (month 13, week 54) stay with core/period.
 */
export const periodIdPattern =
  '^(?:19(?:49|[5-9]\\d)|20\\d\\d|2100)(?:S[12]|Q[1-4]|W[1-9]\\d?|\\d{2}(?:D[1-3]|\\d{2})?)?$';
export const PeriodIdString = (description = 'period id, e.g. 202503, 2025Q1, 2025') =>
  Type.String({ minLength: 4, maxLength: 10, pattern: periodIdPattern, description });

/** An ISO date YYYY-MM-DD. */
export const IsoDateString = (description: string) =>
  Type.String({ maxLength: 10, pattern: '^\\d{4}-\\d{2}-\\d{2}$', description });

/** A record id in a path (a UUID, or a code for seeded records). */
export const IdString = Type.String({ minLength: 1, maxLength: 100, pattern: codePattern });
