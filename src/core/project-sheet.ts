/**
 * The project office's list (项目清单) as it keeps it in Excel: a title row, a header
 * of one or two rows with merged cells (“投资（万元）” over 总投资 / 年度计划投资 /
 * 1—9月完成投资), section rows (“一、产业项目”) that give the kind of the rows below,
 * money in 万元 or 亿元, full-width digits and blank rows. Pure: the grid of cell texts
 * comes in (merged cells repeat their master's text), rows and every bad cell go out.
 */
import {
  checkProjectFields,
  projectStageLabels,
  projectStages,
  type ProjectFields,
  type ProjectKind,
  type ProjectLevel,
  type ProjectStage,
} from './project.ts';
import { parseFigure } from './figure.ts';
import { columnLetter, type RowProblem } from './row-problem.ts';

/** A cell as the reader hands it over: text, a number, or nothing. Dates come as YYYY-MM-DD text. */
export type SheetCell = string | number | null;

/** One row of the grid with its row number in the sheet (1-based). */
export interface SheetGridRow {
  readonly number: number;
  readonly cells: readonly SheetCell[];
}

export const projectSheetColumns = [
  'seq',
  'code',
  'name',
  'content',
  'kind',
  'level',
  'stage',
  'total',
  'annualPlan',
  'ytdActual',
  'progress',
  'owner',
  'unit',
  'town',
  'leader',
  'start',
  'finish',
] as const;
export type ProjectSheetColumn = (typeof projectSheetColumns)[number];

// Order matters: the first pattern that matches a header label names the column.
const columnPatterns: readonly [ProjectSheetColumn, RegExp][] = [
  ['seq', /序号/],
  ['code', /项目(编码|代码|编号)/],
  ['name', /项目名称/],
  ['content', /建设内容/],
  ['total', /总投资/],
  ['ytdActual', /完成投资|累计完成/],
  ['annualPlan', /年度计划|计划投资/],
  ['progress', /形象进度/],
  ['owner', /业主单位/],
  ['unit', /责任单位|牵头单位/],
  ['town', /镇街|所在地/],
  ['kind', /类别|类型/],
  ['level', /级别|层级/],
  ['stage', /阶段/],
  ['leader', /区领导/],
  ['start', /开工时间|开工日期/],
  ['finish', /竣工时间|竣工日期|完工时间/],
];
/** What a column is called when the sheet has none (a problem still names it). */
const columnNames: Readonly<Record<ProjectSheetColumn, string>> = {
  seq: '序号',
  code: '项目编码',
  name: '项目名称',
  content: '建设内容及规模',
  kind: '类别',
  level: '项目级别',
  stage: '项目阶段',
  total: '总投资',
  annualPlan: '年度计划投资',
  ytdActual: '完成投资',
  progress: '形象进度',
  owner: '业主单位',
  unit: '责任单位',
  town: '所在镇街',
  leader: '分管区领导',
  start: '开工时间',
  finish: '竣工时间',
};
const requiredColumns: readonly ProjectSheetColumn[] = ['name', 'unit'];

/** Full-width digits, letters and the punctuation figures use, as ASCII; spaces removed. */
export function toHalfWidth(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]+/g, '');
}

/** The magnitude a header or a title names ("投资（亿元）", "单位：万元"), if any. */
export function moneyUnitOf(text: string): number | null {
  const t = toHalfWidth(text);
  if (/亿元/.test(t)) return 1e8;
  if (/万元/.test(t)) return 1e4;
  return null;
}

const blankMarks = new Set(['', '-', '—', '--', '/', '无', '\\']);

export type CellResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: string; readonly reasonEn: string };

/**
 * An amount of money in yuan from a cell: a number in the column's magnitude, or text
 * with full-width digits, thousands separators and its own 万元/亿元.
 * @example parseMoneyCell('１.２亿元', 1e4) // { ok: true, value: 120000000 }
 */
export function parseMoneyCell(
  cell: SheetCell,
  columnMultiplier: number,
): CellResult<number | null> {
  if (cell === null) return { ok: true, value: null };
  if (typeof cell === 'number')
    return Number.isFinite(cell) && cell >= 0
      ? { ok: true, value: cell * columnMultiplier }
      : { ok: false, reason: '金额不能为负数', reasonEn: 'the amount cannot be negative' };
  const text = toHalfWidth(cell).replace(/,/g, '').replace(/，/g, '');
  if (blankMarks.has(text)) return { ok: true, value: null };
  // The plan's figure grammar reads the amount; a cell holds one plain amount and nothing else.
  const figure = parseFigure(text);
  const magnitude =
    figure === null
      ? undefined
      : [1, 1e4, 1e8].find(
          (m) =>
            figure.value ===
            (m === 1 ? Number(figure.numeral) : Number(`${figure.numeral}e${Math.log10(m)}`)),
        );
  if (
    figure === null ||
    magnitude === undefined ||
    figure.offset !== 0 ||
    figure.end !== text.length ||
    figure.comparator !== '=' ||
    figure.valueMax !== undefined ||
    (figure.unit !== '' && figure.unit !== '元')
  )
    return {
      ok: false,
      reason: '金额应为数字，可带“万元”或“亿元”',
      reasonEn: 'the amount must be a number, optionally with 万元 or 亿元',
    };
  // A bare number is in the column's magnitude; 元, 万元 or 亿元 written in the cell win.
  const bare = magnitude === 1 && figure.unit === '';
  return { ok: true, value: bare ? figure.value * columnMultiplier : figure.value };
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * A month or a day from a cell: 2025-03, 2025-03-15, 2025.3, 2025年3月, 2025/3/15,
 * 2025年3月15日. A number like 2025.1 is refused: Excel has dropped the zero of 2025.10.
 */
export function parseDateCell(cell: SheetCell): CellResult<string | null> {
  if (cell === null) return { ok: true, value: null };
  const bad = {
    ok: false,
    reason: '日期应写作“2025年3月”“2025.03”或“2025-03-15”',
    reasonEn: 'write the date as 2025年3月, 2025.03 or 2025-03-15',
  } as const;
  if (typeof cell === 'number') {
    const text = String(cell);
    const match = /^(\d{4})\.(\d{1,2})$/.exec(text);
    if (!match) return bad;
    if (match[2] === '1')
      return {
        ok: false,
        reason: '数字“2025.1”分不清1月还是10月，请写作“2025年10月”或文本“2025.10”',
        reasonEn:
          'the number 2025.1 may mean January or October; write 2025年10月 or the text 2025.10',
      };
    return monthOf(Number(match[1]), Number(match[2]), null) ?? bad;
  }
  const text = toHalfWidth(cell);
  if (blankMarks.has(text)) return { ok: true, value: null };
  const match = /^(\d{4})[年.\-/](\d{1,2})(?:月?|[月.\-/](\d{1,2})日?)$/.exec(text);
  if (!match) return bad;
  return (
    monthOf(Number(match[1]), Number(match[2]), match[3] === undefined ? null : Number(match[3])) ??
    bad
  );
}

function monthOf(year: number, month: number, day: number | null): CellResult<string> | null {
  if (month < 1 || month > 12) return null;
  if (day === null) return { ok: true, value: `${year}-${pad2(month)}` };
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > days) return null;
  return { ok: true, value: `${year}-${pad2(month)}-${pad2(day)}` };
}

const kindKeywords: readonly [RegExp, ProjectKind][] = [
  [/招商/, 'promotion'],
  [/城市更新|旧城|老旧小区/, 'urban-renewal'],
  [/基础设施|交通|市政/, 'infrastructure'],
  [/民生|社会事业|教育|卫生/, 'livelihood'],
  [/产业|工业|制造|服务业/, 'industry'],
];

/** The kind a section title or a 类别 cell names ("一、产业项目（12个）" → industry). */
export function kindOfText(text: string): ProjectKind | null {
  return kindKeywords.find(([pattern]) => pattern.test(text))?.[1] ?? null;
}

const sectionPattern = /^[一二三四五六七八九十]+[、.]|^（[一二三四五六七八九十]+）/;
const totalPattern = /^(合计|总计|小计)/;

/** What the importer knows from outside the sheet. */
export interface ProjectSheetContext {
  /** Unit codes by the names an office writes (full and short names). */
  readonly unitsByName: ReadonlyMap<string, string>;
  /** Region units (towns and streets) by name, for 所在镇街. */
  readonly townsByName: ReadonlyMap<string, string>;
  /** The list's year when the title does not say (e.g. the plan year). */
  readonly year: number;
}

/** A project row of the sheet, its money in yuan. */
export interface ProjectSheetRow {
  readonly row: number;
  readonly code: string | null;
  readonly seq: string;
  readonly fields: Omit<ProjectFields, 'code' | 'stage' | 'longitude' | 'latitude'> & {
    readonly stage: ProjectStage | null;
  };
  readonly unitCode: string;
  readonly townCode: string | null;
  readonly annualPlanYuan: number | null;
  readonly ytdActualYuan: number | null;
  readonly progressNote: string;
}

/** A bad cell: the sheet's row and column, what it holds, and why it is refused. */

export interface ProjectSheet {
  readonly year: number;
  readonly level: ProjectLevel;
  /** The last month of the 1—N月完成投资 column, when the sheet has one. */
  readonly throughMonth: number | null;
  readonly rows: ProjectSheetRow[];
  readonly problems: RowProblem[];
}

const textOf = (cell: SheetCell | undefined): string =>
  cell === null || cell === undefined ? '' : String(cell).trim();

/** Header labels per column: the distinct texts of the header rows, top to bottom. */
function headerLabels(rows: readonly SheetGridRow[]): string[] {
  const width = Math.max(...rows.map((r) => r.cells.length));
  return Array.from({ length: width }, (_, c) => {
    const parts: string[] = [];
    for (const r of rows) {
      const t = toHalfWidth(textOf(r.cells[c]));
      if (t !== '' && !parts.includes(t)) parts.push(t);
    }
    return parts.join('/');
  });
}

/**
 * Reads the office's project list: finds the header (the row with 项目名称 and, when
 * merged, the row of sub-labels below it), the money magnitude of each column, the
 * year and level from the title, and every project row; lists every bad cell.
 */
export function parseProjectSheet(
  grid: readonly SheetGridRow[],
  context: ProjectSheetContext,
): ProjectSheet {
  const problems: RowProblem[] = [];
  const headerIndex = grid.findIndex((r) =>
    r.cells.some((c) => /项目名称/.test(toHalfWidth(textOf(c)))),
  );
  const preamble = grid.slice(0, Math.max(headerIndex, 0)).flatMap((r) => r.cells.map(textOf));
  const title = preamble.join(' ');
  const yearMatch = /(\d{4})年/.exec(toHalfWidth(title));
  const year = yearMatch ? Number(yearMatch[1]) : context.year;
  const level: ProjectLevel = /市级/.test(title) ? 'city' : 'district';
  if (headerIndex < 0)
    return {
      year,
      level,
      throughMonth: null,
      rows: [],
      problems: [
        {
          row: 1,
          field: 'name',
          columnName: '项目名称',
          value: null,
          rule: 'missing-column',
          reason: '找不到表头：应有“项目名称”“责任单位”等列',
          reasonEn: 'no header row: the sheet needs columns such as 项目名称 and 责任单位',
        },
      ],
    };
  const first = grid[headerIndex] as SheetGridRow;
  const next = grid[headerIndex + 1];
  const nameCol = first.cells.findIndex((c) => /项目名称/.test(toHalfWidth(textOf(c))));
  // A second header row repeats 项目名称 (merged down) or leaves it empty, and has no 序号 number.
  const hasSubHeader =
    next !== undefined &&
    next.number === first.number + 1 &&
    (textOf(next.cells[nameCol]) === textOf(first.cells[nameCol]) ||
      textOf(next.cells[nameCol]) === '') &&
    next.cells.some((c) => columnPatterns.some(([, p]) => p.test(toHalfWidth(textOf(c)))));
  const headerRows = hasSubHeader && next ? [first, next] : [first];
  const labels = headerLabels(headerRows);
  const columns = new Map<ProjectSheetColumn, number>();
  labels.forEach((label, index) => {
    // The leaf label decides ("投资（万元）/总投资" is 总投资); the group only gives the magnitude.
    const leaf = label.split('/').at(-1) ?? '';
    const key = columnPatterns.find(([, p]) => p.test(leaf))?.[0];
    if (key && !columns.has(key)) columns.set(key, index);
  });
  for (const key of requiredColumns)
    if (!columns.has(key))
      problems.push({
        row: first.number,
        field: key,
        columnName: columnNames[key],
        value: null,
        rule: 'missing-column',
        reason: `缺少“${columnNames[key]}”列`,
        reasonEn: `the ${key === 'name' ? '项目名称 (name)' : '责任单位 (responsible unit)'} column is missing`,
      });
  const sheetMultiplier = moneyUnitOf(title) ?? 1e4;
  const multiplierOf = (index: number) => moneyUnitOf(labels[index] ?? '') ?? sheetMultiplier;
  const ytdLabel = columns.has('ytdActual') ? (labels[columns.get('ytdActual') ?? 0] ?? '') : '';
  const throughMatch = /\d{1,2}[-—–~至到](\d{1,2})月/.exec(ytdLabel);
  const throughMonth = throughMatch ? Number(throughMatch[1]) : null;
  const labelOf = (key: ProjectSheetColumn) => {
    const index = columns.get(key);
    return index === undefined
      ? columnNames[key]
      : ((labels[index] ?? '').split('/').at(-1) ?? columnNames[key]);
  };

  const rows: ProjectSheetRow[] = [];
  const seenNames = new Map<string, number>();
  let sectionKind: ProjectKind | null = null;
  for (const gridRow of grid.slice(headerIndex + headerRows.length)) {
    const cell = (key: ProjectSheetColumn): SheetCell => {
      const index = columns.get(key);
      const value = index === undefined ? null : (gridRow.cells[index] ?? null);
      return typeof value === 'string' && value.trim() === '' ? null : value;
    };
    const texts = gridRow.cells.map(textOf).filter((t) => t !== '');
    if (texts.length === 0) continue;
    const seq = textOf(cell('seq'));
    const name = textOf(cell('name'));
    const lead = toHalfWidth(seq !== '' ? seq : name);
    if (totalPattern.test(lead) || totalPattern.test(toHalfWidth(name))) continue;
    // A section row: “一、产业项目（12个）”, often merged across the row.
    if (sectionPattern.test(lead) && new Set(texts).size <= 2) {
      sectionKind = kindOfText(texts.join(''));
      continue;
    }
    const bad = (
      key: ProjectSheetColumn,
      value: unknown,
      rule: string,
      reason: string,
      reasonEn: string,
    ) => {
      const index = columns.get(key);
      problems.push({
        row: gridRow.number,
        field: key,
        ...(index === undefined ? {} : { column: columnLetter(index + 1) }),
        columnName: labelOf(key),
        value,
        rule,
        reason,
        reasonEn,
      });
    };
    if (name === '') {
      bad('name', null, 'required', '项目名称为空', 'the project name is empty');
      continue;
    }
    const duplicate = seenNames.get(name);
    if (duplicate !== undefined)
      bad(
        'name',
        name,
        'duplicate',
        `与第${duplicate}行的项目重名`,
        `same name as row ${duplicate}`,
      );
    else seenNames.set(name, gridRow.number);

    const money = (key: ProjectSheetColumn) => {
      const index = columns.get(key);
      if (index === undefined) return null;
      const result = parseMoneyCell(cell(key), multiplierOf(index));
      if (result.ok) return result.value;
      bad(key, cell(key), 'invalid-amount', result.reason, result.reasonEn);
      return null;
    };
    const date = (key: ProjectSheetColumn) => {
      const result = parseDateCell(cell(key));
      if (result.ok) return result.value;
      bad(key, cell(key), 'invalid-date', result.reason, result.reasonEn);
      return null;
    };
    const totalInvestmentYuan = money('total');
    const annualPlanYuan = money('annualPlan');
    const ytdActualYuan = money('ytdActual');
    const startDate = date('start');
    const finishDate = date('finish');

    const unitText = toHalfWidth(textOf(cell('unit')));
    // 责任单位 may list a lead and co-units ("区住房城乡建委、井口街道"): the first leads.
    const leadUnit = unitText.split(/[、,，;；/]/)[0] ?? '';
    const unitCode = context.unitsByName.get(leadUnit);
    if (!unitCode)
      bad(
        'unit',
        cell('unit'),
        leadUnit === '' ? 'required' : 'unknown-unit',
        leadUnit === '' ? '责任单位为空' : `找不到单位“${leadUnit}”`,
        leadUnit === '' ? 'the responsible unit is empty' : `unknown unit ${leadUnit}`,
      );
    const townText = toHalfWidth(textOf(cell('town')));
    const townCode = townText === '' ? null : (context.townsByName.get(townText) ?? undefined);
    if (townCode === undefined)
      bad(
        'town',
        cell('town'),
        'unknown-town',
        `找不到镇街“${townText}”`,
        `unknown town or street ${townText}`,
      );

    const kindText = textOf(cell('kind'));
    const kind = kindText !== '' ? kindOfText(kindText) : sectionKind;
    if (!kind)
      bad(
        'kind',
        kindText === '' ? null : kindText,
        'unknown-kind',
        '项目类别不明：请填“类别”列或在分组行写明（如“一、产业项目”）',
        'unknown kind: fill the 类别 column or name it in a section row (一、产业项目)',
      );
    const levelText = textOf(cell('level'));
    const rowLevel: ProjectLevel | undefined =
      levelText === ''
        ? level
        : /市级/.test(levelText)
          ? 'city'
          : /区级/.test(levelText)
            ? 'district'
            : undefined;
    if (rowLevel === undefined)
      bad(
        'level',
        levelText,
        'unknown-level',
        '项目级别应为“市级重点”或“区级重点”',
        'the level must be 市级重点 or 区级重点',
      );
    const stageText = textOf(cell('stage'));
    const stage =
      stageText === ''
        ? null
        : (projectStages.find((s) => projectStageLabels[s].zh === stageText) ?? undefined);
    if (stage === undefined)
      bad(
        'stage',
        stageText,
        'unknown-stage',
        `项目阶段应为${projectStages.map((s) => projectStageLabels[s].zh).join('、')}之一`,
        'unknown stage',
      );
    if (!unitCode || !kind || !rowLevel || stage === undefined || townCode === undefined) continue;

    const code = textOf(cell('code'));
    const fields = {
      name,
      content: textOf(cell('content')),
      kind,
      level: rowLevel,
      ownerName: textOf(cell('owner')),
      leader: textOf(cell('leader')),
      totalInvestmentYuan,
      startDate,
      finishDate,
      stage,
    };
    for (const issue of checkProjectFields({
      ...fields,
      code: code === '' ? '-' : code,
      stage: stage ?? (kind === 'promotion' ? 'signed' : 'reserve'),
      longitude: null,
      latitude: null,
    }))
      if (issue.field === 'finishDate')
        bad('finish', finishDate, 'invalid-date', issue.reason, issue.reasonEn);
      else if (issue.field === 'stage')
        bad('stage', stageText, 'invalid-stage', issue.reason, issue.reasonEn);
    rows.push({
      row: gridRow.number,
      code: code === '' ? null : code,
      seq,
      fields,
      unitCode,
      townCode,
      annualPlanYuan,
      ytdActualYuan,
      progressNote: textOf(cell('progress')),
    });
  }
  return { year, level, throughMonth, rows, problems };
}
