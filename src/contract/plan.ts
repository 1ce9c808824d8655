/** Schemas of the plan routes: list, tree with assessments, summary, import, targets. */
import { Type, type Static } from 'typebox';
import {
  AssessmentSchema,
  CodeString,
  FiniteNumber,
  LightCounts,
  LineString,
  Nullable,
  PeriodIdString,
  ReasonString,
} from './common.ts';
import { IndicatorView, literals, measureValues, periodTypeValues } from './registry.ts';

export const PlanListItem = Type.Object({
  id: Type.String(),
  year: Type.Number(),
  title: Type.String(),
  status: Type.String(),
  sourceDocument: Type.String(),
  updatedAt: Type.String(),
  unitCode: Type.String(),
  unitName: Type.String(),
});
export type PlanListItem = Static<typeof PlanListItem>;

export const TargetView = Type.Object({
  id: Type.String(),
  nodeId: Type.String(),
  kind: Type.String(),
  metric: Type.String(),
  indicator: Nullable(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      unit: Type.String(),
      decimals: Type.Number(),
    }),
  ),
  suggestedIndicator: Nullable(Type.Object({ code: Type.String(), name: Type.String() })),
  proposal: Type.Unknown(),
  measure: Type.String(),
  direction: Type.String(),
  comparator: Type.String(),
  value: Nullable(Type.Number()),
  valueMax: Nullable(Type.Number()),
  unit: Type.String(),
  sign: Type.Number(),
  isAspirational: Type.Boolean(),
  duePeriodId: Type.String(),
  status: Type.String(),
  isEdited: Type.Boolean(),
  sourceText: Type.String(),
  sourceOffset: Nullable(Type.Number()),
  version: Type.Number(),
  comparedValue: Nullable(Type.Number()),
  comparedUnit: Type.String(),
  assessment: AssessmentSchema,
});
export type TargetView = Static<typeof TargetView>;

export const NodeUnit = Type.Object({
  code: Type.String(),
  name: Type.String(),
  role: Type.String(),
  isSuggested: Type.Boolean(),
});

export interface PlanNodeView {
  id: string;
  key: string;
  kind: 'part' | 'group' | 'task';
  label: string;
  ordinal: number;
  title: string;
  text: string;
  units: Static<typeof NodeUnit>[];
  targets: TargetView[];
  lights: LightCounts;
  children: PlanNodeView[];
}

export const PlanNodeViewSchema = Type.Cyclic(
  {
    PlanNodeView: Type.Object({
      id: Type.String(),
      key: Type.String(),
      kind: Type.Union([Type.Literal('part'), Type.Literal('group'), Type.Literal('task')]),
      label: Type.String(),
      ordinal: Type.Number(),
      title: Type.String(),
      text: Type.String(),
      units: Type.Array(NodeUnit),
      targets: Type.Array(TargetView),
      lights: LightCounts,
      children: Type.Array(Type.Ref('PlanNodeView')),
    }),
  },
  'PlanNodeView',
);

export const PlanTree = Type.Object({
  id: Type.String(),
  year: Type.Number(),
  title: Type.String(),
  status: Type.String(),
  sourceDocument: Type.String(),
  unit: Type.Object({ code: Type.String(), name: Type.String() }),
  asOf: Type.String(),
  /** 数据截至: the end of the last period whose figures count (complete, or partial past grace). */
  dataThrough: Type.Optional(Nullable(Type.String())),
  /** Whether some figure at that date is a partial sum (部分). */
  dataPartial: Type.Optional(Type.Boolean()),
  lights: LightCounts,
  nodes: Type.Array(PlanNodeViewSchema),
});
export type PlanTree = Omit<Static<typeof PlanTree>, 'nodes'> & { nodes: PlanNodeView[] };

export const PlanSummary = Type.Object({
  planId: Type.String(),
  asOf: Type.String(),
  lights: LightCounts,
  groups: Type.Array(
    Type.Object({
      key: Type.String(),
      label: Type.String(),
      title: Type.String(),
      partKey: Type.String(),
      lights: LightCounts,
    }),
  ),
});
export type PlanSummary = Static<typeof PlanSummary>;

/** A headline figure (core/headline.ts): year to date for flows, else the latest value. */
export const HeadlineFigure = Type.Object({
  periodId: Type.String(),
  value: Type.Number(),
  isYearToDate: Type.Boolean(),
  lastYearValue: Nullable(Type.Number()),
  yoyPercent: Nullable(Type.Number()),
  changePoints: Nullable(Type.Number()),
  isSimulated: Type.Boolean(),
  source: Nullable(Type.String()),
  /** Periods of the figure summed over fewer units than report the indicator: a partial total. */
  partialPeriods: Type.Array(Type.String()),
  spark: Type.Array(Nullable(Type.Number())),
});
export type HeadlineFigure = Static<typeof HeadlineFigure>;

export const PlanHeadlines = Type.Object({
  planId: Type.String(),
  unitCode: Type.String(),
  items: Type.Array(Type.Object({ indicator: IndicatorView, headline: HeadlineFigure })),
});
export type PlanHeadlines = Static<typeof PlanHeadlines>;

export const AsOfQuery = Type.Object({
  asOf: Type.Optional(
    Type.String({
      pattern: '^\\d{4}-\\d{2}-\\d{2}$',
      description: 'YYYY-MM-DD; default: today, or the data date of a closed year',
    }),
  ),
});

export const PlanStatusBody = Type.Object({
  status: Type.Union([Type.Literal('draft'), Type.Literal('adopted'), Type.Literal('closed')]),
  reason: Type.Optional(ReasonString()),
});

export const ImportPlanBody = Type.Object({
  fileName: LineString(255, { minLength: 1 }),
  contentBase64: Type.String({
    minLength: 1,
    maxLength: 16 * 1024 * 1024,
    pattern: '^[A-Za-z0-9+/=\\r\\n]*$',
    description: 'the .txt, .docx or .html file, base64',
  }),
  unitCode: Type.Optional(CodeString('unit code')),
  year: Type.Optional(Type.Integer({ minimum: 1990, maximum: 2100 })),
  dryRun: Type.Optional(Type.Boolean()),
});

const TargetChange = Type.Object({
  key: Type.String(),
  metric: Type.String(),
  nodeKey: Type.String(),
  before: Type.Unknown(),
  after: Type.Unknown(),
});
export const ImportResult = Type.Object({
  planId: Type.String(),
  isNew: Type.Boolean(),
  nodes: Type.Number(),
  targets: Type.Number(),
  observations: Type.Number(),
  added: Type.Array(TargetChange),
  changed: Type.Array(TargetChange),
  removed: Type.Array(TargetChange),
  keptEdits: Type.Array(TargetChange),
  skippedAchievements: Type.Number(),
});
export type ImportResult = Static<typeof ImportResult>;

/** What a target is measured by: an indicator, a milestone's date, or progress reports (qualitative). */
export const targetKindValues = ['indicator', 'milestone', 'qualitative'] as const;

export const TargetPatch = Type.Object({
  version: Type.Integer({
    minimum: 0,
    maximum: 2 ** 31,
    description: 'the version you edited; a stale one gets 409 with the current target',
  }),
  kind: Type.Optional(literals(targetKindValues)),
  metric: Type.Optional(LineString(200, { minLength: 1 })),
  value: Type.Optional(Nullable(FiniteNumber())),
  valueMax: Type.Optional(Nullable(FiniteNumber())),
  unit: Type.Optional(LineString(20)),
  comparator: Type.Optional(literals(['=', '>=', '>', '<=', '<', '~', 'between'] as const)),
  indicatorCode: Type.Optional(Nullable(CodeString('indicator code'))),
  measure: Type.Optional(literals(['flow', 'stock', 'rate', 'growth'] as const)),
  direction: Type.Optional(Type.Union([Type.Literal('higher'), Type.Literal('lower')])),
  status: Type.Optional(
    Type.Union([Type.Literal('proposed'), Type.Literal('accepted'), Type.Literal('rejected')]),
  ),
  duePeriodId: Type.Optional(PeriodIdString()),
  reason: Type.Optional(ReasonString()),
});

export const SeriesPoint = Type.Object({
  periodId: Type.String(),
  value: Nullable(Type.Number()),
  cumulative: Nullable(Type.Number()),
});

export const TargetDetail = Type.Object({
  target: TargetView,
  plan: Type.Object({
    id: Type.String(),
    year: Type.Number(),
    title: Type.String(),
    asOf: Type.String(),
  }),
  node: Type.Object({
    id: Type.String(),
    key: Type.String(),
    title: Type.String(),
    label: Type.String(),
  }),
  series: Type.Array(SeriesPoint),
  lastYearSeries: Type.Array(SeriesPoint),
  /** Expected progress as a share of the target at each period end, on the basis the light used. */
  expectedSeries: Type.Optional(
    Type.Array(Type.Object({ periodId: Type.String(), share: Type.Number() })),
  ),
  observations: Type.Array(
    Type.Object({
      periodId: Type.String(),
      value: Type.Number(),
      source: Type.String(),
      sourceRef: Type.String(),
      state: Type.String(),
      updatedAt: Type.String(),
      updatedBy: Type.String(),
    }),
  ),
  audit: Type.Array(Type.Unknown()),
});
export type TargetDetail = Static<typeof TargetDetail>;

const UnitCodes = Type.Array(CodeString('unit code'), { maxItems: 50 });
const VersionNumber = (description: string) =>
  Type.Integer({ minimum: 0, maximum: 2 ** 31, description });

export const NodeUnitsBody = Type.Object({
  lead: UnitCodes,
  co: UnitCodes,
  expected: Type.Object(
    { lead: UnitCodes, co: UnitCodes },
    { description: 'the units you saw; changed since, the answer is 409 with the current ones' },
  ),
  reason: Type.Optional(ReasonString()),
});
export type NodeUnitsBody = Static<typeof NodeUnitsBody>;

export const NodeUnitsResult = Type.Object({
  nodeId: Type.String(),
  lead: Type.Array(Type.String()),
  co: Type.Array(Type.String()),
});

export const TargetIndicatorBody = Type.Object({
  version: VersionNumber('the version of the target you edited'),
  code: CodeString('indicator code'),
  name: LineString(200, { minLength: 1 }),
  unit: LineString(20),
  kind: literals(['kpi', 'vital', 'statistic'] as const),
  measure: literals(measureValues),
  direction: literals(['higher', 'lower'] as const),
  cadence: literals(periodTypeValues),
  decimals: Type.Optional(Type.Integer({ minimum: 0, maximum: 6 })),
  reason: Type.Optional(ReasonString()),
});
export type TargetIndicatorBody = Static<typeof TargetIndicatorBody>;

export const PlanChanges = Type.Object({
  planId: Type.String(),
  status: Type.String(),
  adoptedAt: Nullable(Type.String()),
  adoptedBy: Nullable(Type.String()),
  changes: Type.Array(
    Type.Object({
      entity: Type.String(),
      entityId: Type.String(),
      label: Type.String(),
      actions: Type.Array(Type.String()),
      reasons: Type.Array(Type.String()),
      actors: Type.Array(Type.String()),
      at: Type.String(),
      fields: Type.Array(
        Type.Object({ field: Type.String(), before: Type.Unknown(), after: Type.Unknown() }),
      ),
    }),
  ),
});
export type PlanChanges = Static<typeof PlanChanges>;

const Thresholds = {
  flowYellowPoints: Type.Number({ minimum: 0, maximum: 100 }),
  growthYellowPoints: Type.Number({ minimum: 0, maximum: 100 }),
  levelYellowShare: Type.Number({ minimum: 0, maximum: 1 }),
  milestoneYellowDays: Type.Integer({ minimum: 0, maximum: 366 }),
  dampRecovery: Type.Boolean(),
};
export const LightThresholdsSchema = Type.Object(Thresholds);

export const LightThresholdsView = Type.Object({
  thresholds: LightThresholdsSchema,
  defaults: LightThresholdsSchema,
  version: Type.Integer({ description: '0 while the defaults are in force' }),
  updatedAt: Nullable(Type.String()),
  updatedBy: Nullable(Type.String()),
});
export type LightThresholdsView = Static<typeof LightThresholdsView>;

export const LightThresholdsBody = Type.Object({
  ...Type.Partial(LightThresholdsSchema).properties,
  version: VersionNumber('the version you edited (0: the defaults)'),
  reason: Type.Optional(ReasonString()),
});
