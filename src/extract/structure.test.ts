import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ExtractedNode } from './extracted-plan.ts';
import { parsePlanStructure } from './structure.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const corpusDir = path.resolve(repoRoot, '../shared/corpus');
const hasCorpus = existsSync(corpusDir);
if (!hasCorpus) console.warn(`skipping corpus tests: ${corpusDir} is absent`);
const readCorpus = (name: string): string => readFileSync(path.join(corpusDir, name), 'utf8');

function flatten(nodes: readonly ExtractedNode[]): ExtractedNode[] {
  return nodes.flatMap((node) => [node, ...flatten(node.children)]);
}

describe.skipIf(!hasCorpus)('parsePlanStructure on the seed report', () => {
  const seed = hasCorpus ? readCorpus('00_shapingba_2025_plan.txt') : '';
  const plan = parsePlanStructure(seed);

  it('reads the title, issuer and years from the metadata table and title', () => {
    expect(plan.title).toBe(
      '关于重庆市沙坪坝区2024年国民经济和社会发展计划执行情况及2025年计划草案的报告',
    );
    expect(plan.issuer).toBe('沙坪坝区发展改革委');
    expect(plan.planYear).toBe(2025);
    expect(plan.reviewYear).toBe(2024);
    expect(plan.warnings).toEqual([]);
  });

  it('finds two parts and no node in the metadata header', () => {
    expect(plan.nodes.map((n) => [n.key, n.title])).toEqual([
      ['一', '2024年国民经济和社会发展计划执行情况'],
      ['二', '2025年实现国民经济和社会发展计划的重点工作'],
    ]);
    expect(plan.nodes[0]?.start).toBe(seed.indexOf('一、2024年'));
  });

  it('reads the execution part as eight groups without numbered tasks', () => {
    const part = plan.nodes[0]!;
    expect(part.children.map((g) => g.label)).toEqual([
      '(一)',
      '(二)',
      '(三)',
      '(四)',
      '(五)',
      '(六)',
      '(七)',
      '(八)',
    ]);
    expect(part.children.every((g) => g.children.length === 0)).toBe(true);
    expect(part.children[0]?.title).toBe(
      '加快培育发展新质生产力,构建以先进制造业为骨干的现代化产业体系',
    );
    expect(part.text).toContain('重点抓了以下八个方面工作:');
    expect(part.text).not.toContain('(一)');
  });

  it('reads the plan part as twelve groups holding tasks 1 to 38', () => {
    const part = plan.nodes[1]!;
    expect(part.children).toHaveLength(12);
    expect(part.children.map((g) => g.children.length)).toEqual([
      4, 4, 2, 3, 3, 3, 3, 3, 3, 3, 3, 4,
    ]);
    const tasks = part.children.flatMap((g) => g.children);
    expect(tasks.map((t) => t.ordinal)).toEqual(Array.from({ length: 38 }, (_, i) => i + 1));
    expect(tasks.every((t) => t.kind === 'task')).toBe(true);
  });

  it.each([
    ['二/(一)/1', '聚焦产业引领,加快打造特色优势产业集群'],
    ['二/(九)/26', '大力推动缓堵促畅'],
    ['二/(十)/29', '打好污染防治攻坚战'],
    ['二/(十二)/35', '着力推进稳就业促增收'],
    ['二/(十二)/38', '着力防范化解重点领域风险'],
  ])('titles task %s "%s"', (key, title) => {
    const node = flatten(plan.nodes).find((n) => n.key === key);
    expect(node?.title).toBe(title);
    expect(node?.text.startsWith(`${node.label}.`)).toBe(true);
  });

  it('keeps each task text to its own paragraph and ends the last one before the attachment name', () => {
    const task26 = flatten(plan.nodes).find((n) => n.key === '二/(九)/26')!;
    expect(task26.text).toContain('新增1000个公共停车泊位');
    expect(task26.text).not.toContain('27.');
    const last = flatten(plan.nodes).find((n) => n.key === '二/(十二)/38')!;
    expect(last.text.endsWith('及时有效应对处置网络舆情。')).toBe(true);
    expect(plan.nodes[1]?.end).toBe(last.end);
  });

  it('nests spans: children inside their parent, siblings in order and apart', () => {
    const check = (nodes: readonly ExtractedNode[], lo: number, hi: number): void => {
      let previousEnd = lo;
      for (const node of nodes) {
        expect(node.start).toBeGreaterThanOrEqual(previousEnd);
        expect(node.end).toBeLessThanOrEqual(hi);
        expect(seed.slice(node.start, node.start + node.text.length)).toBe(node.text);
        check(node.children, node.start, node.end);
        previousEnd = node.end;
      }
    };
    check(plan.nodes, 0, seed.length);
  });
});

describe.skipIf(!hasCorpus)('parsePlanStructure on the other corpus files', () => {
  it.each([
    ['10_guowuyuan-zfgzbg-2022.txt', '政府工作报告', '国务院', 2022, 2021, [0, 0, 9]],
    ['11_guowuyuan-zfgzbg-2021.txt', '政府工作报告', '国务院', 2021, 2020, [0, 0, 8]],
    [
      '12_dadukou-jihua-2025_excerpt.txt',
      '关于重庆市大渡口区2024年国民经济和社会发展计划执行情况及2025年计划草案的报告',
      '重庆市大渡口区发展和改革委员会',
      2025,
      2024,
      [0],
    ],
    [
      '13_chengkou-jihua-2025_excerpt.txt',
      '城口县2024年国民经济和社会发展计划执行情况与2025年计划草案报告',
      '城口县发展和改革委员会',
      2025,
      2024,
      [0],
    ],
    [
      '14_yubei-zfgzbg-2024_excerpt.txt',
      '重庆市渝北区人民政府工作报告',
      '重庆市渝北区人民政府',
      2024,
      2023,
      [0],
    ],
  ])('reads %s', (file, title, issuer, planYear, reviewYear, groupsPerPart) => {
    const plan = parsePlanStructure(readCorpus(file));
    expect(plan).toMatchObject({ title, issuer, planYear, reviewYear });
    expect(plan.nodes.map((p) => p.children.length)).toEqual(groupsPerPart);
    expect(plan.nodes[0]?.title).toMatch(/^\d{4}年/u);
  });

  it('keeps the 印发通知 wrapper of file 13 out of the tree', () => {
    const text = readCorpus('13_chengkou-jihua-2025_excerpt.txt');
    const plan = parsePlanStructure(text);
    expect(plan.nodes[0]?.start).toBe(text.indexOf('一、2024年'));
  });

  it('ends the national plan part before the closing "各位代表！" sections', () => {
    const text = readCorpus('10_guowuyuan-zfgzbg-2022.txt');
    const plan = parsePlanStructure(text);
    const lastGroup = plan.nodes[2]?.children.at(-1);
    expect(lastGroup?.title).toBe('切实保障和改善民生，加强和创新社会治理');
    expect(text.slice(lastGroup!.start, lastGroup!.end)).not.toContain('各位代表');
    // The review part keeps its own mid-part salutation.
    expect(plan.nodes[0]?.text).toContain('各位代表！');
  });

  it('reads full-width labels the same as NFKC-normalised ones', () => {
    const seed = readCorpus('00_shapingba_2025_plan.txt');
    const fullWidth = seed
      .replace(/\(([一二三四五六七八九十]+)\)/gu, '（$1）')
      .replace(/^(\d+)\./gmu, '$1．')
      .replace(/,/gu, '，');
    const strip = (nodes: readonly ExtractedNode[]): unknown =>
      nodes.map((n) => [n.key, n.ordinal, strip(n.children)]);
    expect(strip(parsePlanStructure(fullWidth).nodes)).toEqual(
      strip(parsePlanStructure(seed).nodes),
    );
  });
});

describe('parsePlanStructure on small documents', () => {
  it('reads tasks numbered "1、" that restart under each group', () => {
    const text = [
      '2025年工作计划',
      '一、2024年工作回顾',
      '过去一年。',
      '二、2025年工作安排',
      '（一）稳增长。',
      '1、抓投资。完成投资100亿元。',
      '2、促消费。',
      '（二）惠民生。',
      '1、稳就业。新增就业1万人。',
    ].join('\n');
    const plan = parsePlanStructure(text);
    expect(plan.planYear).toBe(2025);
    expect(plan.reviewYear).toBe(2024);
    const keys = flatten(plan.nodes).map((n) => n.key);
    expect(keys).toEqual(['一', '二', '二/(一)', '二/(一)/1', '二/(一)/2', '二/(二)', '二/(二)/1']);
    expect(flatten(plan.nodes).find((n) => n.key === '二/(一)/1')?.title).toBe('抓投资');
  });

  it('reads a line opening with a decimal or an out-of-sequence number as prose', () => {
    const text = [
      '一、总体要求',
      '1.加快发展。',
      '1.5万人参加培训。',
      '9.这一行编号不连续。',
      '2.提升质量。',
    ].join('\n');
    const plan = parsePlanStructure(text);
    const tasks = plan.nodes[0]?.children ?? [];
    expect(tasks.map((t) => t.label)).toEqual(['1', '2']);
    expect(tasks[0]?.text).toContain('1.5万人参加培训。');
    expect(tasks[0]?.text).toContain('9.这一行编号不连续。');
  });

  it('accepts a skipped number with a warning', () => {
    const plan = parsePlanStructure('一、甲\n二、乙\n四、丁');
    expect(plan.nodes.map((n) => n.label)).toEqual(['一', '二', '四']);
    expect(plan.warnings.some((w) => w.includes('从 2 跳到 4'))).toBe(true);
  });

  it('reads indented headings and CRLF line ends', () => {
    const plan = parsePlanStructure('\u3000\u3000一、甲。\r\n  （一）乙。\r\n    1.丙。丁。\r\n');
    expect(flatten(plan.nodes).map((n) => [n.key, n.title])).toEqual([
      ['一', '甲'],
      ['一/(一)', '乙'],
      ['一/(一)/1', '丙'],
    ]);
    expect(plan.nodes[0]?.start).toBe(2);
  });

  it('warns and returns no nodes when the text has no part headings', () => {
    const plan = parsePlanStructure('这是一段没有标题的文字。');
    expect(plan.nodes).toEqual([]);
    expect(plan.warnings.length).toBeGreaterThan(0);
  });
});
