import { describe, expect, it } from 'vitest';
import { messages, pickLang, translate, type MessageKey } from './i18n.ts';

describe('translate', () => {
  it('has both a Chinese and an English text for every key', () => {
    for (const [key, [zh, en]] of Object.entries(messages)) {
      expect(zh, key).not.toBe('');
      expect(en, key).not.toBe('');
    }
  });

  it('uses the same slots in both languages', () => {
    const slots = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, [zh, en]] of Object.entries(messages))
      expect(slots(zh), key).toEqual(slots(en));
  });

  it('fills slots and leaves unknown ones visible', () => {
    expect(translate('zh', 'common.total', { count: 3 })).toBe('共 3 项');
    expect(translate('en', 'common.total', { count: 3 })).toBe('3 items');
    expect(translate('en', 'common.total')).toBe('{count} items');
  });

  it('names every light in words in both languages', () => {
    const keys: MessageKey[] = [
      'light.green',
      'light.yellow',
      'light.red',
      'light.done',
      'light.none',
    ];
    expect(keys.map((k) => translate('zh', k))).toEqual(['绿', '黄', '红', '已完成', '无数据']);
    expect(keys.map((k) => translate('en', k))).toEqual([
      'green',
      'yellow',
      'red',
      'done',
      'no data',
    ]);
  });

  it('picks the English of a pair only when there is one', () => {
    expect(pickLang('en', '沙坪坝区', 'Shapingba District')).toBe('Shapingba District');
    expect(pickLang('en', '沙坪坝区', '')).toBe('沙坪坝区');
    expect(pickLang('zh', '沙坪坝区', 'Shapingba District')).toBe('沙坪坝区');
  });
});
