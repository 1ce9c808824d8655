/**
 * The reporter's to-do (GET /api/collection/todo): the forms of the reporter's units that
 * have come due since the start of last year, in the state that says what to do next.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '../store/test-database.ts';
import { createCollectionFixture, type CollectionFixture } from './collection-test-fixture.ts';
import type { Actor } from './ports.ts';

describe(`the reporter’s to-do on ${testEngine}`, () => {
  let f: CollectionFixture;
  let reporter: Actor;
  let reviewer: Actor;

  beforeAll(async () => {
    f = await createCollectionFixture('2025-04-05T02:00:00.000Z');
    reporter = f.actor('reporter', ['T1'], 'reporter-t1');
    reviewer = f.actor('reviewer', ['D'], 'reviewer-d');
    const save = async (period: string, indicators: readonly string[]) => {
      const saved = await f.service.saveEntries(
        indicators.map((indicator) => ({ unit: 'T1', indicator, period, value: 10, version: 0 })),
        reporter,
      );
      expect(saved.ok).toBe(true);
    };
    // January: RETAIL sent and returned. February: all three monthly values sent.
    // March: one draft. Nothing else, in 2024 or 2025.
    await save('202501', ['RETAIL']);
    await f.service.submit({ unit: 'T1', period: '202501' }, reporter);
    await f.service.review(
      { unit: 'T1', period: '202501', decision: 'return', reason: '口径有误' },
      reviewer,
    );
    await save('202502', ['RETAIL', 'EMPLOY', 'GOODAIR']);
    await f.service.submit({ unit: 'T1', period: '202502' }, reporter);
    await save('202503', ['RETAIL']);
  });
  afterAll(() => f.dispose());

  it('puts the returned form first, then the overdue, the due, and the one waiting on review', async () => {
    const todo = await f.service.getTodo(reporter);
    expect(todo).toMatchObject({ asOf: '2025-04-05', since: '2024-01-01' });
    const keys = todo.items.map((i) => `${i.periodId}:${i.state}${i.overdue ? ':overdue' : ''}`);
    // 2024's twelve months (due the 10th after) and four quarters (the 15th after), none
    // reported, interleaved by due day; March 2025 (due 10 April) and 2025Q1 (15 April) are
    // due but not overdue on 5 April.
    const overdue2024 = [
      '202401', '202402', '202403', '2024Q1', '202404', '202405', '202406', '2024Q2',
      '202407', '202408', '202409', '2024Q3', '202410', '202411', '202412', '2024Q4',
    ].map((p) => `${p}:not-started:overdue`); // prettier-ignore
    expect(keys).toEqual([
      '202501:returned:overdue',
      ...overdue2024,
      '202503:draft',
      '2025Q1:not-started',
      '202502:submitted',
    ]);
    expect(todo.overdue).toBe(17);
    expect(todo.returned).toBe(1);
  });

  it('counts each form’s values by state and dates it by the due-day rules', async () => {
    const { items } = await f.service.getTodo(reporter);
    const march = items.find((i) => i.periodId === '202503');
    expect(march).toMatchObject({
      unitCode: 'T1',
      unitName: '小龙坎街道',
      dueDate: '2025-04-10',
      overdue: false,
      daysOverdue: 0,
      counts: { due: 3, missing: 2, draft: 1, submitted: 0, approved: 0, returned: 0 },
    });
    const q4 = items.find((i) => i.periodId === '2024Q4');
    expect(q4).toMatchObject({ dueDate: '2025-01-15', daysOverdue: 80, counts: { due: 1 } });
  });

  it('flags a form overdue the day after its due day', async () => {
    const onDueDay = await f.service.getTodo(reporter, { asOf: '2025-04-10' });
    const dayAfter = await f.service.getTodo(reporter, { asOf: '2025-04-11' });
    expect(onDueDay.items.find((i) => i.periodId === '202503')?.overdue).toBe(false);
    expect(dayAfter.items.find((i) => i.periodId === '202503')).toMatchObject({
      overdue: true,
      daysOverdue: 1,
    });
  });

  it('shows a form sent again with values missing as partial, and returned again first', async () => {
    await f.service.submit({ unit: 'T1', period: '202501' }, reporter);
    // RETAIL waits on the reviewer, EMPLOY and GOODAIR are still missing: partly sent, overdue.
    const sent = await f.service.getTodo(reporter);
    expect(sent.items.find((i) => i.periodId === '202501')).toMatchObject({
      state: 'partial',
      overdue: true,
      counts: { due: 3, missing: 2, submitted: 1 },
    });
    expect(sent.items[0]?.periodId).toBe('202401');
    await f.service.review(
      { unit: 'T1', period: '202501', decision: 'return', reason: '请附说明' },
      reviewer,
    );
    const { items, returned } = await f.service.getTodo(reporter);
    expect(items[0]).toMatchObject({ periodId: '202501', state: 'returned', overdue: true });
    expect(returned).toBe(1);
  });

  it('holds only the units the actor reports for', async () => {
    const t2 = f.actor('reporter', ['T2'], 'reporter-t2');
    const units = new Set((await f.service.getTodo(t2)).items.map((i) => i.unitCode));
    expect([...units]).toEqual(['T2']);
    expect((await f.service.getTodo(t2, { unit: 'T1' })).items).toEqual([]);
    expect((await f.service.getTodo(reviewer)).items).toEqual([]);
    expect((await f.service.getTodo(f.actor('viewer', ['D']))).items).toEqual([]);
  });

  it('drops a form once every value is approved', async () => {
    await f.service.review({ unit: 'T1', period: '202502', decision: 'approve' }, reviewer);
    const { items } = await f.service.getTodo(reporter);
    expect(items.some((i) => i.periodId === '202502')).toBe(false);
  });
});
