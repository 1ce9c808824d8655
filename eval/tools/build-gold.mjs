#!/usr/bin/env node
/* global process, console */
// Builds eval/gold/NAME.json from the annotator's decisions in eval/ann/NAME.ann
// (format in eval/NOTES.md). Every numeral of the document must be decided: annotated as
// an item, consumed as a range's second numeral, ignored with a reason, or a plain date
// (a year before 年, a month before 月, a day before 日), which is ignored as `date`.
// Usage: node eval/tools/build-gold.mjs [NAME ...]   (all .ann files when none given)
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { numeralsOf } from './numerals.mjs';

const evalDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const magnitudes = { 万亿: 1e12, 千亿: 1e11, 亿: 1e8, 千万: 1e7, 百万: 1e6, 万: 1e4, 千: 1e3 };
const whyCodes = { d: 'date', n: 'name', l: 'list', o: 'other' };
const comparators = new Set(['=', '>=', '>', '<=', '~', 'between']);

const magnitudeAfter = (text, end) => {
  const m = /^\s*(?:余|多)?(万亿|千亿|亿|千万|百万|万|千)/u.exec(text.slice(end, end + 6));
  return m ? magnitudes[m[1]] : 1;
};
const clauseOf = (text, offset) => {
  const stops = '。；;，,：:！？!?\n';
  let s = offset;
  while (s > 0 && !stops.includes(text[s - 1])) s--;
  let e = offset;
  while (e < text.length && !stops.includes(text[e])) e++;
  return text.slice(s, e).trim();
};
const isPlainDate = (text, n) => {
  const after = text[n.offset + n.numeral.length];
  if (after === '年') return /^(?:19|20)[0-9]{2}$/u.test(n.numeral);
  return (after === '月' || after === '日') && /^[0-9]{1,2}$/u.test(n.numeral);
};
const round = (x) => Number(x.toPrecision(12));

export const buildGold = (name) => {
  const text = readFileSync(path.join(evalDir, 'corpus', `${name}.txt`), 'utf8');
  const lines = readFileSync(path.join(evalDir, 'ann', `${name}.ann`), 'utf8').split('\n');
  const numerals = numeralsOf(text);
  const decided = new Map();
  let planYear;
  const errors = [];
  for (const [lineNo, raw] of lines.entries()) {
    const line = raw.replace(/#.*$/u, '').trim();
    if (line === '') continue;
    const parts = line.split(/\s+/u);
    if (parts[0] === 'planYear') {
      planYear = Number(parts[1]);
      continue;
    }
    const range = /^([0-9]+)(?:-([0-9]+))?$/u.exec(parts[0]);
    if (!range) {
      errors.push(`line ${lineNo + 1}: bad index ${parts[0]}`);
      continue;
    }
    const from = Number(range[1]);
    const to = range[2] === undefined ? from : Number(range[2]);
    for (let i = from; i <= to; i++) {
      if (decided.has(i)) errors.push(`line ${lineNo + 1}: numeral ${i} decided twice`);
      decided.set(i, { parts: parts.slice(1), lineNo: lineNo + 1 });
    }
  }
  const items = [];
  const ignored = [];
  const consumed = new Set();
  numerals.forEach((n, i) => {
    if (consumed.has(i)) return;
    const d = decided.get(i);
    if (d === undefined) {
      if (isPlainDate(text, n)) ignored.push({ offset: n.offset, numeral: n.numeral, why: 'date' });
      else
        errors.push(
          `numeral ${i} (${n.numeral} @${n.offset}) undecided: ${clauseOf(text, n.offset)}`,
        );
      return;
    }
    const [code, ...rest] = d.parts;
    if (whyCodes[code]) {
      ignored.push({ offset: n.offset, numeral: n.numeral, why: whyCodes[code] });
      return;
    }
    if (code !== 'a' && code !== 't') {
      errors.push(`line ${d.lineNo}: kind ${code}?`);
      return;
    }
    const [metric, unitRaw, ...flags] = rest;
    if (!metric || unitRaw === undefined) {
      errors.push(`line ${d.lineNo}: needs metric and unit`);
      return;
    }
    let comparator = '=';
    let sign = 1;
    let scale;
    for (const f of flags) {
      if (comparators.has(f)) comparator = f;
      else if (f === '-') sign = -1;
      else if (f.startsWith('*')) scale = Number(f.slice(1));
      else errors.push(`line ${d.lineNo}: flag ${f}?`);
    }
    const item = {
      offset: n.offset,
      numeral: n.numeral,
      text: clauseOf(text, n.offset),
      kind: d.parts[0] === 'a' ? 'achievement' : 'target',
      metric,
      value: 0,
      unit: unitRaw === '_' ? '' : unitRaw,
      sign,
      comparator,
    };
    if (comparator === 'between') {
      const second = numerals[i + 1];
      if (!second) {
        errors.push(`line ${d.lineNo}: range without a second numeral`);
        return;
      }
      consumed.add(i + 1);
      if (decided.has(i + 1)) errors.push(`numeral ${i + 1} is a range end and also decided`);
      const mag2 = scale ?? magnitudeAfter(text, second.offset + second.numeral.length);
      const mag1 =
        scale ??
        (magnitudeAfter(text, n.offset + n.numeral.length) !== 1
          ? magnitudeAfter(text, n.offset + n.numeral.length)
          : mag2);
      item.offset2 = second.offset;
      item.value = round(Number(n.numeral) * mag1);
      item.valueMax = round(Number(second.numeral) * mag2);
    } else {
      item.value = round(
        Number(n.numeral) * (scale ?? magnitudeAfter(text, n.offset + n.numeral.length)),
      );
    }
    items.push(item);
  });
  for (const i of decided.keys())
    if (i >= numerals.length) errors.push(`index ${i} beyond ${numerals.length - 1}`);
  if (errors.length > 0) throw new Error(`${name}:\n  ${errors.join('\n  ')}`);
  const gold = { document: `${name}.txt`, ...(planYear ? { planYear } : {}), items, ignored };
  writeFileSync(path.join(evalDir, 'gold', `${name}.json`), `${JSON.stringify(gold, null, 1)}\n`);
  return gold;
};

if (process.argv[1]?.endsWith('build-gold.mjs')) {
  const names =
    process.argv.slice(2).length > 0
      ? process.argv.slice(2)
      : readdirSync(path.join(evalDir, 'ann'))
          .filter((f) => f.endsWith('.ann'))
          .map((f) => f.slice(0, -4));
  let failed = false;
  let total = 0;
  for (const name of names) {
    try {
      const g = buildGold(name);
      total += g.items.length;
      console.log(`${name}: ${g.items.length} items, ${g.ignored.length} ignored`);
    } catch (e) {
      failed = true;
      console.error(String(e.message));
    }
  }
  console.log(`total ${total} items`);
  if (failed) process.exit(1);
}
