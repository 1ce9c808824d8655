#!/usr/bin/env node
/* global process, console */
// Lists every ASCII digit run (with its decimal part) of a document with its offset and
// context, numbered, so an annotator misses none (see eval/NOTES.md). It makes no decision.
// Usage: node eval/tools/numerals.mjs eval/corpus/NAME.txt [before] [after]
import { readFileSync } from 'node:fs';

export const numeralsOf = (text) =>
  [...text.matchAll(/[0-9]+(?:\.[0-9]+)?/gu)].map((m) => ({ offset: m.index, numeral: m[0] }));

if (process.argv[1]?.endsWith('numerals.mjs')) {
  const text = readFileSync(process.argv[2], 'utf8');
  const before = Number(process.argv[3] ?? 36);
  const after = Number(process.argv[4] ?? 14);
  numeralsOf(text).forEach((n, i) => {
    const pre = text.slice(Math.max(0, n.offset - before), n.offset).replace(/\s+/gu, ' ');
    const post = text
      .slice(n.offset + n.numeral.length, n.offset + n.numeral.length + after)
      .replace(/\s+/gu, ' ');
    console.log(`${i}\t${pre}【${n.numeral}】${post}`);
  });
}
