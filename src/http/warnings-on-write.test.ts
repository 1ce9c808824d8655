/**
 * Warnings are evaluated when a write that moves counted figures commits — no nightly run:
 * an approved value past a rule's bound raises its warning in the same request and tells
 * the unit's planners; a draft moves nothing and raises nothing; a value back inside the
 * bound recovers the warning on the next counted write.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../services/demo-service.ts';
import { systemActor, type Actor } from '../services/ports.ts';
import { createTestDatabase, type TestDatabase } from '../store/test-database.ts';
import { buildServices } from './app.ts';
import { readDemoData } from './server.ts';
import { buildTestAppDeps } from './test-app.ts';

const town = '500106001';
const planner: Actor = {
  id: 'planner',
  name: 'planner',
  requestId: '',
  roles: ['planner'],
  scopePaths: ['/'],
};

describe('warnings evaluated when a write commits', () => {
  let database: TestDatabase;
  let services: ReturnType<typeof buildServices>;
  let ruleId: string;

  const openFor = async () =>
    (await services.warnings.list({ state: 'open' })).filter(
      (w) => w.ruleId === ruleId && w.unitCode === town,
    );
  const write = (
    value: number,
    state: 'approved' | 'draft',
    periodId = '202510',
    unitCode = town,
  ) =>
    services.observations.writeObservations(
      [
        {
          indicatorCode: 'RETAIL',
          unitCode,
          periodId,
          value,
          comment: '大型商业体开业',
        },
      ],
      systemActor,
      state === 'approved'
        ? { reason: 'test', provenance: { source: 'document', state: 'approved', comment: '' } }
        : { reason: 'test' },
    );

  beforeAll(async () => {
    database = await createTestDatabase();
    const deps = buildTestAppDeps(database, 'k', 'test');
    services = buildServices(deps);
    const { planId } = await loadDemo(readDemoData(), services, systemActor);
    await services.plans.setPlanStatus(planId, 'adopted', systemActor);
    await services.accounts.createUser(
      {
        username: 'planner',
        displayName: '规划科',
        roles: ['planner'],
        unitCodes: ['500106'],
        password: 'a-long-password-1',
      },
      systemActor,
    );
    const rule = await services.warnings.saveRule(
      {
        name: '社零单月超常',
        severity: 'warning',
        indicatorCodes: ['RETAIL'],
        unitCodes: [town],
        pendingPeriods: 1,
        condition: { kind: 'threshold', direction: 'above', bound: 1e6, hysteresis: 0 },
        isEnabled: true,
      },
      systemActor,
    );
    ruleId = rule.id;
  }, 120_000);
  afterAll(() => database.dispose());

  it('raises nothing for the demo data, all below the bound', async () => {
    expect(await openFor()).toEqual([]);
  });

  it('raises nothing for a draft: it does not count', async () => {
    const written = await write(2e6, 'draft');
    expect(written.ok).toBe(true);
    expect(await openFor()).toEqual([]);
  });

  it('raises the warning as the approved value commits, and tells the planner', async () => {
    // The draft above is replaced by an approved value through the trusted path.
    const written = await write(2e6, 'approved');
    expect(written.ok).toBe(true);
    const open = await openFor();
    expect(open).toHaveLength(1);
    const inbox = await services.notifications.getInbox(planner);
    expect(
      inbox.items.some((n) => n.kind === 'warning' && n.title.zh.includes('社零单月超常')),
    ).toBe(true);
  });

  it('tells the unit a warning is handed to, with its deadline', async () => {
    await services.accounts.createUser(
      {
        username: 'town-reporter',
        displayName: '小龙坎街道',
        roles: ['reporter'],
        unitCodes: [town],
        password: 'a-long-password-2',
      },
      systemActor,
    );
    const [warning] = await openFor();
    if (!warning) throw new Error('no open warning to assign');
    await services.warnings.act(
      warning.id,
      { action: 'assign', unitCode: town, deadline: '2025-11-10' },
      planner,
    );
    const reporter: Actor = { ...planner, id: 'town-reporter', roles: ['reporter'] };
    const inbox = await services.notifications.getInbox(reporter);
    const notice = inbox.items.find((n) => n.kind === 'warning');
    expect(notice?.title.zh).toBe('预警已交办：社零单月超常');
    expect(notice?.body.zh).toContain('请于2025-11-10前办理');
  });

  // The evaluator keeps its parsed rules between writes; a saved rule must still be seen.
  const saveRule = (
    on: typeof services,
    name: string,
    bound: number,
    id?: string,
    unitCode = town,
  ) =>
    on.warnings.saveRule(
      {
        ...(id ? { id } : {}),
        name,
        severity: 'warning',
        indicatorCodes: ['RETAIL'],
        unitCodes: [unitCode],
        pendingPeriods: 1,
        condition: { kind: 'threshold', direction: 'above', bound, hysteresis: 0 },
        isEnabled: true,
      },
      systemActor,
    );
  const openOf = async (id: string) =>
    (await services.warnings.list()).filter((w) => w.ruleId === id && w.state !== 'resolved');

  it('watches a rule saved after the last evaluation at the next write', async () => {
    const rule = await saveRule(services, '社零单月超常（新增）', 2.2e6);
    expect(await openOf(rule.id)).toEqual([]);
    expect((await write(2.5e6, 'approved', '202511')).ok).toBe(true);
    expect(await openOf(rule.id)).toHaveLength(1);
  });

  it('watches a rule that another instance on the same database saved', async () => {
    const other = buildServices(buildTestAppDeps(database, 'k2', 'test'));
    const rule = await saveRule(other, '社零单月超常（另一实例）', 2.6e6);
    expect((await write(2.7e6, 'approved', '202512')).ok).toBe(true);
    expect(await openOf(rule.id)).toHaveLength(1);
  });

  it('compares with last year for a year-on-year rule, though thresholds on its subject do not', async () => {
    // Thresholds read this year only; the y/y rule on the same subject needs 2024 as well.
    const other = '500106003';
    await saveRule(services, '社零单月（另一街道）', 1e9, undefined, other);
    const fall = await services.warnings.saveRule(
      {
        name: '社零同比大幅下降',
        severity: 'warning',
        indicatorCodes: ['RETAIL'],
        unitCodes: [other],
        pendingPeriods: 1,
        condition: { kind: 'change', basis: 'yoy', direction: 'fall', percent: 50, hysteresis: 0 },
        isEnabled: true,
      },
      systemActor,
    );
    // The demo's own value of a year before, as counted.
    const lastYear = (
      await services.observations.getCountedValues([{ indicatorCode: 'RETAIL', unitCode: other }], {
        first: 2024,
        last: 2024,
      })
    )
      .get(`RETAIL|${other}`)
      ?.find((v) => v.periodId === '202410')?.value;
    expect(lastYear).toBeGreaterThan(0);
    expect(await openOf(fall.id)).toEqual([]);
    // A third of the value a year before: down about 67 %, past the 50 % bound.
    expect((await write(lastYear! / 3, 'approved', '202510', other)).ok).toBe(true);
    expect(await openOf(fall.id)).toHaveLength(1);
  });

  it('recovers a warning at the next write once its rule is raised above the value', async () => {
    expect(await openOf(ruleId)).toHaveLength(1);
    await saveRule(services, '社零单月超常', 5e6, ruleId);
    // Approved months are locked: another town's value moves RETAIL, and every RETAIL rule
    // is evaluated again.
    expect((await write(1000, 'approved', '202512', '500106002')).ok).toBe(true);
    expect(await openOf(ruleId)).toEqual([]);
  });
});
