/**
 * Plan extraction throughput: `extractPlan` over every text of ../shared/corpus (characters
 * per second) and the seed report's time, median of 20. Skipped with a notice without the corpus.
 */
import fs from 'node:fs';
import path from 'node:path';
import { extractPlan } from '../src/extract/extract-plan.ts';
import { repositoryRoot } from '../src/http/server.ts';
import { timeMedian, type BenchSection } from './harness.ts';

export const corpusFolder = path.resolve(repositoryRoot, '../shared/corpus');
const SEED = '00_shapingba_2025_plan.txt';

export function extractionSection(runs = 20): BenchSection {
  return {
    title: `3. Plan extraction (extractPlan) on ../shared/corpus`,
    async run(report) {
      if (!fs.existsSync(corpusFolder)) {
        report.notice(`skipped: ${corpusFolder} is absent`);
        return;
      }
      const files = fs
        .readdirSync(corpusFolder)
        .filter((f) => f.endsWith('.txt'))
        .sort()
        .map((f) => ({ name: f, text: fs.readFileSync(path.join(corpusFolder, f), 'utf8') }));
      const chars = files.reduce((n, f) => n + f.text.length, 0);
      const corpus = await timeMedian(
        () => {
          for (const f of files) extractPlan(f.text);
        },
        { runs, warmup: 1 },
      );
      report.add({
        name: 'extract.corpus',
        value: chars / (corpus.medianMs / 1000),
        unit: 'chars/s',
        note: `${files.length} files, ${chars.toLocaleString('en-US')} characters, ${corpus.medianMs.toFixed(0)} ms per pass (median of ${corpus.runs})`,
      });
      const seed = files.find((f) => f.name === SEED);
      if (!seed) {
        report.notice(`seed report ${SEED} not in the corpus: its timing is skipped`);
        return;
      }
      const timing = await timeMedian(() => extractPlan(seed.text), { runs, warmup: 2 });
      report.add({
        name: 'extract.seed_report',
        value: timing.medianMs,
        unit: 'ms',
        note: `${SEED}, ${seed.text.length.toLocaleString('en-US')} characters, median of ${timing.runs} (min ${timing.minMs.toFixed(1)}); goal well under 100 ms`,
      });
    },
  };
}
