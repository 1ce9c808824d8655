import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractFigures } from './figures.ts';

const seed = 20250225;
const isDigitAt = (text: string, offset: number): boolean => /[0-9０-９]/u.test(text[offset] ?? '');

/** Pieces of plan prose, so random strings reach the grammar and not only noise. */
const piece = fc.constantFrom(
  '一、2024年计划执行情况\n',
  '二、2025年重点工作\n',
  '增长',
  '下降',
  '突破',
  '以上',
  '万',
  '亿元',
  '个百分点',
  '%',
  '—',
  '、',
  ',',
  '。',
  '\n',
  '“',
  '”',
  '1.',
  '力争',
  '億',
  '３．５',
  '近',
  '余',
);
const planish = fc
  .array(
    fc.oneof(piece, fc.integer({ min: 0, max: 99999 }).map(String), fc.string({ maxLength: 4 })),
    {
      maxLength: 60,
    },
  )
  .map((parts) => parts.join(''));

const checkItems = (text: string): void => {
  for (const item of extractFigures(text)) {
    expect(isDigitAt(text, item.offset)).toBe(true);
    expect(text.startsWith(item.numeral, item.offset)).toBe(true);
    expect(item.text).toContain(item.numeral);
    if (item.offset2 !== undefined) expect(isDigitAt(text, item.offset2)).toBe(true);
    expect(Number.isFinite(item.value)).toBe(true);
  }
};

describe('extractFigures (fuzz)', () => {
  it('never throws on random Unicode and points every offset at a digit of the text', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), checkItems), {
      seed,
      numRuns: 500,
    });
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), checkItems), {
      seed,
      numRuns: 500,
    });
  });

  it('keeps its promises on plan-like text', () => {
    fc.assert(fc.property(planish, checkItems), { seed, numRuns: 1000 });
  });

  it('does not join a figure split across a line break', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 1, max: 9999 }), (a, b) => {
        const text = `一、2024年执行情况\n完成${a}\n${b}个项目。`;
        const items = extractFigures(text);
        expect(items.map((item) => item.numeral)).not.toContain(`${a}${b}`);
        expect(items.map((item) => item.offset)).toEqual([text.lastIndexOf(String(b))]);
      }),
      { seed, numRuns: 200 },
    );
  });

  it('reads traditional characters as simplified ones', () => {
    const simplified = extractFigures('一、2024年执行情况\n总量突破1200亿元,新增项目80余个。');
    const traditional = extractFigures('一、2024年執行情況\n總量突破1200億元,新增項目80餘個。');
    expect(traditional.map((i) => [i.value, i.unit, i.comparator])).toEqual(
      simplified.map((i) => [i.value, i.unit, i.comparator]),
    );
  });

  it('reads ten times the text in about ten times the time, not a hundred', () => {
    const unit =
      '一、2024年执行情况\nGDP增长6.5%,总量突破1200亿元;新增公共停车位1500个、超充站66个。';
    // A figure every few characters with no punctuation is the worst case per character.
    const noPunctuation = '增长6.5%1200亿元1500个';
    const timeOf = (text: string) => {
      const started = performance.now();
      extractFigures(text);
      return performance.now() - started;
    };
    // Not a speed limit: ten times the text may take ten times as long, not a hundred (what a
    // quadratic scan would take). Measured side by side, so a busy machine slows both.
    for (const piece of [unit, noPunctuation, '1']) {
      const small = piece.repeat(Math.ceil(100_000 / piece.length));
      const large = piece.repeat(Math.ceil(1_000_000 / piece.length));
      const smallMs = Math.min(timeOf(small), timeOf(small), timeOf(small));
      const largeMs = timeOf(large);
      expect(largeMs).toBeLessThan(50 * smallMs + 500);
    }
  });
});
