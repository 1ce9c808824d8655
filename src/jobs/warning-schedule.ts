/**
 * Warning rules on a schedule (croner): time-based rules (a report overdue, a lag that grows
 * as 序时进度 moves on) need no write to fire, so every tick evaluates every rule for each
 * adopted plan. A failure for one plan is logged and the others still run; runs never overlap.
 */
import { Cron } from 'croner';
import type { Actor } from '../services/ports.ts';

export interface WarningScheduleDeps {
  readonly listPlans: () => Promise<readonly { id: string; status: string }[]>;
  readonly evaluate: (
    planId: string,
    actor: Actor,
  ) => Promise<{ raised: number; recovered: number }>;
  readonly actor: Actor;
  readonly log: (message: string) => void;
}

/** Evaluates the rules for every adopted plan once; returns the warnings raised and recovered. */
export async function runWarningSchedule(deps: WarningScheduleDeps) {
  let raised = 0;
  let recovered = 0;
  for (const plan of await deps.listPlans()) {
    if (plan.status !== 'adopted') continue;
    try {
      const result = await deps.evaluate(plan.id, deps.actor);
      raised += result.raised;
      recovered += result.recovered;
    } catch (error) {
      deps.log(
        `预警评估失败 / warning evaluation failed for plan ${plan.id}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  return { raised, recovered };
}

/** Starts the schedule, e.g. `'*\/15 * * * *'`, in the office's time zone. */
export function scheduleWarnings(
  deps: WarningScheduleDeps,
  pattern: string,
  timezone = 'Asia/Shanghai',
): Cron {
  return new Cron(pattern, { timezone, protect: true }, async () => {
    await runWarningSchedule(deps);
  });
}
