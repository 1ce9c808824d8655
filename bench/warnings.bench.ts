/**
 * Warning rules at scale (issue 13 §6): 10,000 rules over the demo, then a 1,000-row counted
 * write evaluated as it commits. Reported: the write alone (no listener), the same write with
 * the rules evaluated after its commit, and the evaluation's share of the write's own time
 * (goal ≤ 0.20). Each measured write is a fresh period, so every run writes new rows.
 */
import { buildServices } from '../src/http/app.ts';
import { readDemoData } from '../src/http/server.ts';
import { buildTestAppDeps } from '../src/http/test-app.ts';
import { loadDemo } from '../src/services/demo-service.ts';
import { createObservationService } from '../src/services/observation-service.ts';
import { systemActor } from '../src/services/ports.ts';
import { createTestDatabase } from '../src/store/test-database.ts';
import { timeOnce, type BenchSection } from './harness.ts';

export function warningsSection(ruleCount = 10_000, runs = 5): BenchSection {
  return {
    title: `7. ${ruleCount.toLocaleString('en')} warning rules, evaluated as a 1,000-row write commits (SQLite)`,
    async run(report) {
      const database = await createTestDatabase();
      try {
        const deps = buildTestAppDeps(database, 'wb', 'bench');
        const services = buildServices(deps);
        const { planId } = await loadDemo(readDemoData(), services, systemActor);
        await services.plans.setPlanStatus(planId, 'adopted', systemActor);
        const data = readDemoData();
        const monthly = data.indicators.indicators
          .filter((i) => i.cadence === 'month' && i.measure === 'flow' && !i.ownerUnitCode)
          .map((i) => i.code);
        const district = data.units.units.find((u) => !u.parentCode)?.code ?? '';
        const towns = data.units.units.filter((u) => u.parentCode === district).map((u) => u.code);
        // Rules over every monthly flow and every town, bounds far above the data: evaluated, quiet.
        for (let i = 0; i < ruleCount; i++)
          await services.warnings.saveRule(
            {
              name: `bench rule ${i}`,
              severity: 'info',
              indicatorCodes: [monthly[i % monthly.length]!],
              unitCodes: [towns[Math.floor(i / monthly.length) % towns.length]!],
              pendingPeriods: 1,
              condition: { kind: 'threshold', direction: 'above', bound: 1e12 + i, hysteresis: 0 },
              isEnabled: true,
            },
            systemActor,
          );
        // 1,000 rows a write: every town's monthly flows over as many months as it takes, in a
        // year of its own so that each run inserts fresh rows.
        const rowsFor = (batch: number) => {
          const rows = [];
          for (let month = 1; rows.length < 1000 && month <= 12; month++)
            for (const unitCode of towns)
              for (const indicatorCode of monthly)
                rows.push({
                  indicatorCode,
                  unitCode,
                  periodId: `${2030 + batch}${String(month).padStart(2, '0')}`,
                  value: 1,
                  comment: 'bench',
                });
          return rows.slice(0, 1000);
        };
        const options = {
          reason: 'bench',
          provenance: { source: 'document' as const, state: 'approved' as const, comment: '' },
        };
        // The same write through a service without listeners, then through the app's.
        const plain = createObservationService(deps);
        const alone: number[] = [];
        const withRules: number[] = [];
        for (let run = 0; run < runs; run++) {
          alone.push(
            (await timeOnce(() => plain.writeObservations(rowsFor(run), systemActor, options))).ms,
          );
          withRules.push(
            (
              await timeOnce(() =>
                services.observations.writeObservations(rowsFor(runs + run), systemActor, options),
              )
            ).ms,
          );
        }
        const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
        const rows = rowsFor(0).length;
        report.add({
          name: 'warnings.write_alone',
          value: median(alone),
          unit: 'ms',
          note: `${rows} approved rows, no listener, median of ${runs}`,
        });
        report.add({
          name: 'warnings.write_with_rules',
          value: median(withRules),
          unit: 'ms',
          note: `the same write, ${ruleCount} rules evaluated after its commit, median of ${runs}`,
        });
        report.add({
          name: 'warnings.evaluation_share',
          value: (median(withRules) - median(alone)) / median(alone),
          unit: 'of the write',
          note: 'evaluation time over the write’s own time; goal ≤ 0.20',
        });
      } finally {
        await database.dispose();
      }
    },
  };
}
