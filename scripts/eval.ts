// Scores the figure extractor against the gold set in ../shared/eval (npm run eval).
// Writes one prediction file per gold document to a temp dir and runs the scorer.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractFiguresForEval } from '../src/extract/figures.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shared = path.resolve(repoRoot, '../shared');
const goldDir = path.join(shared, 'eval/gold');
const corpusDir = path.join(shared, 'corpus');
const scorer = path.join(shared, 'eval/score.mjs');

/** Writes predictions for every gold document and returns the scorer's output. */
export const runFigureEval = (options: { verbose?: boolean } = {}): string => {
  const predDir = mkdtempSync(path.join(tmpdir(), 'lantu-eval-'));
  try {
    for (const file of readdirSync(goldDir).filter((f) => f.endsWith('.json'))) {
      const gold = JSON.parse(readFileSync(path.join(goldDir, file), 'utf8')) as {
        document: string;
      };
      const docPath = path.join(corpusDir, gold.document);
      if (!existsSync(docPath)) continue;
      const prediction = extractFiguresForEval(readFileSync(docPath, 'utf8'), gold.document);
      writeFileSync(path.join(predDir, file), JSON.stringify(prediction, null, 1));
    }
    const args = [scorer, '--gold', goldDir, '--pred', predDir, '--docs', corpusDir];
    if (options.verbose) args.push('--verbose');
    return execFileSync(process.execPath, args, { encoding: 'utf8' });
  } finally {
    rmSync(predDir, { recursive: true, force: true });
  }
};

const isMain =
  process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  if (!existsSync(scorer) || !existsSync(goldDir)) {
    console.error(
      `eval: ${shared} is absent (needs eval/score.mjs, eval/gold and corpus); nothing to score.`,
    );
    process.exit(2);
  }
  process.stdout.write(runFigureEval({ verbose: process.argv.includes('--verbose') }));
}
