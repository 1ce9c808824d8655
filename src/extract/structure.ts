import { parseChineseOrdinal } from '../core/wording.ts';
import type { ExtractedNode, PlanNodeKind } from './extracted-plan.ts';

/** The title block and plan tree of a plan document, as `parsePlanStructure` reads them. */
export interface PlanStructure {
  title: string | null;
  issuer: string | null;
  planYear: number | null;
  reviewYear: number | null;
  nodes: ExtractedNode[];
  warnings: string[];
}

interface Line {
  /** Offset of the first character after the indentation. */
  start: number;
  /** Offset just past the last non-blank character. */
  end: number;
  text: string;
}

interface Heading {
  kind: PlanNodeKind;
  ordinal: number;
  label: string;
  line: Line;
  /** Offset of the text after the label. */
  bodyStart: number;
}

// Headings as government documents write them, full-width or NFKC-normalised to ASCII.
const PART_PATTERN = /^([一二三四五六七八九十]{1,3})\s*[、，,]\s*/u;
const PART_SECTION_PATTERN = /^第([一二三四五六七八九十]{1,3})部分\s*[、，,:：]?\s*/u;
const GROUP_PATTERN = /^[（(]\s*([一二三四五六七八九十]{1,3})\s*[）)]\s*[、，,]?\s*/u;
// "1.5万人" opens a sentence with a decimal, not a task: the separator must not precede a digit.
const TASK_PATTERN = /^([0-9０-９]{1,3})\s*[.．、](?![0-9０-９])\s*/u;

const SALUTATION_PATTERN = /^各位(代表|委员)[!！:：]?$/u;
const ATTACHMENT_PATTERN = /\.(docx?|wps|pdf|xlsx?|ofd|zip|rar)$/iu;
const DOCUMENT_NUMBER_PATTERN = /^\S{1,20}[〔［[（(]\d{4}[〕］\]）)]\s*\d+\s*号$/u;
const METADATA_KEY_PATTERN =
  /^(索引号|信息分类名称|信息分类|发布机构|发文机关|生成日期|成文日期|发布日期|名称|标题|文号|主题词|主题分类|有效性)\s*[:：]/u;
const ORGANISATION_PATTERN =
  /^\S{2,40}(委员会|发展改革委|发改委|人民政府|国务院|办公室|办公厅|管委会|统计局|局)$/u;
const SPEAKER_PATTERN = /^(\S{2,40}?)(总理|副总理|省长|市长|区长|县长|主任|局长|书记)\s+\S{2,4}$/u;
const DATED_OCCASION_PATTERN = /^——\s*(\d{4})年\d{1,2}月\d{1,2}日/u;
const DATE_LINE_PATTERN = /^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$/u;
const PUBLICATION_NOTE_PATTERN = /^[（(]此件(公开发布|主动公开|不公开)[）)]$/u;
const REVIEW_HEADING_PATTERN = /(\d{4})年.{0,30}(执行情况|工作回顾|回顾|工作总结)/u;
const INDENT_PATTERN = /^[\s\u3000\u00a0\ufeff]+/u;

function toAsciiDigits(digits: string): string {
  return digits.replace(/[０-９]/gu, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let lineStart = 0;
  const length = text.length;
  while (lineStart <= length) {
    let lineEnd = lineStart;
    while (lineEnd < length) {
      const c = text.charCodeAt(lineEnd);
      if (c === 10 || c === 13) break;
      lineEnd++;
    }
    const raw = text.slice(lineStart, lineEnd);
    const indent = INDENT_PATTERN.exec(raw)?.[0].length ?? 0;
    const trimmed = raw.slice(indent).trimEnd();
    if (trimmed !== '') {
      const start = lineStart + indent;
      lines.push({ start, end: start + trimmed.length, text: trimmed });
    }
    if (lineEnd >= length) break;
    lineStart =
      text.charCodeAt(lineEnd) === 13 && text.charCodeAt(lineEnd + 1) === 10
        ? lineEnd + 2
        : lineEnd + 1;
  }
  return lines;
}

function matchHeading(line: Line): Heading | null {
  const part = PART_PATTERN.exec(line.text) ?? PART_SECTION_PATTERN.exec(line.text);
  if (part) {
    const ordinal = parseChineseOrdinal(part[1] ?? '');
    if (ordinal === null) return null;
    return {
      kind: 'part',
      ordinal,
      label: part[1] ?? '',
      line,
      bodyStart: line.start + part[0].length,
    };
  }
  const group = GROUP_PATTERN.exec(line.text);
  if (group) {
    const ordinal = parseChineseOrdinal(group[1] ?? '');
    if (ordinal === null) return null;
    return {
      kind: 'group',
      ordinal,
      label: `(${group[1] ?? ''})`,
      line,
      bodyStart: line.start + group[0].length,
    };
  }
  const task = TASK_PATTERN.exec(line.text);
  if (task) {
    const ordinal = Number(toAsciiDigits(task[1] ?? ''));
    if (!Number.isInteger(ordinal) || ordinal < 1) return null;
    return {
      kind: 'task',
      ordinal,
      label: String(ordinal),
      line,
      bodyStart: line.start + task[0].length,
    };
  }
  return null;
}

/** The heading sentence: the text after the label up to the first 。 (or the whole line). */
function headingTitle(text: string, heading: Heading): string {
  const rest = text.slice(heading.bodyStart, heading.line.end);
  const stop = rest.search(/[。！!？?]/u);
  const sentence = stop === -1 ? rest : rest.slice(0, stop);
  return sentence.replace(/[:：;；，,]+$/u, '').trim();
}

// A numbering that jumps by more than this is taken for prose, not for a heading.
const MAX_NUMBERING_GAP = 2;

/**
 * Keeps the headings whose numbering follows on: a part after the previous part, a group
 * after the previous group of its part, a task after the previous task of its part (seed
 * style: 1–38 across groups) or starting again at 1 under a new group (the other style).
 */
function selectHeadings(candidates: Heading[], warnings: string[], text: string): Heading[] {
  const kept: Heading[] = [];
  let lastPart = 0;
  let lastGroup = 0;
  let lastTask = 0;
  let tasksInGroup = 0;
  const accepts = (ordinal: number, last: number, what: string, heading: Heading): boolean => {
    if (ordinal === last + 1) return true;
    if (ordinal > last + 1 && ordinal <= last + MAX_NUMBERING_GAP) {
      warnings.push(
        `${what}编号从 ${last} 跳到 ${ordinal}（第 ${lineNumber(text, heading.line.start)} 行），请核对是否漏项。`,
      );
      return true;
    }
    return false;
  };
  for (const heading of candidates) {
    switch (heading.kind) {
      case 'part':
        if (!accepts(heading.ordinal, lastPart, '部分', heading)) continue;
        lastPart = heading.ordinal;
        lastGroup = 0;
        lastTask = 0;
        tasksInGroup = 0;
        break;
      case 'group':
        if (lastPart === 0 || !accepts(heading.ordinal, lastGroup, '分组', heading)) continue;
        lastGroup = heading.ordinal;
        tasksInGroup = 0;
        break;
      case 'task': {
        if (lastPart === 0) continue;
        const restartsInGroup = lastGroup > 0 && tasksInGroup === 0 && heading.ordinal === 1;
        if (!restartsInGroup && !accepts(heading.ordinal, lastTask, '任务', heading)) continue;
        lastTask = heading.ordinal;
        tasksInGroup++;
        break;
      }
    }
    kept.push(heading);
  }
  return kept;
}

function lineNumber(text: string, offset: number): number {
  let count = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/**
 * Where the plan tree stops: at a closing salutation ("各位代表！") after the last part has
 * begun its children, or before trailing attachment names; else at the end of the text.
 */
function findBodyEnd(lines: Line[], headings: Heading[], text: string): number {
  let lastLine = lines.length - 1;
  while (lastLine >= 0 && ATTACHMENT_PATTERN.test(lines[lastLine]?.text ?? '')) lastLine--;
  let end = lastLine >= 0 ? (lines[lastLine]?.end ?? text.length) : 0;
  const lastPartIndex = headings.findLastIndex((h) => h.kind === 'part');
  const firstChild = lastPartIndex === -1 ? undefined : headings[lastPartIndex + 1];
  if (firstChild !== undefined && firstChild.kind !== 'part') {
    const closing = lines.find(
      (line) => line.start > firstChild.line.start && SALUTATION_PATTERN.test(line.text),
    );
    if (closing !== undefined && closing.start < end) {
      end = text.slice(0, closing.start).trimEnd().length;
    }
  }
  return end;
}

const DEPTH: Readonly<Record<PlanNodeKind, number>> = { part: 0, group: 1, task: 2 };

function buildTree(text: string, headings: Heading[], bodyEnd: number): ExtractedNode[] {
  const roots: ExtractedNode[] = [];
  const stack: ExtractedNode[] = [];
  const inBody = headings.filter((h) => h.line.start < bodyEnd);
  inBody.forEach((heading, index) => {
    const depth = DEPTH[heading.kind];
    // The span runs to the next heading at the same or a higher level.
    let end = bodyEnd;
    for (let j = index + 1; j < inBody.length; j++) {
      const next = inBody[j];
      if (next !== undefined && DEPTH[next.kind] <= depth) {
        end = text.slice(0, next.line.start).trimEnd().length;
        break;
      }
    }
    const nextHeading = inBody[index + 1];
    const ownEnd =
      nextHeading !== undefined && nextHeading.line.start < end
        ? text.slice(0, nextHeading.line.start).trimEnd().length
        : end;
    while (stack.length > 0 && DEPTH[stack[stack.length - 1]?.kind ?? 'part'] >= depth) stack.pop();
    const parent = stack[stack.length - 1];
    const node: ExtractedNode = {
      key: parent === undefined ? heading.label : `${parent.key}/${heading.label}`,
      kind: heading.kind,
      label: heading.label,
      ordinal: heading.ordinal,
      title: headingTitle(text, heading),
      text: text.slice(heading.line.start, ownEnd),
      start: heading.line.start,
      end,
      children: [],
    };
    if (parent === undefined) roots.push(node);
    else parent.children.push(node);
    stack.push(node);
  });
  return roots;
}

interface TitleBlock {
  title: string | null;
  issuer: string | null;
  noticeTitle: string | null;
  occasionYear: number | null;
}

function readMetadata(line: string): Map<string, string> {
  const cells = line
    .split(/[|｜]/u)
    .map((cell) => cell.trim())
    .filter((cell) => cell !== '');
  const fields = new Map<string, string>();
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i] ?? '';
    const key = /^(.+?)\s*[:：]$/u.exec(cell)?.[1];
    if (key !== undefined) {
      const value = cells[i + 1];
      if (value !== undefined && !/[:：]$/u.test(value)) {
        fields.set(key, value);
        i++;
      }
    } else {
      const inline = /^(.+?)\s*[:：]\s*(.+)$/u.exec(cell);
      if (inline?.[1] !== undefined && inline[2] !== undefined) fields.set(inline[1], inline[2]);
    }
  }
  return fields;
}

function isOrganisation(line: string): boolean {
  return line.length <= 40 && ORGANISATION_PATTERN.test(line);
}

/**
 * Reads the block before the first part: the portal's metadata table, a 印发通知 wrapper
 * (document number, notice title, addressees, issuer, date, "(此件公开发布)"), and the report's
 * own title, occasion line and speaker.
 */
function readTitleBlock(header: Line[]): TitleBlock {
  let title: string | null = null;
  let issuer: string | null = null;
  const rest: string[] = [];
  for (const line of header) {
    if (METADATA_KEY_PATTERN.test(line.text) && /[|｜]/u.test(line.text)) {
      const fields = readMetadata(line.text);
      title ??= fields.get('名称') ?? fields.get('标题') ?? null;
      issuer ??= fields.get('发布机构') ?? fields.get('发文机关') ?? null;
    } else {
      rest.push(line.text);
    }
  }

  let noticeTitle: string | null = null;
  let noticeIssuer: string | null = null;
  let inner = rest;
  const noticeAt = rest.findIndex((line) => line.includes('关于印发'));
  if (noticeAt !== -1) {
    let notice = rest[noticeAt] ?? '';
    let noticeEnd = noticeAt;
    while (!/通知$/u.test(notice) && noticeEnd + 1 < rest.length && noticeEnd < noticeAt + 2) {
      noticeEnd++;
      notice += rest[noticeEnd] ?? '';
    }
    noticeTitle =
      /《(.+?)》/u.exec(notice)?.[1] ?? /关于印发(.+?)的?通知$/u.exec(notice)?.[1] ?? null;
    const before = rest[noticeAt - 1];
    if (before !== undefined && isOrganisation(before)) noticeIssuer = before;
    let wrapperEnd = rest.findIndex(
      (line, i) => i > noticeEnd && PUBLICATION_NOTE_PATTERN.test(line),
    );
    if (wrapperEnd === -1) {
      wrapperEnd = rest.findIndex((line, i) => i > noticeEnd && DATE_LINE_PATTERN.test(line));
    }
    if (wrapperEnd !== -1) {
      const signer = rest[wrapperEnd - 1];
      if (noticeIssuer === null && signer !== undefined && isOrganisation(signer)) {
        noticeIssuer = signer;
      }
      inner = rest.slice(wrapperEnd + 1);
    } else {
      inner = rest.slice(noticeEnd + 1);
    }
  }

  let occasionYear: number | null = null;
  let reportTitle: string | null = null;
  let reportIssuer: string | null = null;
  for (let i = 0; i < inner.length; i++) {
    const line = inner[i] ?? '';
    if (SALUTATION_PATTERN.test(line) || /[:：]$/u.test(line)) break;
    if (DOCUMENT_NUMBER_PATTERN.test(line) || PUBLICATION_NOTE_PATTERN.test(line)) continue;
    const occasion = DATED_OCCASION_PATTERN.exec(line);
    if (occasion) {
      occasionYear = Number(occasion[1]);
      continue;
    }
    const speaker = SPEAKER_PATTERN.exec(line);
    if (speaker) {
      reportIssuer ??= speaker[1] ?? null;
      continue;
    }
    if (reportTitle === null) {
      // A long title wraps over two or three lines; join them while that reaches "…报告".
      let joined = line;
      let taken = i;
      for (let j = i + 1; j < Math.min(inner.length, i + 3) && !/报告$/u.test(joined); j++) {
        joined += inner[j] ?? '';
        taken = j;
      }
      if (/报告$/u.test(joined)) {
        reportTitle = joined;
        i = taken;
      } else if (!isOrganisation(line) && !DATE_LINE_PATTERN.test(line)) {
        reportTitle = line;
      } else if (isOrganisation(line)) {
        reportIssuer ??= line;
      }
      continue;
    }
    if (isOrganisation(line)) reportIssuer ??= line;
  }

  return {
    title: title ?? reportTitle ?? noticeTitle,
    issuer: issuer ?? reportIssuer ?? noticeIssuer,
    noticeTitle,
    occasionYear,
  };
}

function yearsIn(text: string): number[] {
  return [...text.matchAll(/(\d{4})\s*年/gu)].map((m) => Number(m[1]));
}

/**
 * The plan year and the year under review: from the title ("2024年…执行情况及2025年计划草案"),
 * else the notice title, else the occasion line ("——2022年3月5日在…"); the review year also
 * from a part heading such as "一、2021年工作回顾".
 */
function readYears(
  block: TitleBlock,
  parts: readonly ExtractedNode[],
): { planYear: number | null; reviewYear: number | null } {
  for (const source of [block.title, block.noticeTitle]) {
    if (source === null) continue;
    const years = yearsIn(source);
    const first = years[0];
    if (first === undefined) continue;
    const last = years[years.length - 1] ?? first;
    if (last > first) return { planYear: last, reviewYear: first };
    if (/执行情况|总结|回顾/u.test(source) && !/计划|报告/u.test(source)) {
      return { planYear: null, reviewYear: first };
    }
    return { planYear: first, reviewYear: reviewYearFromParts(parts) };
  }
  return { planYear: block.occasionYear, reviewYear: reviewYearFromParts(parts) };
}

function reviewYearFromParts(parts: readonly ExtractedNode[]): number | null {
  for (const part of parts) {
    const match = REVIEW_HEADING_PATTERN.exec(part.title);
    if (match) return Number(match[1]);
  }
  return null;
}

/**
 * Reads a plan document's title block and its tree of parts (一、), groups ((一) or （一）) and
 * numbered tasks (1. 2． 3、). Headings whose numbering does not follow on are read as prose;
 * the portal's metadata table, a 印发通知 wrapper and a closing "各位代表！" are not nodes.
 * @example parsePlanStructure(seed).nodes[1]?.children[0]?.children[0]?.title
 * // '聚焦产业引领,加快打造特色优势产业集群'
 */
export function parsePlanStructure(text: string): PlanStructure {
  const warnings: string[] = [];
  const lines = splitLines(text);
  const candidates: Heading[] = [];
  for (const line of lines) {
    const heading = matchHeading(line);
    if (heading !== null) candidates.push(heading);
  }
  const headings = selectHeadings(candidates, warnings, text);
  const firstPart = headings.find((h) => h.kind === 'part');
  const bodyStart = firstPart?.line.start ?? text.length;
  const header = lines.filter((line) => line.start < bodyStart);
  const block = readTitleBlock(header);
  const bodyEnd = findBodyEnd(lines, headings, text);
  const nodes = buildTree(text, headings, bodyEnd);
  const { planYear, reviewYear } = readYears(block, nodes);

  if (nodes.length === 0) warnings.push('未识别到“一、”“二、”等部分标题，计划结构为空。');
  if (block.title === null) warnings.push('未识别到报告标题。');
  if (planYear === null) warnings.push('未能从标题确定计划年度。');
  return { title: block.title, issuer: block.issuer, planYear, reviewYear, nodes, warnings };
}
