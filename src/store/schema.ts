/**
 * Kysely table types: the one description of the database that both SQLite and
 * PostgreSQL share. Column names are snake_case DESIGN.md vocabulary.
 */
import type { ColumnType, Generated } from 'kysely';

/** Text columns holding JSON are stored as text on both engines and parsed in the adapters. */
type JsonText = string;

export interface UnitTable {
  id: string;
  code: string;
  name: string;
  name_en: string;
  kind: 'region' | 'department';
  level: string;
  parent_id: string | null;
  /** Materialised path '/root/child/…/self/' so that descendants are one indexed LIKE away. */
  path: string;
  keywords: JsonText;
  sort_order: number;
}

/**
 * A unit's or indicator's integer key inside the database (migration 0030), the key of its
 * observations and roll-up rows; the id and code stay its public names.
 */
export interface NumberedColumns {
  num: Generated<number>;
}

export interface CategoryTable {
  id: string;
  code: string;
  name: string;
  /** English name; '' when none was given (migration 0027). */
  name_en: string;
  parent_id: string | null;
  sort_order: number;
}

export interface IndicatorTable {
  id: string;
  code: string;
  name: string;
  name_en: string;
  aliases: JsonText;
  unit: string;
  kind: 'kpi' | 'vital' | 'statistic';
  measure: 'flow' | 'stock' | 'rate' | 'growth';
  direction: 'higher' | 'lower';
  cadence: string;
  decimals: number;
  source: string;
}

export interface IndicatorCategoryTable {
  indicator_id: string;
  category_id: string;
}

export interface PlanTable {
  id: string;
  unit_id: string;
  year: number;
  title: string;
  status: 'draft' | 'adopted' | 'closed';
  source_document: string;
  /** Hash of the source text, to recognise a re-import of the same report. */
  source_hash: string;
  created_at: string;
  updated_at: string;
}

export interface PlanNodeTable {
  id: string;
  plan_id: string;
  parent_id: string | null;
  key: string;
  kind: 'part' | 'group' | 'task';
  label: string;
  ordinal: number;
  title: string;
  text: string;
  start_offset: number;
  end_offset: number;
  sort_order: number;
}

export interface PlanNodeUnitTable {
  node_id: string;
  unit_id: string;
  role: 'lead' | 'co';
  /** Set while the assignment is the keyword table's suggestion, not yet confirmed by a planner. */
  is_suggested: number;
}

export interface TargetTable {
  id: string;
  plan_id: string;
  node_id: string;
  kind: 'indicator' | 'milestone' | 'qualitative';
  metric: string;
  indicator_id: string | null;
  unit_id: string;
  measure: 'flow' | 'stock' | 'rate' | 'growth';
  direction: 'higher' | 'lower';
  comparator: string;
  value: number | null;
  value_max: number | null;
  unit: string;
  sign: number;
  is_aspirational: number;
  due_period_id: string;
  baseline: number | null;
  status: 'proposed' | 'accepted' | 'rejected';
  source_text: string;
  source_offset: number | null;
  /** A close registry match the planner has to confirm. */
  suggested_indicator_id: string | null;
  /** JSON of a proposed new indicator (name, unit, measure) when nothing matched. */
  proposal: JsonText | null;
  /** Set when a planner edits the target, so that a re-import keeps the edit. */
  is_edited: number;
  version: number;
  updated_at: string;
}

/**
 * An observation as readers see it: the view `observation` over `observation_cell`
 * (migration 0030), by the public ids. Writers use `observation_cell` (store/observation-cells.ts).
 */
export interface ObservationTable {
  /** Kept for rows of releases before 0030 that audit entries may name; null for newer rows. */
  id: string | null;
  indicator_id: string;
  unit_id: string;
  period_id: string;
  period_type: string;
  year: number;
  value: number;
  /** 'document' | 'simulated' | 'entered' | 'import' | 'sensor' — the demo marks invented data 'simulated'. */
  source: string;
  source_ref: string;
  state: 'draft' | 'submitted' | 'approved' | 'returned';
  version: number;
  updated_at: string;
  updated_by: string;
  indicator_num: number;
  unit_num: number;
  /** The write that last set it (migration 0031). */
  change_num: number;
}

/**
 * An observation as stored: keyed (indicator_num, unit_num, period_id), naming the write that
 * last set it by `change_num` (migration 0031); its period's type and year are read from the id.
 */
export interface ObservationCellTable {
  indicator_num: number;
  unit_num: number;
  period_id: string;
  value: number;
  state: ObservationTable['state'];
  version: number;
  change_num: number;
  /** Kept for rows of releases before 0030 that audit entries may name; null for newer rows. */
  id: string | null;
}

/** Who wrote a set of cells, when, and from what source: one row per write (migration 0031). */
export interface ObservationChangeTable {
  change_num: Generated<number>;
  updated_at: string;
  updated_by: string;
  /** 'document' | 'simulated' | 'entered' | 'import' | 'sensor'. */
  source: string;
  source_ref: Generated<string>;
}

/** Sum of the values of a unit's strict descendants, per indicator and period: the roll-up that keeps assessment O(targets). */
export interface RollupTable {
  indicator_id: string;
  unit_id: string;
  period_id: string;
  year: number;
  /** Approved values only (migration 0005); drafts and returned values never count. */
  descendants_sum: number;
  descendants_count: number;
  /** Submitted values not yet approved, counted only where a deployment admits them. */
  submitted_sum: number;
  submitted_count: number;
}

/** The roll-up as readers see it: the view `rollup` over `rollup_cell` (migration 0030). */
export type RollupView = RollupTable & { indicator_num: number; unit_num: number };

/** A roll-up row as stored, keyed (indicator_num, unit_num, period_id). */
export type RollupCellTable = Omit<RollupTable, 'indicator_id' | 'unit_id'> & {
  indicator_num: number;
  unit_num: number;
};

export interface AuditLogTable {
  seq: Generated<number>;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: string;
  old_value: JsonText | null;
  new_value: JsonText | null;
  reason: string;
  request_id: string;
}

/** Entry rules of an indicator (migration 0004): bounds, and the year-on-year change that needs a comment. */
export interface IndicatorEntryRuleColumns {
  min_value: number | null;
  max_value: number | null;
  /** Percent; null switches the rule off. Defaults to 50. */
  max_yoy_change_pct: Generated<number | null>;
  /** No value beyond ±this (migration 0021); null, the global bound. */
  max_magnitude: Generated<number | null>;
}

/** Who reports an indicator (migration 0005). */
export interface IndicatorOwnerColumns {
  /**
   * The department that reports this indicator on behalf of its region: a district-wide
   * figure such as 城镇新增就业 is the district's own value, entered by 区人力社保局.
   */
  owner_unit_id: Generated<string | null>;
}

/** Review columns of an observation (migration 0004); optional on insert so older write paths keep working. */
export interface ObservationReviewColumns {
  /** The reporter's explanation, required when the year-on-year change passes the indicator's threshold. */
  comment: Generated<string>;
  /** Why a reviewer returned or reopened the value. */
  review_reason: Generated<string>;
  submitted_at: string | null;
  /** The office-local date of submission, which timeliness compares with the due day. */
  submitted_on: string | null;
  submitted_by: string | null;
}

/** A reporting duty: the unit reports the indicator on its cadence. */
export interface IndicatorUnitTable {
  indicator_id: string;
  unit_id: string;
}

/** The due day of a cadence, overriding core's default: due `days_after_end` days after the period ends. */
export interface DueRuleTable {
  period_type: string;
  days_after_end: number;
}

/** A lead unit's monthly update on a task: narrative, percent complete, problems met. */
export interface TaskProgressTable {
  id: string;
  node_id: string;
  unit_id: string;
  period_id: string;
  narrative: string;
  percent_complete: number;
  problems: string;
  state: 'draft' | 'submitted' | 'accepted' | 'returned';
  review_reason: string;
  version: number;
  created_at: string;
  updated_at: string;
  updated_by: string;
  submitted_at: string | null;
  reviewed_at: string | null;
  reviewed_by: string | null;
}

/** A local account. `roles` is a JSON array of core/permission.ts roles. */
export interface AppUserTable {
  id: string;
  username: string;
  display_name: string;
  /** `scrypt$N$r$p$salt$hash`, salt and hash in base64. */
  password_hash: string;
  roles: JsonText;
  is_active: number;
  created_at: string;
  /** Consecutive failed logins since the last success; reaching the limit sets locked_until. */
  failed_logins: number;
  locked_until: string | null;
}

/** Where a user's notices are mailed (migration 0010); none, no mail. */
export interface AppUserContactColumns {
  email: Generated<string | null>;
}

/** One notice in a user's inbox (migration 0010). */
export interface NotificationTable {
  id: string;
  user_id: string;
  kind: string;
  title_zh: string;
  title_en: string;
  body_zh: string;
  body_en: string;
  link: string;
  /** The same notice is stored once per user (a daily job may find it again). */
  dedupe_key: string;
  created_at: string;
  read_at: string | null;
}

/** A comment or a leader's 批示 on a target, a task or a progress report (migration 0024). */
export interface CommentTable {
  id: string;
  subject_kind: 'target' | 'task' | 'progress';
  subject_id: string;
  /** The comment answered; null opens a thread. */
  parent_id: string | null;
  kind: 'comment' | 'instruction';
  body: string;
  author: string;
  author_name: string;
  created_at: string;
}

/** Evidence (佐证材料) on a progress report or a comment; the bytes live in the attachment directory. */
export interface AttachmentTable {
  id: string;
  owner_kind: 'progress' | 'comment';
  owner_id: string;
  file_name: string;
  media_type: string;
  size: number;
  sha256: string;
  storage_key: string;
  created_at: string;
  created_by: string;
}

/** The units a user acts within (each with its descendants). */
export interface UserUnitTable {
  user_id: string;
  unit_id: string;
}

/** A login session, kept in the database so that app instances stay stateless (DESIGN.md §6). */
export interface SessionTable {
  /** sha256 (hex) of the cookie's random token: a stolen database does not yield live cookies. */
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
}

/** Login attempts of an account or of an (address, account) pair within a window (migration 0006). */
export interface LoginThrottleTable {
  /** 'account <username>' or 'pair <address> <username>'. */
  key: string;
  /** Attempts counted in the window, before their passwords were checked. */
  attempts: number;
  window_started_at: string;
  locked_until: string | null;
}

/** An upload job (migration 0021): its progress and outcome as JSON, and when its runner last said it is alive. */
export interface UploadJobTable {
  id: string;
  actor_id: string;
  /** parsing, validating, writing while it runs; done, rejected or failed at the end. */
  status: string;
  job: JsonText;
  started_at: string;
  /** Wall-clock time its runner last saved it; a running job not saved for long lost its runner. */
  heartbeat_at: string;
}

/** A setting changed in the web (migration 0007): its value as JSON, versioned for optimistic edits. */
export interface SettingTable {
  key: string;
  value: JsonText;
  version: number;
  updated_at: string;
  updated_by: string;
}

/** A generated document (月通报, year-end report …): one version, from the data at `data_through`. */
export interface DocumentTable {
  id: string;
  kind: string;
  plan_id: string;
  version: number;
  title: string;
  as_of: string;
  data_through: string | null;
  data_partial: number;
  created_at: string;
  created_by: string;
}

/** One file of a document, by format (docx, xlsx, md). */
export interface DocumentFileTable {
  document_id: string;
  format: string;
  file_name: string;
  media_type: string;
  size_bytes: number;
  content: Uint8Array;
}

/** A warning rule (core/warning-rules.ts); `condition` is its JSON. */
export interface WarningRuleTable {
  id: string;
  name: string;
  severity: string;
  indicator_codes: JsonText;
  unit_codes: JsonText;
  pending_periods: number;
  condition: JsonText;
  is_enabled: number;
  version: number;
  updated_at: string;
}

/** A warning raised by a rule: open → acknowledged → assigned → resolved (by hand or on recovery). */
export interface WarningTable {
  id: string;
  rule_id: string;
  subject_key: string;
  unit_code: string | null;
  indicator_code: string | null;
  target_id: string | null;
  severity: string;
  state: 'open' | 'acknowledged' | 'assigned' | 'resolved';
  message: string;
  message_en: string;
  since_period_id: string | null;
  assigned_unit_code: string | null;
  deadline: string | null;
  note: string;
  raised_at: string;
  updated_at: string;
  resolved_at: string | null;
}

export interface Database {
  unit: UnitTable & NumberedColumns;
  category: CategoryTable;
  indicator: IndicatorTable & IndicatorEntryRuleColumns & IndicatorOwnerColumns & NumberedColumns;
  indicator_category: IndicatorCategoryTable;
  plan: PlanTable;
  plan_node: PlanNodeTable;
  plan_node_unit: PlanNodeUnitTable;
  target: TargetTable;
  observation: ObservationTable & ObservationReviewColumns;
  observation_cell: ObservationCellTable & ObservationReviewColumns;
  observation_change: ObservationChangeTable;
  rollup: RollupView;
  rollup_cell: RollupCellTable;
  audit_log: AuditLogTable;
  app_user: AppUserTable & AppUserContactColumns;
  user_unit: UserUnitTable;
  session: SessionTable;
  indicator_unit: IndicatorUnitTable;
  due_rule: DueRuleTable;
  task_progress: TaskProgressTable;
  login_throttle: LoginThrottleTable;
  notification: NotificationTable;
  setting: SettingTable;
  document: DocumentTable;
  document_file: DocumentFileTable;
  warning_rule: WarningRuleTable;
  warning: WarningTable;
  project: ProjectTable;
  project_link: ProjectLinkTable;
  project_year: ProjectYearTable;
  project_investment: ProjectInvestmentTable;
  project_blocker: ProjectBlockerTable;
  project_milestone: ProjectMilestoneTable;
  dispatch_meeting: DispatchMeetingTable;
  dispatch_item: DispatchItemTable;
  upload_job: UploadJobTable;
  comment: CommentTable;
  attachment: AttachmentTable;
}

export type Count = ColumnType<number | string | bigint, never, never>;

/** A key project (重点项目); `unit_id` is its responsible unit (责任单位), the scope of writes. */
export interface ProjectTable {
  id: string;
  code: string;
  name: string;
  /** 建设内容及规模. */
  content: string;
  kind: 'industry' | 'infrastructure' | 'livelihood' | 'urban-renewal' | 'promotion';
  level: 'city' | 'district';
  stage:
    | 'reserve'
    | 'preparation'
    | 'signed'
    | 'landed'
    | 'new-start'
    | 'construction'
    | 'completed'
    | 'operating';
  /** 业主单位 as written (often a company). */
  owner_name: string;
  unit_id: string;
  /** 所在镇街, a region unit. */
  town_unit_id: string | null;
  /** 分管区领导. */
  leader: string;
  longitude: number | null;
  latitude: number | null;
  total_investment_yuan: number | null;
  start_date: string | null;
  finish_date: string | null;
  /** 形象进度, the latest narrative. */
  progress_note: string;
  version: number;
  created_at: string;
  updated_at: string;
}

/** A project's link to a plan task, and optionally to one of its targets. */
export interface ProjectLinkTable {
  project_id: string;
  node_id: string;
  target_id: string | null;
  /** node id, or node id + '/' + target id: the key of the link within the project. */
  link_key: string;
}

/**
 * A project's year as the office's list states it: the annual plan, and the list's own
 * 1—N月完成投资 (shown and exported; only reviewed monthly actuals count, decision 0007).
 */
export interface ProjectYearTable {
  project_id: string;
  year: number;
  plan_yuan: number | null;
  listed_actual_yuan: number | null;
  listed_through_month: number | null;
  updated_at: string;
}

/** A project's month: planned investment and the owner's reported actual, with its review state. */
export interface ProjectInvestmentTable {
  project_id: string;
  period_id: string;
  year: number;
  plan_yuan: number | null;
  actual_yuan: number | null;
  state: 'draft' | 'submitted' | 'approved' | 'returned';
  version: number;
  updated_at: string;
  updated_by: string;
}

/** A blocker (卡点、堵点、难点) on a project; `unit_id` is the unit that must solve it. */
export interface ProjectBlockerTable {
  id: string;
  project_id: string;
  type: 'land' | 'funds' | 'approvals' | 'demolition' | 'construction-environment' | 'other';
  description: string;
  unit_id: string;
  due_date: string;
  state: 'open' | 'in-progress' | 'resolved' | 'closed' | 'reopened';
  level: 'unit' | 'lead-department' | 'leader' | 'meeting';
  /** What shows it solved (待销号). */
  evidence: string;
  raised_by: string;
  raised_on: string;
  closed_on: string | null;
  version: number;
  updated_at: string;
}

/** A project's milestone (节点); `baseline_date` moves only by an audited re-baselining. */
export interface ProjectMilestoneTable {
  project_id: string;
  node: string;
  planned_date: string | null;
  forecast_date: string | null;
  actual_date: string | null;
  baseline_date: string | null;
  updated_at: string;
}

/** The record of a dekad's dispatch meeting (调度会纪要) for a scope unit (district, department or town). */
export interface DispatchMeetingTable {
  id: string;
  /** The dekad, `YYYYMMDn`. */
  period_id: string;
  scope_unit_id: string;
  held_on: string;
  chair: string;
  /** Who attended, as written. */
  attendees: string;
  summary: string;
  version: number;
  recorded_by: string;
  created_at: string;
  updated_at: string;
}

/** A decision of a dispatch meeting: a follow-up item (督办事项) or a blocker raised on a project. */
export interface DispatchItemTable {
  id: string;
  meeting_id: string;
  /** Its place in the meeting's decisions. */
  seq: number;
  kind: 'follow-up' | 'blocker';
  decision: string;
  /** The owner unit: who must act (for a blocker, the unit that must solve it). */
  unit_id: string;
  deadline: string;
  project_id: string | null;
  blocker_id: string | null;
  /** A follow-up's state; a blocker decision's standing is its blocker's. */
  state: 'open' | 'done';
  note: string;
  done_on: string | null;
  version: number;
  updated_at: string;
}
