/**
 * Documents on a schedule (croner): at each tick, generate the named kind of document for
 * every adopted plan and archive it, as the office hands in its 月通报 each month. A run that
 * fails for one plan is logged and does not stop the others; runs never overlap.
 */
import { Cron } from 'croner';
import type { Actor } from '../services/ports.ts';
import type { DocumentKind } from '../services/document-service.ts';

export interface DocumentScheduleDeps {
  readonly listPlans: () => Promise<readonly { id: string; status: string }[]>;
  readonly generate: (kind: DocumentKind, planId: string, actor: Actor) => Promise<unknown>;
  readonly actor: Actor;
  readonly log: (message: string) => void;
}

/** Generates `kind` for every adopted plan once; returns how many were generated. */
export async function runDocumentSchedule(
  deps: DocumentScheduleDeps,
  kind: DocumentKind,
): Promise<number> {
  let generated = 0;
  for (const plan of await deps.listPlans()) {
    if (plan.status !== 'adopted') continue;
    try {
      await deps.generate(kind, plan.id, deps.actor);
      generated += 1;
    } catch (error) {
      deps.log(
        `定时生成${kind}失败 / scheduled ${kind} failed for plan ${plan.id}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  return generated;
}

/**
 * Starts the schedule, e.g. `'0 8 12 * *'` (the 12th at 08:00, after the 10th's due day), in
 * the office's time zone. Stop it with `.stop()`.
 */
export function scheduleDocuments(
  deps: DocumentScheduleDeps,
  kind: DocumentKind,
  pattern: string,
  timezone = 'Asia/Shanghai',
): Cron {
  return new Cron(pattern, { timezone, protect: true }, async () => {
    await runDocumentSchedule(deps, kind);
  });
}
