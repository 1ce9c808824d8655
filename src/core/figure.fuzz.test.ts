import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldFigureText, parseFigure } from './figure.ts';

const seed = 20250225;

describe('parseFigure (fuzz)', () => {
  it('never throws and points its offset at a digit of the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (text) => {
        const figure = parseFigure(text);
        if (figure === null) return;
        expect(foldFigureText(text[figure.offset]!)).toMatch(/[0-9]/u);
        expect(text.startsWith(figure.numeral, figure.offset)).toBe(true);
        expect(Number.isFinite(figure.value)).toBe(true);
      }),
      { seed, numRuns: 2000 },
    );
  });

  it('reads a written magnitude exactly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 99999 }),
        fc.integer({ min: 0, max: 9 }),
        (whole, tenth) => {
          const numeral = `${whole}.${tenth}`;
          expect(parseFigure(`${numeral}万人`)?.value).toBe(Number(`${numeral}e4`));
          expect(parseFigure(`${numeral}亿元`)?.value).toBe(Number(`${numeral}e8`));
        },
      ),
      { seed, numRuns: 500 },
    );
  });

  it('folds any text to one of the same length', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (text) => {
        expect(foldFigureText(text)).toHaveLength(text.length);
      }),
      { seed, numRuns: 2000 },
    );
  });
});
