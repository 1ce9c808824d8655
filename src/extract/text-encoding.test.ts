import { describe, expect, it } from 'vitest';
import { encodeGbk } from './text-encoding-test-support.ts';
import { decodeTextFile } from './text-encoding.ts';

const plan = '沙坪坝区2025年计划\n一、主要目标\n1. 新增公共停车泊位1000个以上。\n';

describe('reading a text file in the encoding an office saved it in', () => {
  it('reads GBK (Notepad and Excel on a Chinese Windows) as GB18030 and says so', () => {
    const bytes = encodeGbk(plan);
    // Not valid UTF-8: the old reader refused it.
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    expect(decodeTextFile(bytes)).toEqual({ text: plan, encoding: 'gb18030', hasBom: false });
  });

  it('reads a GBK CSV row by row', () => {
    const csv = '单位编码,指标编码,期间编码,本期数值\r\n500106001,RETAIL,202510,12.5\r\n';
    expect(decodeTextFile(encodeGbk(csv))?.text.split('\r\n')[0]).toBe(
      '单位编码,指标编码,期间编码,本期数值',
    );
  });

  it('prefers UTF-8 when the bytes are valid UTF-8', () => {
    expect(decodeTextFile(new TextEncoder().encode(plan))).toEqual({
      text: plan,
      encoding: 'utf-8',
      hasBom: false,
    });
  });

  it.each([
    ['UTF-8', [0xef, 0xbb, 0xbf], 'utf-8', (s: string) => [...new TextEncoder().encode(s)]],
    [
      'UTF-16LE',
      [0xff, 0xfe],
      'utf-16le',
      (s: string) => [...s].flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8]),
    ],
    [
      'UTF-16BE',
      [0xfe, 0xff],
      'utf-16be',
      (s: string) => [...s].flatMap((c) => [c.charCodeAt(0) >> 8, c.charCodeAt(0) & 0xff]),
    ],
  ])('follows a %s byte-order mark and drops it', (_, bom, encoding, encode) => {
    const bytes = Uint8Array.from([...bom, ...encode(plan)]);
    expect(decodeTextFile(bytes)).toEqual({ text: plan, encoding, hasBom: true });
  });

  it('gives null for bytes that are text in none of them', () => {
    // 0x81 opens a GB18030 sequence that never closes; 0xff is invalid in both.
    expect(decodeTextFile(Uint8Array.of(0x41, 0xff, 0x81))).toBeNull();
  });
});
