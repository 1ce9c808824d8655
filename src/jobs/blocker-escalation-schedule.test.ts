import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultLightThresholds } from '../core/light-thresholds.ts';
import { createNotificationService } from '../services/notification-service.ts';
import { createSequentialIds, systemActor, type Actor, type Clock } from '../services/ports.ts';
import { createProjectService } from '../services/project-service.ts';
import { seedDepartmentUsers } from './departments.fixture.ts';
import { createTestDatabase, testEngine, type TestDatabase } from '../store/test-database.ts';
import { runBlockerEscalation } from './blocker-escalation-schedule.ts';

describe(`the scheduled blocker escalation, on ${testEngine}`, () => {
  let database: TestDatabase;
  let day = '2025-04-01';
  const clock: Clock = { now: () => `${day}T23:00:00.000Z`, today: () => day };
  // One id sequence for the whole test, as one process has.
  const ids = createSequentialIds('e');
  const deps = () => ({ database, clock, ids, thresholds: defaultLightThresholds });
  const users = new Map<string, Actor>();

  beforeAll(async () => {
    database = await createTestDatabase();
    const seeded = await seedDepartmentUsers(
      deps(),
      [
        ['HOUSING', '区住房城乡建委'],
        ['LAND', '区规划自然资源局'],
      ],
      [
        ['land-reporter', 'reporter', 'LAND'],
        ['housing-reviewer', 'reviewer', 'HOUSING'],
        ['housing-reporter', 'reporter', 'HOUSING'],
      ],
    );
    for (const [name, actor] of seeded) users.set(name, actor);
    const owner = users.get('housing-reporter');
    if (!owner) throw new Error('no owner');
    const projects = createProjectService(deps());
    await projects.createProject(
      {
        code: 'ZD-001',
        name: '歌乐山片区道路',
        kind: 'infrastructure',
        level: 'district',
        stage: 'construction',
        unitCode: 'HOUSING',
      },
      owner,
    );
    await projects.raiseBlocker(
      'ZD-001',
      { type: 'land', description: '用地指标未落实', unitCode: 'LAND', dueDate: '2025-04-10' },
      owner,
    );
  });
  afterAll(() => database.dispose());

  const run = () =>
    runBlockerEscalation({
      escalate: (actor) => createProjectService(deps()).escalateOverdue(actor),
      notifyUnit: (unit, roles, notice) =>
        createNotificationService(deps()).notifyUnit(unit, roles, notice),
      actor: systemActor,
      log: (m) => {
        throw new Error(m);
      },
    });
  const inboxOf = async (username: string) => {
    const user = users.get(username);
    if (!user) throw new Error(username);
    return (await createNotificationService(deps()).getInbox(user)).items.map((i) => i.title.zh);
  };

  it('does nothing while the blocker is within its due date', async () => {
    day = '2025-04-10';
    expect(await run()).toEqual({ climbed: 0, notified: 0 });
    expect(await inboxOf('land-reporter')).toEqual([]);
  });

  it('climbs to 牵头部门 the day after the due date and tells the solving unit and the owner’s reviewers', async () => {
    day = '2025-04-11';
    // land-reporter (solving unit) and housing-reviewer (project's unit); the owner's reporter is not told.
    expect(await run()).toEqual({ climbed: 1, notified: 2 });
    expect(await inboxOf('land-reporter')).toEqual(['卡点升级至牵头部门：项目ZD-001']);
    expect(await inboxOf('housing-reviewer')).toEqual(['卡点升级至牵头部门：项目ZD-001']);
    expect(await inboxOf('housing-reporter')).toEqual([]);
  });

  it('tells nobody twice when the job runs again the same day', async () => {
    expect(await run()).toEqual({ climbed: 0, notified: 0 });
    expect(await inboxOf('land-reporter')).toHaveLength(1);
  });

  it('climbs to 分管区领导 ten days later, then to 区政府专题会, a notice each', async () => {
    day = '2025-04-21';
    expect(await run()).toEqual({ climbed: 1, notified: 2 });
    day = '2025-05-01';
    expect(await run()).toEqual({ climbed: 1, notified: 2 });
    expect(await inboxOf('land-reporter')).toEqual(
      expect.arrayContaining([
        '卡点升级至牵头部门：项目ZD-001',
        '卡点升级至分管区领导：项目ZD-001',
        '卡点升级至区政府专题会：项目ZD-001',
      ]),
    );
    day = '2025-06-01';
    expect(await run()).toEqual({ climbed: 0, notified: 0 });
  });
});
