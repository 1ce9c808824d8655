import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine, type TestDatabase } from '../store/test-database.ts';
import type { AuditService } from './audit-service.ts';
import type { Actor, Clock } from './ports.ts';
import type { ProjectService } from './project-service.ts';
import { createProjectFixture, type ProjectFixture } from './project-test-fixture.ts';

describe(`blockers on key projects, on ${testEngine}`, () => {
  let database: TestDatabase;
  let day = '2025-03-01';
  const clock: Clock = { now: () => `${day}T02:00:00.000Z`, today: () => day };
  let projects: ProjectService;
  let audit: AuditService;
  let actor: ProjectFixture['actor'];
  let owner: Actor;
  let solver: Actor;
  let outsider: Actor;

  beforeAll(async () => {
    ({ database, projects, audit, actor } = await createProjectFixture({
      clock,
      idPrefix: 'b',
      units: ['HOUSING', 'LAND', 'OTHER'].map((code) => [code, code, 'department'] as const),
      underConstruction: [['P1', 'HOUSING']],
    }));
    owner = actor(['reporter'], ['HOUSING'], 'owner');
    solver = actor(['reporter'], ['LAND'], 'solver');
    outsider = actor(['reporter'], ['OTHER'], 'outsider');
  });
  afterAll(() => database.dispose());

  it('goes open → in progress → 待销号 with evidence → 销号 by whoever raised it', async () => {
    day = '2025-03-01';
    const raised = await projects.raiseBlocker(
      'P1',
      { type: 'land', description: '用地指标未落实', unitCode: 'LAND', dueDate: '2025-03-10' },
      owner,
    );
    expect(raised).toMatchObject({
      state: 'open',
      level: 'unit',
      unit: { code: 'LAND' },
      raisedBy: 'owner',
      ageDays: 0,
    });
    await expect(
      projects.raiseBlocker(
        'P1',
        { type: 'land', description: 'x', unitCode: 'LAND', dueDate: '2025-03-10' },
        outsider,
      ),
    ).rejects.toMatchObject({ code: 'OUT_OF_SCOPE' });

    const working = await projects.moveBlocker(
      raised.id,
      { to: 'in-progress', version: 1 },
      solver,
    );
    await expect(
      projects.moveBlocker(raised.id, { to: 'resolved', version: 2 }, solver),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const resolved = await projects.moveBlocker(
      raised.id,
      { to: 'resolved', version: working.version, evidence: '用地批复已下达' },
      solver,
    );
    expect(resolved).toMatchObject({ state: 'resolved', evidence: '用地批复已下达' });
    await expect(
      projects.moveBlocker(raised.id, { to: 'closed', version: resolved.version }, solver),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    day = '2025-03-08';
    const closed = await projects.moveBlocker(
      raised.id,
      { to: 'closed', version: resolved.version },
      owner,
    );
    expect(closed).toMatchObject({
      state: 'closed',
      closedOn: '2025-03-08',
      ageDays: 7,
      isOverdue: false,
    });
    await expect(
      projects.moveBlocker(raised.id, { to: 'in-progress', version: closed.version }, owner),
    ).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    const reopened = await projects.moveBlocker(
      raised.id,
      { to: 'reopened', version: closed.version, reason: '批复范围不含二期' },
      actor(['reviewer'], ['D'], 'reviewer'),
    );
    expect(reopened).toMatchObject({ state: 'reopened', closedOn: null });
  });

  it('keeps a unit that neither solves nor owns the blocker from working it', async () => {
    const [b] = await projects.listBlockers('P1');
    if (!b) throw new Error('no blocker');
    await expect(
      projects.moveBlocker(b.id, { to: 'in-progress', version: b.version }, outsider),
    ).rejects.toMatchObject({ code: 'OUT_OF_SCOPE' });
  });

  it('climbs overdue blockers a level per 10 days with a notice, once per level', async () => {
    day = '2025-04-01';
    const fresh = await projects.raiseBlocker(
      'P1',
      { type: 'funds', description: '资金未到位', unitCode: 'OTHER', dueDate: '2025-04-10' },
      owner,
    );
    day = '2025-04-11';
    const first = await projects.escalateOverdue();
    // The reopened blocker of the first test was due 2025-03-10: 32 days overdue → 区政府专题会.
    expect(first.map((c) => [c.id, c.to])).toEqual(
      expect.arrayContaining([
        [fresh.id, 'lead-department'],
        [expect.any(String), 'meeting'],
      ]),
    );
    expect(first).toHaveLength(2);
    expect(first.find((c) => c.id === fresh.id)?.notice).toMatch(/升级至牵头部门/);
    expect(await projects.escalateOverdue()).toEqual([]);
    day = '2025-04-21';
    expect((await projects.escalateOverdue()).map((c) => [c.id, c.to])).toEqual([
      [fresh.id, 'leader'],
    ]);
    const entries = await audit.list({ entity: 'project_blocker', limit: 20 });
    expect(entries.filter((e) => e.action === 'blocker.escalate')).toHaveLength(3);
  });
});
