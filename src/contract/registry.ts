/** Schemas of the registry routes: units, categories, indicators, series, observations, audit. */
import { Type, type Static } from 'typebox';
import { Nullable } from './common.ts';

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
  code: Type.String({ minLength: 1, maxLength: 64 }),
  name: Type.String({ minLength: 1, maxLength: 100 }),
  nameEn: Type.Optional(Type.String({ maxLength: 200 })),
  kind: literals(['region', 'department'] as const),
  level: Type.String({ minLength: 1 }),
  parentCode: Nullable(Type.String()),
  keywords: Type.Optional(Type.Array(Type.String())),
});

export const UnitPatch = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  nameEn: Type.Optional(Type.String({ maxLength: 200 })),
  level: Type.Optional(Type.String({ minLength: 1 })),
  keywords: Type.Optional(Type.Array(Type.String())),
  reason: Type.Optional(Type.String()),
});

export const CategoryView = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  parentCode: Nullable(Type.String()),
});
export type CategoryView = Static<typeof CategoryView>;

export const CategoryBody = Type.Object({
  code: Type.String({ minLength: 1 }),
  name: Type.String({ minLength: 1 }),
  parentCode: Nullable(Type.String()),
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

export const IndicatorBody = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 64 }),
  name: Type.String({ minLength: 1 }),
  nameEn: Type.Optional(Type.String()),
  aliases: Type.Optional(Type.Array(Type.String())),
  unit: Type.String(),
  kind: literals(['kpi', 'vital', 'statistic'] as const),
  measure: literals(measureValues),
  direction: literals(['higher', 'lower'] as const),
  cadence: literals(periodTypeValues),
  decimals: Type.Optional(Type.Integer({ minimum: 0, maximum: 6 })),
  source: Type.Optional(Type.String()),
  categoryCodes: Type.Optional(Type.Array(Type.String())),
});

export const IndicatorPatch = Type.Partial(
  Type.Object({
    name: Type.String({ minLength: 1 }),
    nameEn: Type.String(),
    aliases: Type.Array(Type.String()),
    unit: Type.String(),
    kind: literals(['kpi', 'vital', 'statistic'] as const),
    measure: literals(measureValues),
    direction: literals(['higher', 'lower'] as const),
    cadence: literals(periodTypeValues),
    decimals: Type.Integer({ minimum: 0, maximum: 6 }),
    source: Type.String(),
    reason: Type.String(),
  }),
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
  indicatorCode: Type.String(),
  unitCode: Type.String(),
  periodId: Type.String(),
  value: Type.Number(),
  source: Type.Optional(
    literals(['document', 'simulated', 'entered', 'import', 'sensor', 'project'] as const),
  ),
  sourceRef: Type.Optional(Type.String()),
});

export const ObservationBatchBody = Type.Object({
  rows: Type.Array(ObservationRowBody, { minItems: 1, maxItems: 1_000_000 }),
  reason: Type.Optional(Type.String()),
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
