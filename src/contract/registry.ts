/** Schemas of the registry routes: units, categories, indicators, series, observations, audit. */
import { Type, type Static } from 'typebox';
import {
  CodeString,
  codePattern,
  FiniteNumber,
  LineString,
  Nullable,
  ReasonString,
} from './common.ts';

/** A union of string literals that keeps each literal's type for the route handlers. */
export const literals = <const T extends readonly string[]>(values: T) =>
  Type.Enum(values as unknown as T[number][]);

export const periodTypeValues = [
  'day',
  'week',
  'dekad',
  'month',
  'quarter',
  'half',
  'year',
] as const;
export const measureValues = ['flow', 'stock', 'rate', 'growth'] as const;

export const UnitView = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  kind: literals(['region', 'department'] as const),
  level: Type.String(),
  parentId: Nullable(Type.String()),
  path: Type.String(),
  keywords: Type.Array(Type.String()),
});
export type UnitView = Static<typeof UnitView>;

export const UnitBody = Type.Object({
  code: CodeString('unit code'),
  name: LineString(100, { minLength: 1 }),
  nameEn: Type.Optional(LineString(200)),
  kind: literals(['region', 'department'] as const),
  level: LineString(32, { minLength: 1 }),
  parentCode: Nullable(CodeString('parent unit code')),
  keywords: Type.Optional(Type.Array(LineString(50, { minLength: 1 }), { maxItems: 100 })),
});

export const UnitPatch = Type.Object({
  name: Type.Optional(LineString(100, { minLength: 1 })),
  nameEn: Type.Optional(LineString(200)),
  level: Type.Optional(LineString(32, { minLength: 1 })),
  keywords: Type.Optional(Type.Array(LineString(50, { minLength: 1 }), { maxItems: 100 })),
  reason: Type.Optional(ReasonString()),
});

export const CategoryView = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  parentCode: Nullable(Type.String()),
});
export type CategoryView = Static<typeof CategoryView>;

export const CategoryBody = Type.Object({
  code: CodeString('category code'),
  name: LineString(100, { minLength: 1 }),
  nameEn: Type.Optional(LineString(200)),
  parentCode: Nullable(CodeString('parent category code')),
});

export const IndicatorView = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  aliases: Type.Array(Type.String()),
  unit: Type.String(),
  kind: literals(['kpi', 'vital', 'statistic'] as const),
  measure: literals(measureValues),
  direction: literals(['higher', 'lower'] as const),
  cadence: literals(periodTypeValues),
  decimals: Type.Number(),
  source: Type.String(),
  categoryCodes: Type.Array(Type.String()),
});
export type IndicatorView = Static<typeof IndicatorView>;

const IndicatorFields = {
  name: LineString(100, { minLength: 1 }),
  nameEn: LineString(200),
  aliases: Type.Array(LineString(100, { minLength: 1 }), { maxItems: 50 }),
  unit: LineString(20, { description: 'unit of measure, e.g. 万元' }),
  kind: literals(['kpi', 'vital', 'statistic'] as const),
  measure: literals(measureValues),
  direction: literals(['higher', 'lower'] as const),
  cadence: literals(periodTypeValues),
  decimals: Type.Integer({ minimum: 0, maximum: 6 }),
  source: LineString(500),
};

export const IndicatorBody = Type.Object({
  code: CodeString('indicator code'),
  name: IndicatorFields.name,
  nameEn: Type.Optional(IndicatorFields.nameEn),
  aliases: Type.Optional(IndicatorFields.aliases),
  unit: IndicatorFields.unit,
  kind: IndicatorFields.kind,
  measure: IndicatorFields.measure,
  direction: IndicatorFields.direction,
  cadence: IndicatorFields.cadence,
  decimals: Type.Optional(IndicatorFields.decimals),
  source: Type.Optional(IndicatorFields.source),
  categoryCodes: Type.Optional(Type.Array(CodeString('category code'), { maxItems: 100 })),
});

export const IndicatorPatch = Type.Partial(
  Type.Object({ ...IndicatorFields, reason: ReasonString() }),
);

export const SeriesQuery = Type.Object({
  unit: Type.String({ description: 'unit code' }),
  from: Type.Optional(Type.String({ description: 'period id, e.g. 202401' })),
  to: Type.Optional(Type.String()),
});

export const Series = Type.Object({
  indicatorId: Type.String(),
  unitId: Type.String(),
  measure: Type.String(),
  points: Type.Array(
    Type.Object({
      periodId: Type.String(),
      value: Nullable(Type.Number()),
      own: Nullable(Type.Number()),
      descendantsSum: Nullable(Type.Number()),
      descendantsCount: Type.Number(),
      /** Units below that report the indicator; a sum is complete when descendantsCount reaches it. */
      descendantsExpected: Type.Optional(Type.Number()),
      source: Nullable(Type.String()),
      state: Nullable(Type.String()),
    }),
  ),
});
export type Series = Static<typeof Series>;

export const BreakdownQuery = Type.Object({ unit: Type.String(), period: Type.String() });
export const Breakdown = Type.Array(
  Type.Object({
    unitCode: Type.String(),
    unitName: Type.String(),
    unitNameEn: Type.String(),
    value: Nullable(Type.Number()),
    source: Nullable(Type.String()),
    state: Nullable(Type.String()),
  }),
);
export type Breakdown = Static<typeof Breakdown>;

export const ObservationRowBody = Type.Object({
  indicatorCode: CodeString('indicator code'),
  unitCode: CodeString('unit code'),
  // Checked by the service, so that a bad period is listed with its row among the problems.
  periodId: Type.String({ minLength: 1, maxLength: 16, pattern: codePattern }),
  value: FiniteNumber(),
  source: Type.Optional(
    literals(['document', 'simulated', 'entered', 'import', 'sensor', 'project'] as const),
  ),
  sourceRef: Type.Optional(LineString(500)),
});

export const ObservationBatchBody = Type.Object({
  // About 1 MB of JSON (the route's body limit): larger loads go through the upload route.
  rows: Type.Array(ObservationRowBody, { minItems: 1, maxItems: 10_000 }),
  reason: Type.Optional(ReasonString()),
});

export const ObservationBatchResult = Type.Object({
  written: Type.Number(),
  inserted: Type.Number(),
  updated: Type.Number(),
});

export const AuditQuery = Type.Object({
  entity: Type.Optional(Type.String()),
  entityId: Type.Optional(Type.String()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
});

export const AuditRecord = Type.Object({
  seq: Type.Number(),
  at: Type.String(),
  actor: Type.String(),
  action: Type.String(),
  entity: Type.String(),
  entityId: Type.String(),
  oldValue: Type.Unknown(),
  newValue: Type.Unknown(),
  reason: Type.String(),
});
export type AuditRecord = Static<typeof AuditRecord>;

export const Health = Type.Object({
  status: Type.Literal('ok'),
  engine: Type.String(),
  version: Type.String(),
});
