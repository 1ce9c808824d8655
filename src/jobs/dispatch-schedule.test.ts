import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultLightThresholds } from '../core/light-thresholds.ts';
import { createNotificationService } from '../services/notification-service.ts';
import { createSequentialIds, systemActor, type Actor, type Clock } from '../services/ports.ts';
import { createProjectService } from '../services/project-service.ts';
import { seedDepartmentUsers } from './departments.fixture.ts';
import { createTestDatabase, testEngine, type TestDatabase } from '../store/test-database.ts';
import { runDispatchFollowUp } from './dispatch-schedule.ts';

describe(`the scheduled 旬调度 follow-up, on ${testEngine}`, () => {
  let database: TestDatabase;
  let day = '2025-10-11';
  const clock: Clock = { now: () => `${day}T00:00:00.000Z`, today: () => day };
  const ids = createSequentialIds('f');
  const deps = () => ({ database, clock, ids, thresholds: defaultLightThresholds });
  const users = new Map<string, Actor>();

  beforeAll(async () => {
    database = await createTestDatabase();
    const seeded = await seedDepartmentUsers(
      deps(),
      [
        ['ECON', '区经济信息委'],
        ['HOUSING', '区住房城乡建委'],
      ],
      [
        ['econ-reporter', 'reporter', 'ECON'],
        ['econ-reviewer', 'reviewer', 'ECON'],
        ['housing-reporter', 'reporter', 'HOUSING'],
      ],
    );
    for (const [name, actor] of seeded) users.set(name, actor);
    // The meeting of 2025-10 上旬, held on the 8th: two items for 区经济信息委, one for 区住房城乡建委.
    day = '2025-10-08';
    await createProjectService(deps()).recordMeeting(
      '202510D1',
      {
        heldOn: '2025-10-08',
        chair: '张副区长',
        version: 0,
        decisions: [
          { kind: 'follow-up', text: '协调供电接入', unitCode: 'ECON', deadline: '2025-10-18' },
          { kind: 'follow-up', text: '落实配套资金', unitCode: 'ECON', deadline: '2025-11-05' },
          { kind: 'follow-up', text: '完成征收公告', unitCode: 'HOUSING', deadline: '2025-10-31' },
        ],
      },
      systemActor,
    );
  });
  afterAll(() => database.dispose());

  const run = () =>
    runDispatchFollowUp({
      listDue: () => createProjectService(deps()).listFollowUpsDue(),
      notifyUnit: (unit, roles, notice) =>
        createNotificationService(deps()).notifyUnit(unit, roles, notice),
      log: (m) => {
        throw new Error(m);
      },
    });
  const inboxOf = async (username: string) => {
    const user = users.get(username);
    if (!user) throw new Error(username);
    return (await createNotificationService(deps()).getInbox(user)).items.map((i) => i.title.zh);
  };

  it('tells the owner’s reporters and reviewers, at the start of 中旬, of the item due within it', async () => {
    day = '2025-10-11';
    // 协调供电接入 is due on the 18th (within 11–20 Oct); the others fall later.
    expect(await run()).toEqual({ items: 1, notified: 2 });
    expect(await inboxOf('econ-reporter')).toEqual(['督办事项本旬到期：协调供电接入']);
    expect(await inboxOf('econ-reviewer')).toEqual(['督办事项本旬到期：协调供电接入']);
    expect(await inboxOf('housing-reporter')).toEqual([]);
  });

  it('tells nobody twice when the job runs again', async () => {
    expect(await run()).toEqual({ items: 1, notified: 0 });
  });

  it('at the start of 下旬 tells of the overdue item and the one now due, and not of one done', async () => {
    const projects = createProjectService(deps());
    const list = await projects.getDispatchList('202510D1');
    const supply = list.meeting?.decisions.find((d) => d.text === '协调供电接入');
    if (!supply) throw new Error('no item');
    day = '2025-10-21';
    expect(await run()).toEqual({ items: 2, notified: 3 });
    expect(await inboxOf('econ-reporter')).toEqual(
      expect.arrayContaining(['督办事项已逾期：协调供电接入']),
    );
    expect(await inboxOf('housing-reporter')).toEqual(['督办事项本旬到期：完成征收公告']);
    // Marked done, the overdue item is not told again at 上旬 of November.
    await projects.updateItem(
      supply.id,
      { state: 'done', note: '供电已接入', version: supply.version },
      users.get('econ-reporter')!,
    );
    day = '2025-11-01';
    // 落实配套资金 (5 Nov) now due; 完成征收公告 (31 Oct) overdue.
    expect(await run()).toEqual({ items: 2, notified: 3 });
    expect(await inboxOf('econ-reporter')).toHaveLength(3);
  });
});
