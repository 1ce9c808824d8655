import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractPlan, findInnermostNode } from './extract-plan.ts';
import type { FigureItem } from './figure-item.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const seedPath = path.resolve(repoRoot, '../shared/corpus/00_shapingba_2025_plan.txt');
const hasSeed = existsSync(seedPath);
if (!hasSeed) console.warn(`skipping seed extractPlan tests: ${seedPath} is absent`);

const TEXT = [
  '关于2024年执行情况及2025年计划草案的报告',
  '一、2024年执行情况',
  'GDP增长6.5%。',
  '(一)稳增长。投资增长10%。',
  '二、2025年计划',
  '(一)抓投资。',
  '1.扩投资。完成投资100亿元。',
].join('\n');

function buildFigure(
  text: string,
  numeral: string,
  overrides: Partial<FigureItem> = {},
): FigureItem {
  return {
    offset: text.indexOf(numeral),
    numeral,
    text: numeral,
    kind: 'target',
    metric: '投资',
    value: Number(numeral),
    unit: '',
    sign: 1,
    comparator: '=',
    isAspirational: false,
    ...overrides,
  };
}

describe('extractPlan', () => {
  it('places each figure on the innermost node whose span holds it', () => {
    const seen: { planYear?: number }[] = [];
    const plan = extractPlan(TEXT, (text, options) => {
      seen.push(options);
      return ['2024', '6.5', '10', '100'].map((numeral) => buildFigure(text, numeral));
    });
    expect(seen).toEqual([{ planYear: 2025 }]);
    expect(plan.figures.map((f) => [f.numeral, f.nodeKey])).toEqual([
      ['2024', null],
      ['6.5', '一'],
      ['10', '一/(一)'],
      ['100', '二/(一)/1'],
    ]);
    expect(plan).toMatchObject({ planYear: 2025, reviewYear: 2024, warnings: [] });
  });

  it('passes no plan year to the figure extractor when the title gives none', () => {
    const seen: { planYear?: number }[] = [];
    extractPlan('一、甲', (_text, options) => {
      seen.push(options);
      return [];
    });
    expect(seen).toEqual([{}]);
  });

  it('finds no node for an offset outside every span', () => {
    const plan = extractPlan(TEXT, () => []);
    expect(findInnermostNode(plan.nodes, -1)).toBeNull();
    expect(findInnermostNode(plan.nodes, TEXT.length + 5)).toBeNull();
    expect(findInnermostNode(plan.nodes, TEXT.indexOf('扩投资'))?.key).toBe('二/(一)/1');
  });
});

describe.skipIf(!hasSeed)('extractPlan on the seed report', () => {
  const seed = hasSeed ? readFileSync(seedPath, 'utf8') : '';
  const plan = extractPlan(seed);

  it('places the 2025 targets on their numbered tasks', () => {
    const keyOf = (clause: string, numeral: string): string | null | undefined => {
      const offset = seed.indexOf(clause) + clause.indexOf(numeral);
      return plan.figures.find((f) => f.offset === offset)?.nodeKey;
    };
    expect(keyOf('新增1000个公共停车泊位', '1000')).toBe('二/(九)/26');
    expect(keyOf('空气质量优良天数稳定在310天以上', '310')).toBe('二/(十)/29');
    expect(keyOf('城镇新增就业3万人以上', '3')).toBe('二/(十二)/35');
  });

  it('places the 2024 achievements in the execution part', () => {
    const gdp = plan.figures.find((f) => f.offset === seed.indexOf('6.5%'));
    expect(gdp?.nodeKey).toBe('一');
    const parts = plan.figures
      .filter((f) => f.nodeKey !== null)
      .map((f) => f.nodeKey!.split('/')[0]);
    expect(new Set(parts)).toEqual(new Set(['一', '二']));
  });

  it('places every figure inside the span of its node', () => {
    const byKey = new Map<string, { start: number; end: number }>();
    const walk = (nodes: typeof plan.nodes): void => {
      for (const node of nodes) {
        byKey.set(node.key, node);
        walk(node.children);
      }
    };
    walk(plan.nodes);
    for (const figure of plan.figures) {
      if (figure.nodeKey === null) continue;
      const node = byKey.get(figure.nodeKey)!;
      expect(figure.offset).toBeGreaterThanOrEqual(node.start);
      expect(figure.offset).toBeLessThan(node.end);
    }
  });
});

describe.skipIf(!hasSeed)('the targets the seed report imports as', () => {
  const targets = () =>
    extractPlan(readFileSync(seedPath, 'utf8')).figures.filter(
      (f) => f.kind === 'target' && f.nodeKey !== null,
    );

  it('have a metric each', () => {
    expect(targets().filter((t) => t.metric.trim().length < 2)).toEqual([]);
  });

  it('name no metric twice within one task', () => {
    const seen = new Map<string, number>();
    for (const t of targets()) {
      const key = `${t.nodeKey}|${t.metric}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    expect([...seen].filter(([, n]) => n > 1)).toEqual([]);
  });

  it('name things, not clauses: no verb of progress, no year, no rank, no dangling quote', () => {
    for (const t of targets()) {
      expect(t.metric, t.text).not.toMatch(
        /^(?:开行|完工|开工建设|优化升级|逐步实现|方式)|(?:19|20)[0-9]{2}年|第[一二三四五六七八九十0-9]+[位名]|居全|^[”、,，]|[“、,，]$/u,
      );
    }
  });

  it('tell the three rail lines apart and name the street list whole', () => {
    const metrics = targets().map((t) => t.metric);
    expect(metrics).toEqual(
      expect.arrayContaining([
        '轨道7号线工程总量',
        '轨道15号线工程总量',
        '轨道27号线工程总量',
        '有场景、惠民生的街巷',
        '续建老旧小区改造项目',
        '续建老旧小区改造面积',
      ]),
    );
  });
});
