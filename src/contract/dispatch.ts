/** Schemas of 旬调度: the dispatch list of a dekad, the meeting record and its decisions. */
import { Type, type Static } from 'typebox';
import { blockerStates, blockerTypes, escalationLevels } from '../core/blocker.ts';
import { decisionKinds, followUpStates } from '../core/dispatch.ts';
import { standardMilestones } from '../core/milestone.ts';
import { CodeString, IsoDateString, LineString, Nullable, TextString } from './common.ts';
import { literals } from './registry.ts';

const UnitRef = Type.Object({ code: Type.String(), name: Type.String() });
const Version = Type.Integer({ minimum: 0, maximum: 2 ** 31 });

export const DispatchQuery = Type.Object({
  scopeCode: Type.Optional(CodeString('scope unit code: the district, a department or a town')),
  gapPoints: Type.Optional(
    Type.Number({
      minimum: 0,
      maximum: 100,
      description: 'points below 序时 that put a project on the list (default 10)',
    }),
  ),
});

export const DecisionBody = Type.Object(
  {
    kind: literals(decisionKinds),
    text: TextString(1000, { minLength: 1 }),
    unitCode: CodeString('owner unit code'),
    deadline: IsoDateString('deadline, YYYY-MM-DD'),
    projectCode: Type.Optional(CodeString('project code (a blocker decision)')),
    blockerType: Type.Optional(literals(blockerTypes)),
  },
  { additionalProperties: false },
);

export const MeetingBody = Type.Object(
  {
    scopeCode: Type.Optional(CodeString('scope unit code')),
    heldOn: IsoDateString('the day the meeting was held'),
    chair: LineString(100, { minLength: 1 }),
    attendees: Type.Optional(TextString(2000)),
    summary: Type.Optional(TextString(4000)),
    version: Version,
    decisions: Type.Optional(Type.Array(DecisionBody, { maxItems: 100 })),
  },
  { additionalProperties: false },
);
export type MeetingBody = Static<typeof MeetingBody>;

export const ItemStateBody = Type.Object(
  {
    state: literals(followUpStates),
    note: TextString(2000, { minLength: 1 }),
    version: Type.Integer({ minimum: 1, maximum: 2 ** 31 }),
  },
  { additionalProperties: false },
);

export const DecisionView = Type.Object({
  id: Type.String(),
  seq: Type.Number(),
  kind: literals(decisionKinds),
  text: Type.String(),
  unit: UnitRef,
  deadline: Type.String(),
  project: Nullable(UnitRef),
  blockerId: Nullable(Type.String()),
  blockerState: Nullable(literals(blockerStates)),
  state: literals(followUpStates),
  status: literals(['open', 'overdue', 'done'] as const),
  note: Type.String(),
  doneOn: Nullable(Type.String()),
  periodId: Type.String(),
  version: Type.Number(),
});
export type DecisionView = Static<typeof DecisionView>;

export const MeetingView = Type.Object({
  id: Type.String(),
  periodId: Type.String(),
  heldOn: Type.String(),
  chair: Type.String(),
  attendees: Type.String(),
  summary: Type.String(),
  recordedBy: Type.String(),
  version: Type.Number(),
  decisions: Type.Array(DecisionView),
});
export type MeetingView = Static<typeof MeetingView>;

export const DispatchListView = Type.Object({
  periodId: Type.String(),
  label: Type.Object({ zh: Type.String(), en: Type.String() }),
  scope: Type.Object({
    code: Type.String(),
    name: Type.String(),
    kind: literals(['district', 'department', 'town'] as const),
  }),
  asOf: Type.String(),
  gapPoints: Type.Number(),
  behindPlan: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      unit: UnitRef,
      townName: Nullable(Type.String()),
      annualPlanYuan: Nullable(Type.Number()),
      actualYuan: Type.Number(),
      shareOfPlan: Nullable(Type.Number()),
      expectedShare: Type.Number(),
      gapPoints: Type.Number(),
    }),
  ),
  slippingMilestones: Type.Array(
    Type.Object({
      projectCode: Type.String(),
      projectName: Type.String(),
      unit: UnitRef,
      node: literals(standardMilestones),
      name: Type.String(),
      baselineDate: Nullable(Type.String()),
      plannedDate: Nullable(Type.String()),
      forecastDate: Nullable(Type.String()),
      actualDate: Nullable(Type.String()),
      reason: literals(['done-late', 'forecast-late', 'past-due'] as const),
      slipDays: Type.Number(),
    }),
  ),
  blockers: Type.Array(
    Type.Object({
      id: Type.String(),
      projectCode: Type.String(),
      projectName: Type.String(),
      type: literals(blockerTypes),
      description: Type.String(),
      unit: UnitRef,
      dueDate: Type.String(),
      state: literals(blockerStates),
      level: literals(escalationLevels),
      overdue: Type.Boolean(),
      escalated: Type.Boolean(),
      overdueDays: Type.Number(),
    }),
  ),
  carried: Type.Array(DecisionView),
  meeting: Nullable(MeetingView),
});
export type DispatchListView = Static<typeof DispatchListView>;
