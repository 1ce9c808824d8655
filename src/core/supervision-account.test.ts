import { describe, expect, it } from 'vitest';
import { buildDocumentTarget } from './document-target.fixture.ts';
import { buildSupervisionAccount } from './supervision-account.ts';

const input = (targets: Parameters<typeof buildSupervisionAccount>[0]['targets']) => ({
  unitName: '沙坪坝区',
  year: 2025,
  dataThrough: '2025-06-30',
  dataPartial: false,
  targets,
});

describe('the 督查督办台账', () => {
  it('lists red before yellow, leaves out targets on track, done or without data', () => {
    const blocks = buildSupervisionAccount(
      input([
        buildDocumentTarget({ indicatorName: '新增公共停车泊位' }),
        buildDocumentTarget({ indicatorName: '城镇新增就业', assessment: { light: 'red' } }),
        buildDocumentTarget({ indicatorName: '社零', assessment: { light: 'green' } }),
        buildDocumentTarget({ indicatorName: '投资', assessment: { light: 'done' } }),
        buildDocumentTarget({ indicatorName: '出口', assessment: { light: 'none' } }),
      ]),
    );
    const texts = blocks.map((b) => ('text' in b ? b.text : ''));
    expect(texts[0]).toBe('沙坪坝区2025年计划任务督查督办台账');
    expect(texts[1]).toBe('数据截至2025年6月30日（已审核数据）');
    expect(texts[2]).toContain('本期共有2项目标未按序时推进，其中严重滞后1项、滞后1项');
    const items = texts.filter((t) => /^\d+\./u.test(t));
    expect(items).toHaveLength(2);
    expect(items[0]).toMatch(/^1\.26\.大力推动缓堵促畅——城镇新增就业1000个以上/u);
    expect(items[0]).toContain('督办要求：限期整改');
    expect(items[1]).toMatch(
      /^2\..*新增公共停车泊位1000个以上（牵头单位：区住房城乡建委）：滞后。/u,
    );
    expect(items[1]).toContain('督办要求：加快推进');
    expect(texts.join('')).not.toMatch(/社零|投资|出口/u);
  });

  it('says there is nothing to supervise when every target is on track', () => {
    const blocks = buildSupervisionAccount(
      input([buildDocumentTarget({ assessment: { light: 'green' } })]),
    );
    expect(blocks.map((b) => ('text' in b ? b.text : ''))).toContain(
      '本期纳入监测的目标均按序时推进，无督办事项。',
    );
  });
});
