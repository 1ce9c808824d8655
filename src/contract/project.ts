/** Schemas of the key-project routes: list with filters, one project, create, edit. */
import { Type, type Static } from 'typebox';
import { blockerStates, blockerTypes, escalationLevels } from '../core/blocker.ts';
import { standardMilestones } from '../core/milestone.ts';
import { projectKinds, projectLevels, projectStages } from '../core/project.ts';
import { CodeString, LineString, Nullable, TextString } from './common.ts';
import { literals } from './registry.ts';

export const ProjectKindSchema = literals(projectKinds);
export const ProjectLevelSchema = literals(projectLevels);
export const ProjectStageSchema = literals(projectStages);

// Bounded, with no control characters (contract/common.ts), like every string a client writes.
const Text = (maxLength: number) => TextString(maxLength);
const DateText = Nullable(Type.String({ pattern: '^\\d{4}-\\d{2}(-\\d{2})?$', maxLength: 10 }));

export const ProjectLinkBody = Type.Object({
  nodeId: Text(100),
  targetId: Type.Optional(Nullable(Text(100))),
});

const editable = {
  name: LineString(200, { minLength: 1 }),
  content: Text(4000),
  kind: ProjectKindSchema,
  level: ProjectLevelSchema,
  stage: ProjectStageSchema,
  ownerName: Text(200),
  unitCode: CodeString('unit code'),
  townCode: Nullable(CodeString('town code')),
  leader: Text(100),
  totalInvestmentYuan: Nullable(Type.Number({ minimum: 0, maximum: 1e14 })),
  startDate: DateText,
  finishDate: DateText,
  longitude: Nullable(Type.Number({ minimum: -180, maximum: 180 })),
  latitude: Nullable(Type.Number({ minimum: -90, maximum: 90 })),
  progressNote: Text(4000),
  links: Type.Array(ProjectLinkBody, { maxItems: 200 }),
};

export const ProjectCreateBody = Type.Object(
  {
    code: CodeString('project code'),
    name: editable.name,
    kind: editable.kind,
    level: editable.level,
    stage: editable.stage,
    unitCode: editable.unitCode,
    content: Type.Optional(editable.content),
    ownerName: Type.Optional(editable.ownerName),
    townCode: Type.Optional(editable.townCode),
    leader: Type.Optional(editable.leader),
    totalInvestmentYuan: Type.Optional(editable.totalInvestmentYuan),
    startDate: Type.Optional(editable.startDate),
    finishDate: Type.Optional(editable.finishDate),
    longitude: Type.Optional(editable.longitude),
    latitude: Type.Optional(editable.latitude),
    progressNote: Type.Optional(editable.progressNote),
    links: Type.Optional(editable.links),
  },
  { additionalProperties: false },
);
export type ProjectCreateBody = Static<typeof ProjectCreateBody>;

export const ProjectPatchBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1, maximum: 2 ** 31 }),
    reason: Type.Optional(Text(500)),
    ...Type.Partial(Type.Object(editable)).properties,
  },
  { additionalProperties: false },
);
export type ProjectPatchBody = Static<typeof ProjectPatchBody>;

const UnitRef = Type.Object({ code: Type.String(), name: Type.String() });

export const ProjectView = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  content: Type.String(),
  kind: ProjectKindSchema,
  level: ProjectLevelSchema,
  stage: ProjectStageSchema,
  ownerName: Type.String(),
  unit: UnitRef,
  town: Nullable(UnitRef),
  leader: Type.String(),
  longitude: Nullable(Type.Number()),
  latitude: Nullable(Type.Number()),
  totalInvestmentYuan: Nullable(Type.Number()),
  startDate: Nullable(Type.String()),
  finishDate: Nullable(Type.String()),
  progressNote: Type.String(),
  version: Type.Number(),
  updatedAt: Type.String(),
});
export type ProjectView = Static<typeof ProjectView>;

export const ProjectDetail = Type.Intersect([
  ProjectView,
  Type.Object({
    links: Type.Array(
      Type.Object({
        nodeId: Type.String(),
        targetId: Nullable(Type.String()),
        planId: Type.String(),
        nodeLabel: Type.String(),
        nodeTitle: Type.String(),
        targetMetric: Nullable(Type.String()),
      }),
    ),
  }),
]);
export type ProjectDetail = Static<typeof ProjectDetail>;

export const ProjectListQuery = Type.Object({
  stage: Type.Optional(ProjectStageSchema),
  kind: Type.Optional(ProjectKindSchema),
  level: Type.Optional(ProjectLevelSchema),
  unitCode: Type.Optional(Text(100)),
  townCode: Type.Optional(Text(100)),
  text: Type.Optional(Text(100)),
});
export type ProjectListQuery = Static<typeof ProjectListQuery>;

export const ProjectImportBody = Type.Object(
  {
    fileName: LineString(255, { minLength: 1 }),
    contentBase64: Type.String({ maxLength: 40 * 1024 * 1024, pattern: '^[A-Za-z0-9+/=\\r\\n]*$' }),
    /** The list's year when its title does not say; the current year by default. */
    year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })),
    dryRun: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type ProjectImportBody = Static<typeof ProjectImportBody>;

const ImportChange = Type.Object({
  row: Type.Number(),
  code: Type.String(),
  name: Type.String(),
  changes: Type.Array(
    Type.Object({ field: Type.String(), before: Type.Unknown(), after: Type.Unknown() }),
  ),
});

export const ProjectImportResult = Type.Object({
  year: Type.Number(),
  dryRun: Type.Boolean(),
  added: Type.Array(ImportChange),
  changed: Type.Array(ImportChange),
  unchanged: Type.Number(),
  missing: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })),
});
export type ProjectImportResult = Static<typeof ProjectImportResult>;

export const ProjectExportQuery = Type.Object({
  year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })),
  /** The last month of the 1—N月完成投资 column; the previous month by default. */
  throughMonth: Type.Optional(Type.Integer({ minimum: 1, maximum: 12 })),
});

export const InvestmentPlanBody = Type.Object(
  {
    year: Type.Integer({ minimum: 2000, maximum: 2100 }),
    /** The annual plan in yuan, split evenly by month; or give monthsYuan. */
    annualYuan: Type.Optional(Type.Number({ minimum: 0, maximum: 1e14 })),
    monthsYuan: Type.Optional(
      Type.Array(Type.Number({ minimum: 0, maximum: 1e14 }), { minItems: 12, maxItems: 12 }),
    ),
  },
  { additionalProperties: false },
);

export const InvestmentActualBody = Type.Object(
  {
    actualYuan: Type.Number({ minimum: 0, maximum: 1e14 }),
    /** The version the reporter saw (0: none yet). */
    version: Type.Integer({ minimum: 0, maximum: 2 ** 31 }),
    submit: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const InvestmentReviewBody = Type.Object(
  {
    decision: literals(['approve', 'return'] as const),
    reason: Type.Optional(Text(500)),
  },
  { additionalProperties: false },
);

const InvestmentLineSchema = Type.Object({
  periodId: Type.String(),
  planYuan: Nullable(Type.Number()),
  actualYuan: Nullable(Type.Number()),
  state: Type.String(),
  version: Type.Number(),
});

export const ProjectInvestmentView = Type.Object({
  year: Type.Number(),
  lines: Type.Array(InvestmentLineSchema),
  progress: Type.Object({
    annualPlanYuan: Nullable(Type.Number()),
    actualYuan: Type.Number(),
    pendingYuan: Type.Number(),
    shareOfPlan: Nullable(Type.Number()),
    expectedShare: Type.Number(),
    gapPoints: Nullable(Type.Number()),
    basis: Type.String(),
  }),
});
export type ProjectInvestmentView = Static<typeof ProjectInvestmentView>;

export const InvestmentReviewResult = Type.Object({
  state: Type.String(),
  indicator: Nullable(
    Type.Object({
      status: Type.String(),
      periodId: Type.String(),
      value: Type.Optional(Type.Number()),
      approved: Type.Optional(Type.Number()),
      lines: Type.Optional(Type.Number()),
      reason: Type.Optional(Type.String()),
    }),
  ),
});

export const BlockerBody = Type.Object(
  {
    type: literals(blockerTypes),
    description: TextString(2000, { minLength: 1 }),
    /** The unit that must solve it. */
    unitCode: CodeString('unit code'),
    dueDate: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10 }),
  },
  { additionalProperties: false },
);

export const BlockerMoveBody = Type.Object(
  {
    to: literals(blockerStates),
    version: Type.Integer({ minimum: 1, maximum: 2 ** 31 }),
    evidence: Type.Optional(Text(2000)),
    reason: Type.Optional(Text(500)),
  },
  { additionalProperties: false },
);

export const BlockerView = Type.Object({
  id: Type.String(),
  projectCode: Type.String(),
  type: literals(blockerTypes),
  description: Type.String(),
  unit: UnitRef,
  dueDate: Type.String(),
  state: literals(blockerStates),
  level: literals(escalationLevels),
  evidence: Type.String(),
  raisedBy: Type.String(),
  raisedOn: Type.String(),
  closedOn: Nullable(Type.String()),
  ageDays: Type.Number(),
  isOverdue: Type.Boolean(),
  version: Type.Number(),
});
export type BlockerView = Static<typeof BlockerView>;

const DayText = Nullable(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10 }));

export const MilestonesBody = Type.Object(
  {
    milestones: Type.Array(
      Type.Object(
        {
          node: literals(standardMilestones),
          plannedDate: Type.Optional(DayText),
          forecastDate: Type.Optional(DayText),
          actualDate: Type.Optional(DayText),
        },
        { additionalProperties: false },
      ),
      { maxItems: standardMilestones.length },
    ),
  },
  { additionalProperties: false },
);

export const BaselineBody = Type.Object(
  { reason: Type.Optional(Text(500)) },
  { additionalProperties: false },
);

export const MilestoneView = Type.Object({
  node: literals(standardMilestones),
  name: Type.String(),
  plannedDate: Nullable(Type.String()),
  forecastDate: Nullable(Type.String()),
  actualDate: Nullable(Type.String()),
  baselineDate: Nullable(Type.String()),
  slipDays: Nullable(Type.Number()),
  light: Type.String(),
});
export type MilestoneView = Static<typeof MilestoneView>;

export const GanttView = Type.Object({
  today: Type.String(),
  /** Projects the filter keeps, in all pages; `rows` is the page from `offset`. */
  total: Type.Integer(),
  offset: Type.Integer(),
  limit: Type.Integer(),
  rows: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      stage: ProjectStageSchema,
      unit: UnitRef,
      startDate: Nullable(Type.String()),
      finishDate: Nullable(Type.String()),
      milestones: Type.Array(MilestoneView),
      light: Type.String(),
    }),
  ),
});
export type GanttView = Static<typeof GanttView>;

const SummaryGroupRow = Type.Object({
  key: Nullable(Type.String()),
  name: Nullable(Type.String()),
  planYuan: Type.Number(),
  actualYuan: Type.Number(),
  projects: Type.Number(),
});

export const DistrictSummary = Type.Object({
  year: Type.Number(),
  asOf: Type.String(),
  stageCounts: Type.Array(Type.Object({ stage: Type.String(), count: Type.Number() })),
  total: Type.Object({
    planYuan: Type.Number(),
    actualYuan: Type.Number(),
    shareOfPlan: Nullable(Type.Number()),
    expectedShare: Type.Number(),
  }),
  byKind: Type.Array(SummaryGroupRow),
  byLevel: Type.Array(SummaryGroupRow),
  byTown: Type.Array(SummaryGroupRow),
  blockers: Type.Object({
    active: Type.Number(),
    overdue: Type.Number(),
    ageDays: Type.Object({
      upTo30: Type.Number(),
      from31To90: Type.Number(),
      over90: Type.Number(),
    }),
    byUnit: Type.Array(
      Type.Object({
        unit: Type.Object({ code: Type.String(), name: Type.String() }),
        active: Type.Number(),
        overdue: Type.Number(),
        oldestActiveAgeDays: Nullable(
          Type.Number({ description: 'days since the oldest active blocker was raised' }),
        ),
        closed: Type.Number(),
        closedOnTime: Type.Number({ description: '销号 by the due date' }),
        onTimeClosureRate: Nullable(
          Type.Number({ description: 'closedOnTime / closed (1 = 100%)' }),
        ),
      }),
    ),
  }),
});
export type DistrictSummary = Static<typeof DistrictSummary>;
