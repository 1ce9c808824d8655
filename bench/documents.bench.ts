/**
 * Generated documents and warnings on the demo: the 月通报 (.docx + .xlsx, archived) and the
 * year-end report draft, goal ≤ 2 s; one evaluation of the demo's warning rules. Median of 5.
 */
import { buildServices } from '../src/http/app.ts';
import { readDemoData } from '../src/http/server.ts';
import { buildTestAppDeps } from '../src/http/test-app.ts';
import { loadDemo } from '../src/services/demo-service.ts';
import { systemActor } from '../src/services/ports.ts';
import { demoWarningRules } from '../src/services/warning-service.ts';
import { createTestDatabase } from '../src/store/test-database.ts';
import { timeMedian, type BenchSection } from './harness.ts';

export function documentsSection(runs = 5): BenchSection {
  return {
    title: '6. Documents and warnings on the demo (SQLite)',
    async run(report) {
      const database = await createTestDatabase();
      try {
        const deps = buildTestAppDeps(database, 'bench', 'bench');
        const services = buildServices(deps);
        const { planId } = await loadDemo(readDemoData(), services, systemActor);
        for (const kind of ['monthly-bulletin', 'execution-report'] as const) {
          const timing = await timeMedian(
            () => services.documents.generate(kind, planId, systemActor),
            { runs, warmup: 1 },
          );
          report.add({
            name: `documents.${kind}`,
            value: timing.medianMs,
            unit: 'ms',
            note: `generated, rendered and archived, median of ${timing.runs}; goal ≤ 2000 ms`,
          });
        }
        for (const rule of demoWarningRules) await services.warnings.saveRule(rule, systemActor);
        const evaluation = await timeMedian(() => services.warnings.evaluate(planId, systemActor), {
          runs,
          warmup: 1,
        });
        report.add({
          name: 'warnings.evaluate_demo_rules',
          value: evaluation.medianMs,
          unit: 'ms',
          note: `${demoWarningRules.length} rules over the demo, median of ${evaluation.runs}`,
        });
      } finally {
        await database.dispose();
      }
    },
  };
}
