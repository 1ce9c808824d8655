/**
 * What the demo's 旬调度 shows besides the investment figures (every record here is simulated,
 * and says so): a slipping 主体完工 and a 竣工验收 forecast past its baseline on two projects, an
 * overdue funding blocker on a third, and the meeting of 2025年9月下旬 whose follow-up items the
 * list of 2025年10月上旬 carries (one past its deadline). The projects' approved investment is
 * not simulated: the office's 1—N月 figures are unreviewed (decision 0007), so every project
 * with an annual plan shows behind plan until its months are reported and approved.
 */
import type { Actor } from './ports.ts';
import type { ProjectService } from './project-service.ts';

export const simulatedMark = '（模拟）';

/** The dekad whose list the demo is built to show. */
export const demoDispatchDekad = '202510D1';

export async function simulateDemoDispatch(projects: ProjectService, actor: Actor): Promise<void> {
  const byCode = new Map((await projects.listProjects()).map((p) => [p.code, p]));
  const river = byCode.get('XM2025-008');
  const apartments = byCode.get('XM2025-012');
  const oldTown = byCode.get('XM2025-013');
  // The sample list is the demo's own; without these projects there is nothing to simulate on.
  if (!river || !apartments || !oldTown) return;
  await projects.setMilestones(
    river.code,
    [{ node: 'topping-out', plannedDate: '2025-09-15' }],
    actor,
  );
  await projects.approveBaseline(river.code, '', actor);
  await projects.setMilestones(
    oldTown.code,
    [{ node: 'acceptance', plannedDate: '2025-10-31' }],
    actor,
  );
  await projects.approveBaseline(oldTown.code, '', actor);
  await projects.setMilestones(
    oldTown.code,
    [{ node: 'acceptance', forecastDate: '2025-12-15' }],
    actor,
  );
  await projects.raiseBlocker(
    apartments.code,
    {
      type: 'funds',
      description: `二期配套资金未到位，影响主体施工${simulatedMark}`,
      unitCode: apartments.unit.code,
      dueDate: '2025-09-30',
    },
    actor,
  );
  await projects.recordMeeting(
    '202509D3',
    {
      heldOn: '2025-09-22',
      chair: `分管副区长${simulatedMark}`,
      attendees: `区发展改革委、${river.unit.name}、${apartments.unit.name}${simulatedMark}`,
      summary: `演示数据${simulatedMark}：调度9月下旬重点项目推进情况。`,
      version: 0,
      decisions: [
        {
          kind: 'follow-up',
          text: `协调解决梁滩河项目施工临时用电接入${simulatedMark}`,
          unitCode: river.unit.code,
          deadline: '2025-09-30',
        },
        {
          kind: 'follow-up',
          text: `人才公寓项目二期资金筹措方案报区政府${simulatedMark}`,
          unitCode: apartments.unit.code,
          deadline: '2025-10-15',
        },
      ],
    },
    actor,
  );
}
