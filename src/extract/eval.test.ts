import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractFiguresForEval } from './figures.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const shared = path.resolve(repoRoot, '../shared');
const goldDir = path.join(shared, 'eval/gold');
const corpusDir = path.join(shared, 'corpus');
const scorer = path.join(shared, 'eval/score.mjs');
const exists = existsSync(scorer) && existsSync(goldDir) && existsSync(corpusDir);

if (!exists) console.warn(`eval.test: ${shared} is absent; the figure eval is skipped.`);

/** Scores reached when this floor was set; a change that lowers one fails here. */
const floors: Record<string, { detection: number; strict: number }> = {
  '00_shapingba_2025_plan': { detection: 0.99, strict: 0.9 },
  '10_guowuyuan-zfgzbg-2022': { detection: 0.97, strict: 0.91 },
  '11_guowuyuan-zfgzbg-2021': { detection: 1, strict: 0.95 },
  '12_dadukou-jihua-2025_excerpt': { detection: 1, strict: 1 },
  '13_chengkou-jihua-2025_excerpt': { detection: 1, strict: 1 },
  '14_yubei-zfgzbg-2024_excerpt': { detection: 1, strict: 1 },
};
const overallFloor = { detection: 0.99, strict: 0.91 };

describe.skipIf(!exists)('figure extraction against the gold set', () => {
  let output = '';
  let predDir = '';

  beforeAll(() => {
    predDir = mkdtempSync(path.join(tmpdir(), 'lantu-eval-'));
    for (const file of readdirSync(goldDir).filter((f) => f.endsWith('.json'))) {
      const { document } = JSON.parse(readFileSync(path.join(goldDir, file), 'utf8')) as {
        document: string;
      };
      const text = readFileSync(path.join(corpusDir, document), 'utf8');
      writeFileSync(
        path.join(predDir, file),
        JSON.stringify(extractFiguresForEval(text, document)),
      );
    }
    output = execFileSync(
      process.execPath,
      [scorer, '--gold', goldDir, '--pred', predDir, '--docs', corpusDir],
      {
        encoding: 'utf8',
      },
    );
  });

  afterAll(() => {
    if (predDir) rmSync(predDir, { recursive: true, force: true });
  });

  it.each(Object.entries(floors))('keeps %s at or above its scores', (name, floor) => {
    const line = output.split('\n').find((l) => l.startsWith(`${name}:`));
    expect(line, output).toBeDefined();
    const detection = Number(/detection P [0-9.]+ R [0-9.]+ F1 ([0-9.]+)/u.exec(line!)?.[1]);
    const strict = Number(/strict F1 ([0-9.]+)/u.exec(line!)?.[1]);
    expect(detection).toBeGreaterThanOrEqual(floor.detection);
    expect(strict).toBeGreaterThanOrEqual(floor.strict);
  });

  it('keeps the overall detection and strict F1 at or above their scores', () => {
    const detection = Number(/^detection: P [0-9.]+ R [0-9.]+ F1 ([0-9.]+)/mu.exec(output)?.[1]);
    const strict = Number(/^overall strict F1 ([0-9.]+)/mu.exec(output)?.[1]);
    expect(detection).toBeGreaterThanOrEqual(overallFloor.detection);
    expect(strict).toBeGreaterThanOrEqual(overallFloor.strict);
  });
});
