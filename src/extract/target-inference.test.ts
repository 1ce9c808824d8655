import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractPlan } from './extract-plan.ts';
import type { PlacedFigure } from './extracted-plan.ts';
import { achievementValue, inferTarget } from './target-inference.ts';

const seedPath = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../shared/corpus/00_shapingba_2025_plan.txt',
);
const hasCorpus = fs.existsSync(seedPath);
if (!hasCorpus) console.warn(`target-inference tests skipped: ${seedPath} is absent`);

describe.skipIf(!hasCorpus)('reading the seed plan’s figures as targets', () => {
  const figures = hasCorpus ? extractPlan(fs.readFileSync(seedPath, 'utf8')).figures : [];
  const figure = (kind: PlacedFigure['kind'], metric: string): PlacedFigure => {
    const found = figures.find((f) => f.kind === kind && f.metric === metric);
    if (!found) throw new Error(`the seed plan has no ${kind} figure “${metric}”`);
    return found;
  };
  const employment = { id: 'jobs', code: 'JOBS', name: '城镇新增就业', aliases: [], unit: '人' };

  it('reads “新增1000个公共停车泊位” as a flow, higher is better, due in the plan year, with a proposal', () => {
    const parking = figure('target', '公共停车泊位');
    expect(inferTarget(parking, [employment], 2025)).toMatchObject({
      indicatorId: null,
      suggestedIndicatorId: null,
      proposal: { name: '公共停车泊位', unit: '个' },
      measure: 'flow',
      direction: 'higher',
      unit: '个',
      duePeriodId: '2025',
    });
  });

  it('links “城镇新增就业3万人以上” to the indicator of that name, in base units', () => {
    expect(inferTarget(figure('target', '城镇新增就业'), [employment], 2025)).toMatchObject({
      indicatorId: 'jobs',
      proposal: null,
      unit: '人',
    });
  });

  it('makes a falling figure a target where lower is better', () => {
    expect(inferTarget(figure('achievement', '细颗粒物年均浓度'), [], 2025).direction).toBe(
      'lower',
    );
  });

  it('takes a later year the clause names as the due period, never an earlier one', () => {
    const parking = figure('target', '公共停车泊位');
    const dueIn = (text: string) => inferTarget({ ...parking, text }, [], 2025).duePeriodId;
    expect(dueIn('到2027年底新增1000个公共停车泊位')).toBe('2027');
    expect(dueIn('2024年新增1000个公共停车泊位')).toBe('2025');
  });

  it('reads last year’s “城镇新增就业3.3万人” as 33000 of the indicator, and nothing for a unit of another kind', () => {
    const achieved = figure('achievement', '城镇新增就业');
    expect(achievementValue(achieved, [employment])).toEqual({
      indicatorCode: 'JOBS',
      value: 33000,
    });
    expect(achievementValue(achieved, [{ ...employment, unit: '个' }])).toBeNull();
    expect(achievementValue(achieved, [])).toBeNull();
  });
});
