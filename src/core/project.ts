/**
 * Key projects (重点项目): kinds, levels, stages along each kind's track, and the
 * checks a project's registry entry must pass before it is stored.
 */

/** 产业, 基础设施, 民生, 城市更新, 招商引资 (DESIGN.md §2). */
export const projectKinds = [
  'industry',
  'infrastructure',
  'livelihood',
  'urban-renewal',
  'promotion',
] as const;
export type ProjectKind = (typeof projectKinds)[number];

/** 市级重点, 区级重点. */
export const projectLevels = ['city', 'district'] as const;
export type ProjectLevel = (typeof projectLevels)[number];

/** 储备 → 前期 → 新开工 → 在建 → 竣工 → 投产; 签约 → 落地 for investment promotion. */
export const projectStages = [
  'reserve',
  'preparation',
  'signed',
  'landed',
  'new-start',
  'construction',
  'completed',
  'operating',
] as const;
export type ProjectStage = (typeof projectStages)[number];

export const projectKindLabels: Readonly<Record<ProjectKind, { zh: string; en: string }>> = {
  industry: { zh: '产业', en: 'industry' },
  infrastructure: { zh: '基础设施', en: 'infrastructure' },
  livelihood: { zh: '民生', en: 'livelihood' },
  'urban-renewal': { zh: '城市更新', en: 'urban renewal' },
  promotion: { zh: '招商引资', en: 'investment promotion' },
};

export const projectLevelLabels: Readonly<Record<ProjectLevel, { zh: string; en: string }>> = {
  city: { zh: '市级重点', en: 'city key project' },
  district: { zh: '区级重点', en: 'district key project' },
};

export const projectStageLabels: Readonly<Record<ProjectStage, { zh: string; en: string }>> = {
  reserve: { zh: '储备', en: 'reserve' },
  preparation: { zh: '前期', en: 'preparation' },
  signed: { zh: '签约', en: 'signed' },
  landed: { zh: '落地', en: 'landed' },
  'new-start': { zh: '新开工', en: 'new start' },
  construction: { zh: '在建', en: 'under construction' },
  completed: { zh: '竣工', en: 'completed' },
  operating: { zh: '投产', en: 'in operation' },
};

const constructionTrack: readonly ProjectStage[] = [
  'reserve',
  'preparation',
  'new-start',
  'construction',
  'completed',
  'operating',
];
// An investment-promotion project is signed, then lands, then is built like any other.
const promotionTrack: readonly ProjectStage[] = [
  'signed',
  'landed',
  'new-start',
  'construction',
  'completed',
  'operating',
];

/** The stages a project of this kind passes through, in order. */
export const stageTrackOf = (kind: ProjectKind): readonly ProjectStage[] =>
  kind === 'promotion' ? promotionTrack : constructionTrack;

/**
 * Whether a project may move from one stage to another: forward along its kind's track
 * (a stage may be skipped — a project registered late starts where it is), never back.
 * @example canAdvanceStage('industry', 'preparation', 'construction') // true
 */
export function canAdvanceStage(kind: ProjectKind, from: ProjectStage, to: ProjectStage): boolean {
  const track = stageTrackOf(kind);
  const a = track.indexOf(from);
  const b = track.indexOf(to);
  return a >= 0 && b >= 0 && b >= a;
}

/** What a registry entry says about a project, before it has an id. */
export interface ProjectFields {
  readonly code: string;
  readonly name: string;
  readonly content: string;
  readonly kind: ProjectKind;
  readonly level: ProjectLevel;
  readonly stage: ProjectStage;
  /** 业主单位 as the office writes it (often a company, not a unit of the registry). */
  readonly ownerName: string;
  readonly leader: string;
  readonly totalInvestmentYuan: number | null;
  /** YYYY-MM or YYYY-MM-DD. */
  readonly startDate: string | null;
  readonly finishDate: string | null;
  readonly longitude: number | null;
  readonly latitude: number | null;
}

/** One field a registry entry gets wrong, in both languages. */
export interface ProjectIssue {
  readonly field: keyof ProjectFields;
  readonly value: unknown;
  readonly reason: string;
  readonly reasonEn: string;
}

const datePattern = /^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/;

/**
 * Every rule a project's fields break (none: it may be stored): code and name present,
 * investment not negative, dates well formed and in order, coordinates on the globe,
 * the stage on its kind's track.
 */
export function checkProjectFields(fields: ProjectFields): ProjectIssue[] {
  const issues: ProjectIssue[] = [];
  const add = (field: keyof ProjectFields, reason: string, reasonEn: string) =>
    issues.push({ field, value: fields[field], reason, reasonEn });
  if (fields.code.trim() === '') add('code', '项目编码不能为空', 'the project code is empty');
  if (fields.name.trim() === '') add('name', '项目名称不能为空', 'the project name is empty');
  if (fields.totalInvestmentYuan !== null && !(fields.totalInvestmentYuan >= 0))
    add('totalInvestmentYuan', '总投资不能为负数', 'the total investment cannot be negative');
  for (const field of ['startDate', 'finishDate'] as const) {
    const value = fields[field];
    if (value !== null && !datePattern.test(value))
      add(field, '日期应写作“2025-03”或“2025-03-15”', 'write the date as 2025-03 or 2025-03-15');
  }
  if (
    fields.startDate !== null &&
    fields.finishDate !== null &&
    datePattern.test(fields.startDate) &&
    datePattern.test(fields.finishDate) &&
    fields.finishDate.slice(0, 7) < fields.startDate.slice(0, 7)
  )
    add('finishDate', '竣工时间早于开工时间', 'the finish date is before the start date');
  if (fields.longitude !== null && !(Math.abs(fields.longitude) <= 180))
    add('longitude', '经度应在-180到180之间', 'longitude must lie between -180 and 180');
  if (fields.latitude !== null && !(Math.abs(fields.latitude) <= 90))
    add('latitude', '纬度应在-90到90之间', 'latitude must lie between -90 and 90');
  if (!stageTrackOf(fields.kind).includes(fields.stage))
    add(
      'stage',
      `${projectKindLabels[fields.kind].zh}项目没有“${projectStageLabels[fields.stage].zh}”阶段`,
      `a ${projectKindLabels[fields.kind].en} project has no ${projectStageLabels[fields.stage].en} stage`,
    );
  return issues;
}
