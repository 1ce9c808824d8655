/**
 * Schemas of the data collection routes (issue 5): the entry form and saving, submit,
 * templates and uploads, review and reopen, the status grid, overdue and timeliness,
 * settings (due days, entry rules, reporting duties), and task progress.
 */
import { Type, type Static } from 'typebox';
import {
  CodeString,
  FiniteNumber,
  IsoDateString,
  LineString,
  Nullable,
  maxMagnitude,
  PeriodIdString,
  ReasonString,
  TextString,
  RowProblemRef,
} from './common.ts';
import { literals, measureValues, periodTypeValues } from './registry.ts';

const Code = CodeString;
const PeriodId = PeriodIdString();
const IsoDate = IsoDateString;
const CodeList = (description?: string) =>
  Type.Array(CodeString(), { maxItems: 1000, ...(description ? { description } : {}) });

export const observationStateValues = ['draft', 'submitted', 'approved', 'returned'] as const;
export const cellStateValues = ['missing', ...observationStateValues] as const;

// ---------------------------------------------------------------------------------------
// Entry form

export const FormQuery = Type.Object({
  unit: Code('unit code'),
  period: PeriodId,
});

export const FormValue = Type.Object({
  value: Type.Number(),
  state: literals(observationStateValues),
  version: Type.Integer({
    description: 'send it back with an edit; a stale one gets 409 CONFLICT',
  }),
  comment: Type.String(),
  reviewReason: Type.String({ description: 'why a reviewer returned or reopened it' }),
  source: Type.String(),
  submittedAt: Nullable(Type.String()),
  updatedAt: Type.String(),
  updatedBy: Type.String(),
});

export const FormLine = Type.Object({
  indicatorCode: Type.String(),
  indicatorName: Type.String(),
  indicatorNameEn: Type.String({ description: 'English name; empty when the registry has none' }),
  unit: Type.String({ description: 'measurement unit, e.g. 万元' }),
  measure: literals(measureValues),
  decimals: Type.Integer(),
  current: Nullable(FormValue),
  lastYearPeriodId: Type.String(),
  lastYearValue: Nullable(
    Type.Number({ description: 'same period last year (the year-on-year base)' }),
  ),
  previousCumulative: Nullable(
    Type.Number({
      description:
        'flows: year-to-date total up to the previous period (0 at the first); null otherwise',
    }),
  ),
  lastYearCumulative: Nullable(
    Type.Number({
      description: 'flows: last year’s year-to-date total up to and including the same period',
    }),
  ),
  rules: Type.Object({
    minValue: Nullable(Type.Number()),
    maxValue: Nullable(Type.Number()),
    maxYoyChangePct: Nullable(
      Type.Number({
        description:
          'a change beyond ±this % against last year needs a comment (flows and stocks); null = off',
      }),
    ),
    maxMagnitude: Nullable(
      Type.Number({ description: 'no value beyond ±this; null = the global bound (10^15)' }),
    ),
    acceptsCumulative: Type.Boolean({
      description: 'true for flows: the entry may be the 1—N月 cumulative (mode "cumulative")',
    }),
  }),
});

const StateCounts = Type.Object({
  due: Type.Integer(),
  missing: Type.Integer(),
  draft: Type.Integer(),
  submitted: Type.Integer(),
  approved: Type.Integer(),
  returned: Type.Integer(),
});

export const EntryForm = Type.Object({
  unit: Type.Object({ code: Type.String(), name: Type.String(), kind: Type.String() }),
  /** For a department: the region whose figures it reports (代区填报); values are the region's. */
  reportedFor: Type.Optional(Type.Object({ code: Type.String(), name: Type.String() })),
  period: Type.Object({
    id: Type.String(),
    type: literals(periodTypeValues),
    start: Type.String(),
    end: Type.String(),
  }),
  canWrite: Type.Boolean({ description: 'whether the caller may enter data for this unit' }),
  lines: Type.Array(FormLine),
  counts: StateCounts,
});
export type EntryForm = Static<typeof EntryForm>;

export const EntryBody = Type.Object({
  unit: Code('unit code'),
  indicator: Code('indicator code'),
  period: PeriodId,
  value: FiniteNumber({
    description: 'the period value, or with mode "cumulative" the year-to-date total',
  }),
  mode: Type.Optional(literals(['period', 'cumulative'] as const)),
  comment: Type.Optional(TextString(2000)),
  version: Type.Integer({
    minimum: 0,
    maximum: 2 ** 31,
    description: 'the version edited (FormValue.version); 0 when there was no value',
  }),
});

export const EntriesBody = Type.Object({
  entries: Type.Array(EntryBody, { minItems: 1, maxItems: 5000 }),
  reason: Type.Optional(TextString(500)),
});

export const EntriesResult = Type.Object({
  saved: Type.Array(
    Type.Object({
      unit: Type.String(),
      indicator: Type.String(),
      period: Type.String(),
      value: Type.Number({ description: 'the period value stored' }),
      comment: Type.String(),
      state: Type.Literal('draft'),
      version: Type.Integer(),
    }),
  ),
});

export const SubmitBody = Type.Object({
  unit: Code('unit code'),
  period: PeriodId,
  indicatorCodes: Type.Optional(CodeList('only these; all drafts and returned values when absent')),
});

export const SubmitResult = Type.Object({
  submitted: Type.Integer(),
  indicatorCodes: Type.Array(Type.String()),
  missing: Type.Array(Type.String(), {
    description: 'indicators due for the unit and period with no value yet',
  }),
});

export const DeleteDraftsBody = Type.Object({
  unit: Code('unit code'),
  period: PeriodId,
  indicatorCodes: Type.Optional(CodeList('only these; all drafts when absent')),
  reason: Type.Optional(ReasonString('why, for the audit log')),
});

export const DeleteDraftsResult = Type.Object({
  unit: Type.String(),
  period: Type.String(),
  deleted: Type.Integer(),
  indicatorCodes: Type.Array(Type.String()),
});

// ---------------------------------------------------------------------------------------
// Templates and uploads

export const TemplateQuery = Type.Object({
  unit: Type.Optional(Code('one unit')),
  under: Type.Optional(
    Code('this unit and every unit below it (a department’s units, the district’s towns)'),
  ),
  period: PeriodId,
});

export const UploadBody = Type.Object({
  fileName: LineString(255, { minLength: 1, description: 'ends in .xlsx or .csv' }),
  contentBase64: Type.String({
    minLength: 1,
    maxLength: 64 * 1024 * 1024,
    pattern: '^[A-Za-z0-9+/=\\r\\n]*$',
    description: 'the file, base64',
  }),
});

export const UploadQuery = Type.Object({
  wait: Type.Optional(
    Type.Boolean({
      description: 'answer when the job has finished (200) instead of at once (202)',
    }),
  ),
});

/** The upload whose body is the file itself: its name goes in the query. */
export const UploadFileQuery = Type.Object({
  fileName: LineString(255, { minLength: 1, description: 'ends in .xlsx or .csv' }),
  wait: UploadQuery.properties.wait,
});

/** Content types the file-body upload takes: what a browser sends for the file, or plain bytes. */
export const uploadFileContentTypes = [
  'application/octet-stream',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'text/csv',
];

export const UploadJob = Type.Object({
  id: Type.String(),
  fileName: Type.String(),
  status: literals(['parsing', 'validating', 'writing', 'done', 'rejected', 'failed'] as const),
  total: Type.Integer({ description: 'data rows in the file (once parsed)' }),
  parsed: Type.Integer(),
  validated: Type.Integer(),
  written: Type.Integer(),
  startedAt: Type.String(),
  finishedAt: Nullable(Type.String()),
  problems: Type.Array(RowProblemRef, {
    description:
      'status rejected: the first 1,000 bad cells in sheet, row, column order; nothing was written',
  }),
  problemCount: Type.Integer({ description: 'status rejected: how many bad cells in all' }),
  result: Nullable(
    Type.Object({
      written: Type.Integer(),
      inserted: Type.Integer(),
      updated: Type.Integer(),
      skipped: Type.Integer({ description: 'rows equal to what is stored, left alone' }),
    }),
  ),
  error: Nullable(
    Type.Object({ code: Type.String(), message: Type.String(), messageEn: Type.String() }),
  ),
  encoding: Type.Optional(
    Nullable(
      Type.String({
        description: 'the encoding a .csv was read in: utf-8, utf-16le/be or gb18030',
      }),
    ),
  ),
});
export type UploadJob = Static<typeof UploadJob>;

// ---------------------------------------------------------------------------------------
// Review and status

export const ReviewBody = Type.Object({
  unit: Code('unit code'),
  period: PeriodId,
  indicatorCodes: Type.Optional(CodeList('only these; all submitted values when absent')),
  decision: literals(['approve', 'return'] as const),
  reason: Type.Optional(ReasonString('required to return')),
});

export const ReopenBody = Type.Object({
  unit: Code('unit code'),
  period: PeriodId,
  indicatorCodes: Type.Optional(CodeList()),
  reason: TextString(1000, { minLength: 1 }),
});

export const ReviewResult = Type.Object({
  unit: Type.String(),
  period: Type.String(),
  state: literals(['approved', 'returned'] as const),
  indicatorCodes: Type.Array(Type.String()),
});

/** What a reviewer reads beside a value. */
const ReviewerComparison = {
  comment: Type.String({ description: 'the reporter’s comment (说明)' }),
  measureUnit: Type.String({ description: 'unit of measure (计量单位), e.g. 亿元' }),
  decimals: Type.Integer(),
  lastYearValue: Nullable(Type.Number({ description: 'the same period last year, any state' })),
  yoyChangePct: Nullable(Type.Number({ description: 'percent change against last year' })),
  implausible: Type.String({
    description:
      'why the value is implausible (above the maximum, or more than 10× last year); empty when plausible',
  }),
  implausibleEn: Type.String(),
};

export const ReviewQueueQuery = Type.Object({
  under: Type.Optional(Code('only this unit and the units below it')),
});

export const ReviewQueueView = Type.Object({
  items: Type.Array(
    Type.Object({
      unitCode: Type.String(),
      unitName: Type.String(),
      periodId: Type.String(),
      indicatorCode: Type.String(),
      indicatorName: Type.String(),
      value: Type.Number(),
      version: Type.Integer(),
      submittedAt: Nullable(Type.String()),
      ...ReviewerComparison,
    }),
  ),
  sets: Type.Integer({ description: 'how many unit × period sets wait' }),
  implausible: Type.Integer({ description: 'how many waiting values are flagged implausible' }),
});

export const StatusQuery = Type.Object({
  period: PeriodId,
  under: Type.Optional(Code('only this unit and the units below it')),
});

export const StatusView = Type.Object({
  period: Type.String(),
  cells: Type.Array(
    Type.Object({
      unitCode: Type.String(),
      unitName: Type.String(),
      indicatorCode: Type.String(),
      indicatorName: Type.String(),
      state: literals(cellStateValues),
      value: Nullable(Type.Number()),
      version: Type.Integer(),
      submittedAt: Nullable(Type.String()),
      updatedAt: Nullable(Type.String()),
      reviewReason: Type.String(),
      ...ReviewerComparison,
    }),
  ),
  counts: Type.Object({
    missing: Type.Integer(),
    draft: Type.Integer(),
    submitted: Type.Integer(),
    approved: Type.Integer(),
    returned: Type.Integer(),
  }),
});

// ---------------------------------------------------------------------------------------
// Timeliness

export const OverdueQuery = Type.Object({
  asOf: Type.Optional(IsoDate('YYYY-MM-DD; default today')),
  since: Type.Optional(IsoDate('periods ending on or after this date; default a year before asOf')),
});

export const OverdueView = Type.Object({
  asOf: Type.String(),
  since: Type.String(),
  units: Type.Array(
    Type.Object({
      unitCode: Type.String(),
      unitName: Type.String(),
      unitKind: Type.String(),
      overdueValues: Type.Integer(),
      periods: Type.Array(
        Type.Object({
          periodId: Type.String(),
          dueDate: Type.String(),
          daysOverdue: Type.Integer(),
          indicatorCodes: Type.Array(Type.String()),
        }),
      ),
    }),
  ),
});

export const TodoQuery = Type.Object({
  unit: Type.Optional(Code('only this unit’s forms')),
  asOf: Type.Optional(IsoDate('YYYY-MM-DD; default today')),
});

const FormState = Type.Union(
  [
    Type.Literal('not-started'),
    Type.Literal('partial'),
    Type.Literal('draft'),
    Type.Literal('returned'),
    Type.Literal('submitted'),
  ],
  {
    description:
      'not-started: nothing entered; partial: some values sent, others missing; draft: drafts not submitted; returned: values sent back by the reviewer; submitted: waiting on the reviewer',
  },
);

export const TodoView = Type.Object({
  asOf: Type.String(),
  since: Type.String({ description: 'forms of periods ending on or after this date' }),
  overdue: Type.Integer(),
  returned: Type.Integer(),
  items: Type.Array(
    Type.Object({
      unitCode: Type.String(),
      unitName: Type.String(),
      periodId: Type.String(),
      periodType: Type.String(),
      dueDate: Type.String(),
      overdue: Type.Boolean(),
      daysOverdue: Type.Integer(),
      state: FormState,
      counts: Type.Object({
        due: Type.Integer(),
        missing: Type.Integer(),
        draft: Type.Integer(),
        submitted: Type.Integer(),
        approved: Type.Integer(),
        returned: Type.Integer(),
      }),
    }),
  ),
});

export const TimelinessQuery = Type.Object({
  year: Type.Integer({ minimum: 1900, maximum: 9999 }),
  asOf: Type.Optional(IsoDate('count periods due by this date; default today')),
});

const Rates = {
  due: Type.Integer(),
  present: Type.Integer({ description: 'submitted or approved' }),
  onTime: Type.Integer({ description: 'submitted by the due day' }),
  completeness: Nullable(Type.Number({ description: 'present / due (1 = 100%)' })),
  timeliness: Nullable(Type.Number({ description: 'onTime / due (1 = 100%)' })),
};

const UnitRates = Type.Object({
  unitCode: Type.String(),
  unitName: Type.String(),
  unitKind: Type.String(),
  parentCode: Nullable(Type.String()),
  ...Rates,
});

export const DueRulesView = Type.Object(
  Object.fromEntries(
    periodTypeValues.map((t) => [
      t,
      Type.Integer({ minimum: 0, maximum: 366, description: `days after a ${t} ends` }),
    ]),
  ) as Record<(typeof periodTypeValues)[number], ReturnType<typeof Type.Integer>>,
);

export const DueRulesBody = Type.Object({
  rules: Type.Partial(DueRulesView),
  reason: Type.Optional(ReasonString()),
});

export const TimelinessView = Type.Object({
  year: Type.Integer(),
  asOf: Type.String(),
  rules: DueRulesView,
  overall: Type.Object(Rates),
  units: Type.Array(UnitRates),
  departments: Type.Array(UnitRates, { description: 'each top department with its sub-units' }),
});

// ---------------------------------------------------------------------------------------
// Settings: entry rules, reporting duties

export const EntryRulesBody = Type.Object({
  minValue: Nullable(FiniteNumber()),
  maxValue: Nullable(FiniteNumber()),
  maxYoyChangePct: Nullable(
    Type.Number({ minimum: 0, maximum: 1e6, description: 'null switches the rule off' }),
  ),
  maxMagnitude: Type.Optional(
    Nullable(
      Type.Number({
        minimum: 0,
        maximum: maxMagnitude,
        description:
          'no value of the indicator beyond ±this; null = the global bound (10^15); absent = unchanged',
      }),
    ),
  ),
  reason: Type.Optional(ReasonString()),
});

export const EntryRulesView = Type.Object({
  indicatorCode: Type.String(),
  minValue: Nullable(Type.Number()),
  maxValue: Nullable(Type.Number()),
  maxYoyChangePct: Nullable(Type.Number()),
  maxMagnitude: Nullable(Type.Number()),
});

export const AssignmentsBody = Type.Object({
  indicatorCodes: CodeList('empty: back to the unit’s reporting history'),
  reason: Type.Optional(ReasonString()),
});

export const AssignmentsView = Type.Object({
  unit: Type.String(),
  basis: literals(['assigned', 'history'] as const),
  indicatorCodes: Type.Array(Type.String()),
});

// ---------------------------------------------------------------------------------------
// Task progress

export const TaskProgressBody = Type.Object({
  period: Type.String({
    maxLength: 6,
    pattern: '^(?:19(?:49|[5-9]\\d)|20\\d\\d|2100)(?:0[1-9]|1[0-2])$',
    description: 'the month, e.g. 202503',
  }),
  narrative: TextString(5000, { minLength: 1 }),
  percentComplete: Type.Number({ minimum: 0, maximum: 100 }),
  problems: Type.Optional(TextString(5000, { description: 'problems met (困难问题)' })),
  version: Type.Integer({
    minimum: 0,
    maximum: 2 ** 31,
    description: 'the version edited; 0 for a new month',
  }),
  submit: Type.Optional(
    Type.Boolean({ description: 'submit for review now (default: keep as draft)' }),
  ),
});

export const TaskProgressView = Type.Object({
  id: Type.String(),
  nodeId: Type.String(),
  unitCode: Type.String(),
  unitName: Type.String(),
  period: Type.String(),
  narrative: Type.String(),
  percentComplete: Type.Number(),
  problems: Type.String(),
  state: literals(['draft', 'submitted', 'accepted', 'returned'] as const),
  reviewReason: Type.String(),
  version: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  updatedBy: Type.String(),
  submittedAt: Nullable(Type.String()),
  reviewedAt: Nullable(Type.String()),
  reviewedBy: Nullable(Type.String()),
});
export type TaskProgressView = Static<typeof TaskProgressView>;

export const TaskProgressReviewBody = Type.Object({
  decision: literals(['accept', 'return'] as const),
  reason: Type.Optional(ReasonString('required to return')),
});

export const PlanProgressView = Type.Array(
  Type.Object({
    nodeId: Type.String(),
    key: Type.String(),
    label: Type.String(),
    title: Type.String(),
    leadUnits: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })),
    latest: Nullable(TaskProgressView),
  }),
);
