import { describe, expect, it } from 'vitest';
import {
  canAdvanceStage,
  checkProjectFields,
  type ProjectFields,
  type ProjectKind,
  type ProjectStage,
} from './project.ts';

const buildFields = (overrides: Partial<ProjectFields> = {}): ProjectFields => ({
  code: 'SPB-2025-001',
  name: '西部（重庆）科学城沙坪坝片区道路工程',
  content: '新建道路3.2公里',
  kind: 'infrastructure',
  level: 'district',
  stage: 'construction',
  ownerName: '重庆沙坪坝城市建设投资有限公司',
  leader: '张三',
  totalInvestmentYuan: 1.2e9,
  startDate: '2024-03',
  finishDate: '2026-12-31',
  longitude: 106.45,
  latitude: 29.54,
  ...overrides,
});

describe('canAdvanceStage', () => {
  it.each<[ProjectKind, ProjectStage, ProjectStage, boolean]>([
    ['industry', 'reserve', 'preparation', true],
    ['industry', 'preparation', 'construction', true],
    ['industry', 'construction', 'construction', true],
    ['industry', 'completed', 'construction', false],
    ['industry', 'preparation', 'signed', false],
    ['promotion', 'signed', 'landed', true],
    ['promotion', 'landed', 'new-start', true],
    ['promotion', 'landed', 'signed', false],
    ['promotion', 'reserve', 'landed', false],
  ])('%s: %s → %s is %s', (kind, from, to, expected) => {
    expect(canAdvanceStage(kind, from, to)).toBe(expected);
  });
});

describe('checkProjectFields', () => {
  it('accepts a complete project', () => {
    expect(checkProjectFields(buildFields())).toEqual([]);
  });

  it('accepts a project with no investment, dates or place yet', () => {
    expect(
      checkProjectFields(
        buildFields({
          totalInvestmentYuan: null,
          startDate: null,
          finishDate: null,
          longitude: null,
          latitude: null,
        }),
      ),
    ).toEqual([]);
  });

  it.each<[string, Partial<ProjectFields>, keyof ProjectFields]>([
    ['an empty code', { code: ' ' }, 'code'],
    ['an empty name', { name: '' }, 'name'],
    ['a negative investment', { totalInvestmentYuan: -1 }, 'totalInvestmentYuan'],
    ['a date written 2025/3', { startDate: '2025/3' }, 'startDate'],
    ['month 13', { finishDate: '2025-13' }, 'finishDate'],
    ['a finish before the start', { startDate: '2025-06', finishDate: '2025-05-31' }, 'finishDate'],
    ['longitude 200', { longitude: 200 }, 'longitude'],
    ['latitude −91', { latitude: -91 }, 'latitude'],
    ['a signed infrastructure project', { stage: 'signed' }, 'stage'],
    ['a promotion project in reserve', { kind: 'promotion', stage: 'reserve' }, 'stage'],
  ])('names the field of %s', (_name, overrides, field) => {
    const issues = checkProjectFields(buildFields(overrides));
    expect(issues.map((i) => i.field)).toEqual([field]);
    expect(issues[0]?.reason).toMatch(/\p{Script=Han}/u);
    expect(issues[0]?.reasonEn).not.toBe('');
  });

  it('lets a project start and finish in the same month', () => {
    expect(
      checkProjectFields(buildFields({ startDate: '2025-06-20', finishDate: '2025-06' })),
    ).toEqual([]);
  });
});
