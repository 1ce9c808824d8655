/**
 * Blockers climb on a schedule (croner): a blocker past its due date rises 责任单位 → 牵头部门 →
 * 分管区领导 → 区政府专题会 with no one pressing a button, and each climb is told to the unit
 * that must solve it and to the reviewers of the project's responsible unit. Notices carry a key
 * per blocker and level, so a second run, or a second instance, tells nobody twice.
 */
import { Cron } from 'croner';
import { escalationLevelLabels } from '../core/blocker.ts';
import { blockerEscalatedNotice, type Notice } from '../core/notice.ts';
import type { Role } from '../core/permission.ts';
import type { Escalation } from '../services/project-blocker-service.ts';
import type { Actor } from '../services/ports.ts';

export interface BlockerEscalationDeps {
  readonly escalate: (actor: Actor) => Promise<readonly Escalation[]>;
  readonly notifyUnit: (
    unit: { code: string; name: string; path: string },
    roles: readonly Role[],
    notice: Notice,
  ) => Promise<number>;
  readonly actor: Actor;
  readonly log: (message: string) => void;
}

/** Climbs every overdue blocker once and sends the notices; returns the climbs and notices sent. */
export async function runBlockerEscalation(deps: BlockerEscalationDeps) {
  const climbed = await deps.escalate(deps.actor);
  let notified = 0;
  for (const c of climbed) {
    const notice = blockerEscalatedNotice({
      blockerId: c.id,
      projectCode: c.projectCode,
      unitName: c.unit.name,
      dueDate: c.dueDate,
      level: escalationLevelLabels[c.to],
    });
    try {
      notified += await deps.notifyUnit(c.unit, ['reporter', 'reviewer'], notice);
      if (c.projectUnitPath !== c.unit.path)
        notified += await deps.notifyUnit(
          { code: c.projectCode, name: c.projectCode, path: c.projectUnitPath },
          ['reviewer'],
          notice,
        );
    } catch (error) {
      // The climb is recorded already; a failed notice must not undo it or stop the others.
      deps.log(
        `卡点升级提醒发送失败 / blocker escalation notice failed for ${c.id}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  return { climbed: climbed.length, notified };
}

/** Starts the schedule, e.g. `'0 7 * * *'`, in the office's time zone. */
export function scheduleBlockerEscalation(
  deps: BlockerEscalationDeps,
  pattern: string,
  timezone = 'Asia/Shanghai',
): Cron {
  return new Cron(pattern, { timezone, protect: true }, async () => {
    try {
      await runBlockerEscalation(deps);
    } catch (error) {
      deps.log(
        `卡点升级任务失败 / the blocker escalation job failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  });
}
