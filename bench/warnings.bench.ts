/**
 * Warning rules at scale (issue 13 §6): the demo in an SQLite file grown to 10 million
 * observations, 10,000 rules over it, then a 1,000-row counted write into the plan's own year
 * evaluated as it commits. Reported: the write alone (no listener), the same write with the
 * rules evaluated after its commit, and the evaluation's share of the write's own time
 * (goal ≤ 0.20). Every measured write changes every one of its rows, so none is skipped.
 */
import { performance } from 'node:perf_hooks';
import { createObservationService } from '../src/services/observation-service.ts';
import { systemActor } from '../src/services/ports.ts';
import { createReviewService } from '../src/services/review-service.ts';
import { countObservations, createFiller, insertSyntheticIndicators } from './assessment.bench.ts';
import { openSqliteBenchDatabase } from './fixtures.ts';
import { seconds, timeOnce, type BenchSection } from './harness.ts';

export interface WarningsBenchOptions {
  readonly rules: number;
  /** The observation table's size while the rules are evaluated. */
  readonly observations: number;
  readonly runs: number;
}

export const defaultWarningsOptions: WarningsBenchOptions = {
  rules: 10_000,
  observations: 10_000_000,
  runs: 15,
};

export function warningsSection(options = defaultWarningsOptions): BenchSection {
  const { rules: ruleCount, observations, runs } = options;
  return {
    title: `7. ${ruleCount.toLocaleString('en')} warning rules at ${observations.toLocaleString('en')} observations, evaluated as a 1,000-row write commits (SQLite file)`,
    async run(report) {
      const bench = await openSqliteBenchDatabase({ withDemo: true });
      try {
        const { deps, services, planId, demo } = bench;
        const raw = deps.database.raw;
        if (raw.kind !== 'sqlite') throw new Error('expected SQLite');
        const handle = raw.handle;
        await services.plans.setPlanStatus(planId, 'adopted', systemActor);
        const plan = (await services.plans.listPlans()).find((p) => p.id === planId)!;
        const monthlyFlows = demo.indicators.indicators.filter(
          (i) => i.cadence === 'month' && i.measure === 'flow' && !i.ownerUnitCode,
        );
        const monthly = monthlyFlows.map((i) => i.code);
        const district = demo.units.units.find((u) => !u.parentCode)?.code ?? '';
        const towns = demo.units.units.filter((u) => u.parentCode === district).map((u) => u.code);

        // The history the rules never read: earlier years of the plan's indicators, then
        // synthetic daily ones (the assessment bench's fill, generated inside SQLite).
        const { db } = deps.database;
        const ids = await db.selectFrom('indicator').select(['id', 'code']).execute();
        const monthlyIds = ids.filter((i) => monthly.includes(i.code)).map((i) => i.id);
        const unitIds = (await db.selectFrom('unit').select('id').execute()).map((u) => u.id);
        insertSyntheticIndicators(handle);
        const fill = createFiller(handle, monthlyIds, unitIds);
        const fillStarted = performance.now();
        handle.pragma('foreign_keys = OFF');
        handle.pragma('synchronous = OFF');
        fill(Math.max(0, observations - countObservations(handle)));
        handle.pragma('synchronous = NORMAL');
        handle.pragma('foreign_keys = ON');
        report.notice(
          `filled to ${countObservations(handle).toLocaleString('en-US')} observations in ${seconds(performance.now() - fillStarted)}`,
        );

        const rulesStarted = performance.now();
        // Rules over every monthly flow and every town, bounds far above the data: evaluated,
        // quiet — but for the first, whose bound the writes pass, to show they are evaluated.
        for (let i = 0; i < ruleCount; i++)
          await services.warnings.saveRule(
            {
              name: `bench rule ${i}`,
              severity: 'info',
              indicatorCodes: [monthly[i % monthly.length]!],
              unitCodes: [towns[Math.floor(i / monthly.length) % towns.length]!],
              pendingPeriods: 1,
              condition: {
                kind: 'threshold',
                direction: 'above',
                bound: i === 0 ? 50 : 1e12 + i,
                hysteresis: 0,
              },
              isEnabled: true,
            },
            systemActor,
          );
        report.notice(
          `${ruleCount.toLocaleString('en-US')} rules saved in ${seconds(performance.now() - rulesStarted)}`,
        );
        // 1,000 rows a write, all in the plan's year, where the rules look: every town's monthly
        // flows over the latest months (a rule judges a series by its end), each write a value
        // none of them held before.
        const rowsFor = (batch: number) => {
          const rows = [];
          for (let month = 12; rows.length < 1000 && month >= 1; month--)
            for (const unitCode of towns)
              for (const indicatorCode of monthly)
                rows.push({
                  indicatorCode,
                  unitCode,
                  periodId: `${plan.year}${String(month).padStart(2, '0')}`,
                  value: 100 + batch,
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
        // Approved values are locked: each write's cells are reopened first, untimed.
        const review = createReviewService(deps);
        const reopen = async (batch: number) => {
          const sets = new Map<string, { unit: string; period: string; codes: Set<string> }>();
          for (const r of rowsFor(batch)) {
            const key = `${r.unitCode}|${r.periodId}`;
            const set = sets.get(key) ?? { unit: r.unitCode, period: r.periodId, codes: new Set() };
            set.codes.add(r.indicatorCode);
            sets.set(key, set);
          }
          for (const s of sets.values())
            await review
              .reopen(
                { unit: s.unit, period: s.period, indicatorCodes: [...s.codes], reason: 'bench' },
                systemActor,
              )
              .catch(() => undefined); // nothing approved there yet: nothing to reopen
        };
        const write = async (service: typeof plain, batch: number) => {
          await reopen(batch);
          const cpuBefore = process.cpuUsage();
          const { value, ms } = await timeOnce(() =>
            service.writeObservations(rowsFor(batch), systemActor, options),
          );
          const cpu = process.cpuUsage(cpuBefore);
          if (!value.ok)
            throw new Error(`bench write refused: ${JSON.stringify(value.problems.slice(0, 3))}`);
          return { ms, cpuMs: (cpu.user + cpu.system) / 1000 };
        };
        // One write of each first, untimed: the first evaluation parses the rules.
        await write(plain, 0);
        await write(services.observations, 1);
        const raised = (await services.warnings.list({ state: 'open' })).filter((w) =>
          w.ruleName.startsWith('bench rule 0'),
        );
        if (raised.length === 0) throw new Error('the rules were not evaluated after the write');
        // CPU time as well as wall time: on a busy machine the wall clock also counts the time
        // the process waited for a CPU, which swamps a difference of a few milliseconds.
        const aloneCpu: number[] = [];
        const withRulesCpu: number[] = [];
        for (let run = 0; run < runs; run++) {
          const a = await write(plain, 2 + 2 * run);
          const w = await write(services.observations, 3 + 2 * run);
          alone.push(a.ms);
          aloneCpu.push(a.cpuMs);
          withRules.push(w.ms);
          withRulesCpu.push(w.cpuMs);
        }
        const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
        const rows = rowsFor(0).length;
        report.add({
          name: 'warnings.write_alone',
          value: median(alone),
          unit: 'ms',
          note: `${rows} approved rows changed in ${plan.year}, no listener, median of ${runs}`,
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
        report.add({
          name: 'warnings.evaluation_share_cpu',
          value: (median(withRulesCpu) - median(aloneCpu)) / median(aloneCpu),
          unit: 'of the write',
          note: `the same in process CPU time (write alone ${median(aloneCpu).toFixed(1)} ms, with rules ${median(withRulesCpu).toFixed(1)} ms)`,
        });
      } finally {
        await bench.dispose();
      }
    },
  };
}
