/**
 * 旬调度 follow-up on a schedule (croner, LANTU_DISPATCH_CRON, by default at 08:00 on the 1st,
 * 11th and 21st — the start of each dekad): the owner unit of every open follow-up item due
 * within the dekad that starts, or already past its deadline, is told so. Notices carry a key
 * per item and state, so a second run, or a second instance, tells nobody twice.
 */
import { Cron } from 'croner';
import { dispatchItemNotice, type Notice } from '../core/notice.ts';
import type { Role } from '../core/permission.ts';
import type { FollowUpDue } from '../services/project-dispatch-service.ts';

/** The start of each dekad, in the office's time zone. */
export const defaultDispatchCron = '0 8 1,11,21 * *';

export interface DispatchFollowUpDeps {
  readonly listDue: () => Promise<readonly FollowUpDue[]>;
  readonly notifyUnit: (
    unit: { code: string; name: string; path: string },
    roles: readonly Role[],
    notice: Notice,
  ) => Promise<number>;
  readonly log: (message: string) => void;
}

/** Tells the owners of the items due or overdue today; returns the items and notices sent. */
export async function runDispatchFollowUp(deps: DispatchFollowUpDeps) {
  const due = await deps.listDue();
  let notified = 0;
  for (const item of due) {
    try {
      // The unit's reporters act on it; its reviewers (the unit's head here) follow it up.
      notified += await deps.notifyUnit(
        item.unit,
        ['reporter', 'reviewer'],
        dispatchItemNotice({
          itemId: item.id,
          decision: item.decision,
          unitName: item.unit.name,
          deadline: item.deadline,
          periodId: item.periodId,
          status: item.status,
        }),
      );
    } catch (error) {
      // One failed notice must not stop the others.
      deps.log(
        `督办事项提醒发送失败 / follow-up notice failed for ${item.id}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  return { items: due.length, notified };
}

/** Starts the schedule, e.g. `'0 8 1,11,21 * *'`, in the office's time zone. */
export function scheduleDispatchFollowUp(
  deps: DispatchFollowUpDeps,
  pattern: string = defaultDispatchCron,
  timezone = 'Asia/Shanghai',
): Cron {
  return new Cron(pattern, { timezone, protect: true }, async () => {
    try {
      await runDispatchFollowUp(deps);
    } catch (error) {
      deps.log(
        `旬调度跟踪任务失败 / the dispatch follow-up job failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  });
}
