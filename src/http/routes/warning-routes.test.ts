/**
 * Warnings on the demo: the rules the seed implies fire on its data, a second evaluation
 * raises nothing twice, a rule relaxed past its hysteresis resolves its warnings as
 * recovered, and every inbox step is in the audit log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../services/demo-service.ts';
import { systemActor, type Actor } from '../../services/ports.ts';
import {
  createWarningService,
  demoWarningRules,
  type WarningService,
} from '../../services/warning-service.ts';
import { createTestDatabase, type TestDatabase } from '../../store/test-database.ts';
import { buildApp, buildServices } from '../app.ts';
import { readDemoData } from '../server.ts';
import { buildTestAppDeps } from '../test-app.ts';
import { loginAs } from '../test-session.ts';

describe('warnings on the demo', () => {
  let database: TestDatabase;
  let warnings: WarningService;
  let planId: string;
  let services: ReturnType<typeof buildServices>;

  beforeAll(async () => {
    database = await createTestDatabase();
    const deps = buildTestAppDeps(database, 'w', 'test');
    services = buildServices(deps);
    ({ planId } = await loadDemo(readDemoData(), services, systemActor));
    warnings = createWarningService(deps);
    for (const rule of demoWarningRules) await warnings.saveRule(rule, systemActor);
  }, 120_000);
  afterAll(() => database.dispose());

  it('fires the 失业 risk rule on the demo: new urban jobs down 10% or more on last year', async () => {
    await warnings.evaluate(planId, systemActor);
    const jobs = (await warnings.list()).filter((w) => w.indicatorCode === 'URBAN_JOBS_NEW');
    expect(jobs.some((w) => w.ruleName.startsWith('失业风险'))).toBe(true);
  });

  it('raises a lag warning for every target 5 points or more behind 序时 or forecast to miss', async () => {
    await warnings.evaluate(planId, systemActor);
    const tree = await services.plans.getPlanTree(planId);
    const expected: string[] = [];
    const walk = (nodes: typeof tree.nodes) => {
      for (const n of nodes) {
        for (const t of n.targets) {
          const a = t.assessment;
          if (a.light === 'done') continue;
          if ((a.gapPoints ?? -Infinity) >= 5 || a.forecast?.willMeet === false)
            expected.push(t.id);
        }
        walk(n.children);
      }
    };
    walk(tree.nodes);
    const raised = (await warnings.list()).filter((w) => w.subjectKey.startsWith('lag|'));
    expect(raised.map((w) => w.targetId).sort()).toEqual(expected.sort());
    expect(expected.length).toBeGreaterThan(0);
  });

  it('raises nothing twice when evaluated again on the same data', async () => {
    const before = (await warnings.list()).length;
    const again = await warnings.evaluate(planId, systemActor);
    expect([again.raised, again.recovered]).toEqual([0, 0]);
    expect((await warnings.list()).length).toBe(before);
  });

  it('acknowledges, assigns with a deadline and resolves with a note, each step audited', async () => {
    const [first] = await warnings.list({ state: 'open' });
    if (!first) throw new Error('no open warning');
    await warnings.act(first.id, { action: 'acknowledge' }, systemActor);
    await warnings.act(
      first.id,
      { action: 'assign', unitCode: '500106-D07', deadline: '2025-10-31' },
      systemActor,
    );
    await expect(
      warnings.act(
        first.id,
        { action: 'assign', unitCode: 'NO-SUCH', deadline: '2025-10-31' },
        systemActor,
      ),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      warnings.act(first.id, { action: 'resolve', note: ' ' }, systemActor),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const resolved = await warnings.act(
      first.id,
      { action: 'resolve', note: '已约谈牵头单位' },
      systemActor,
    );
    expect(resolved).toMatchObject({ state: 'resolved', note: '已约谈牵头单位' });
    const steps = await database.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', first.id)
      .orderBy('seq')
      .execute();
    expect(steps.map((s) => s.action)).toEqual([
      'warning.raise',
      'warning.acknowledge',
      'warning.assign',
      'warning.resolve',
    ]);
  });

  it('serves the inbox over HTTP and takes a step from a planner', async () => {
    const deps = buildTestAppDeps(database, 'wh', 'test');
    const app = await buildApp(deps);
    try {
      const planner = await loginAs(app, deps, 'planner');
      const inbox = await app.inject({ url: '/api/warnings?state=open', headers: planner });
      expect(inbox.statusCode).toBe(200);
      const [open] = inbox.json<{ id: string; state: string }[]>();
      if (!open) throw new Error('no open warning');
      const step = await app.inject({
        method: 'POST',
        url: `/api/warnings/${open.id}/steps`,
        headers: planner,
        payload: { action: 'acknowledge' },
      });
      expect(step.statusCode, step.body).toBe(200);
      expect(step.json<{ state: string }>().state).toBe('acknowledged');
    } finally {
      await app.close();
    }
  });

  it('refuses the inbox to a reporter', async () => {
    const reporter: Actor = { ...systemActor, id: 'r', roles: ['reporter'] };
    const [open] = await warnings.list({ state: 'open' });
    await expect(
      warnings.act(open?.id ?? '', { action: 'acknowledge' }, reporter),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('resolves as recovered the warnings of a rule relaxed past its hysteresis', async () => {
    const rules = await warnings.listRules();
    const lag = rules.find((r) => r.condition.kind === 'lag');
    if (!lag) throw new Error('no lag rule');
    await warnings.saveRule(
      {
        ...lag,
        condition: { kind: 'lag', points: 1000, hysteresis: 2, onForecastMiss: false },
      },
      systemActor,
    );
    const result = await warnings.evaluate(planId, systemActor);
    expect(result.recovered).toBeGreaterThan(0);
    const open = (await warnings.list()).filter(
      (w) => w.ruleId === lag.id && w.state !== 'resolved',
    );
    expect(open).toEqual([]);
  });
});
