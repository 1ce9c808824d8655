import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDomainError } from '../core/domain-error.ts';
import { testEngine } from '../store/test-database.ts';
import { createAuditService } from './audit-service.ts';
import { createCollectionFixture, type CollectionFixture } from './collection-test-fixture.ts';
import { systemActor, type Actor } from './ports.ts';

/** The domain error code a promise rejects with. */
async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isDomainError(error)) return error.code;
    throw error;
  }
  return 'resolved';
}

async function errorOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isDomainError(error)) return error;
    throw error;
  }
  throw new Error('expected a domain error');
}

describe(`data entry, review and timeliness on ${testEngine}`, () => {
  let f: CollectionFixture;
  let reporter: Actor;
  let otherReporter: Actor;
  let reviewer: Actor;
  let viewer: Actor;

  beforeAll(async () => {
    f = await createCollectionFixture();
    reporter = f.actor('reporter', ['T1'], 'reporter-t1');
    otherReporter = f.actor('reporter', ['T1'], 'reporter-t1-b');
    reviewer = f.actor('reviewer', ['D'], 'reviewer-d');
    viewer = f.actor('viewer', ['D'], 'viewer-d');
    // Last year, entered and approved by the system, as the base for year-on-year checks.
    const lastYear = await f.service.saveEntries(
      [
        { unit: 'T1', indicator: 'RETAIL', period: '202401', value: 100, version: 0 },
        { unit: 'T1', indicator: 'RETAIL', period: '202402', value: 100, version: 0 },
        { unit: 'T1', indicator: 'RETAIL', period: '202403', value: 100, version: 0 },
        { unit: 'T1', indicator: 'EMPLOY', period: '202403', value: 5000, version: 0 },
      ],
      systemActor,
    );
    expect(lastYear.ok).toBe(true);
  });
  afterAll(() => f.dispose());

  describe('the entry form', () => {
    it('lists the indicators due by cadence with last year’s value and the rules', async () => {
      const form = await f.service.getForm('T1', '202403', reporter);
      expect(form.lines.map((l) => l.indicatorCode)).toEqual(['EMPLOY', 'GOODAIR', 'RETAIL']);
      const retail = form.lines.find((l) => l.indicatorCode === 'RETAIL');
      expect(retail).toMatchObject({
        lastYearValue: null,
        current: { value: 100, state: 'draft', version: 1 },
        previousCumulative: 200,
        rules: { minValue: 0, maxValue: 100_000, maxYoyChangePct: 50, acceptsCumulative: true },
      });
      expect(form.canWrite).toBe(true);
      expect(form.counts).toMatchObject({ due: 3, draft: 2, missing: 1 });
    });

    it('lists quarterly indicators for a quarter', async () => {
      const form = await f.service.getForm('T1', '2025Q1', reporter);
      expect(form.lines.map((l) => l.indicatorCode)).toEqual(['GDP']);
    });

    it('shows last year’s value and cumulative for the same period', async () => {
      const form = await f.service.getForm('T1', '202503', reporter);
      expect(form.lines.find((l) => l.indicatorCode === 'RETAIL')).toMatchObject({
        lastYearPeriodId: '202403',
        lastYearValue: 100,
        lastYearCumulative: 300,
        current: null,
      });
    });

    it('tells a reader outside the unit that they cannot write', async () => {
      const form = await f.service.getForm('T2', '202503', reporter);
      expect(form.canWrite).toBe(false);
    });
  });

  describe('saving', () => {
    it('saves a draft and gives its version', async () => {
      const result = await f.service.saveEntries(
        [{ unit: 'T1', indicator: 'RETAIL', period: '202501', value: 110, version: 0 }],
        reporter,
      );
      expect(result).toMatchObject({
        ok: true,
        saved: [{ value: 110, state: 'draft', version: 1 }],
      });
      expect(await f.stored('T1', 'RETAIL', '202501')).toMatchObject({
        value: 110,
        source: 'entered',
      });
    });

    it('refuses a stale version with the current value and overwrites nothing', async () => {
      await f.service.saveEntries(
        [{ unit: 'T1', indicator: 'RETAIL', period: '202501', value: 111, version: 1 }],
        reporter,
      );
      const error = await errorOf(
        f.service.saveEntries(
          [{ unit: 'T1', indicator: 'RETAIL', period: '202501', value: 999, version: 1 }],
          otherReporter,
        ),
      );
      expect(error.code).toBe('CONFLICT');
      expect(error.details).toMatchObject({
        conflicts: [{ indicator: 'RETAIL', yourVersion: 1, current: { value: 111, version: 2 } }],
      });
      expect(await f.stored('T1', 'RETAIL', '202501')).toMatchObject({ value: 111, version: 2 });
    });

    it('refuses a new value when someone entered one meanwhile', async () => {
      await f.service.saveEntries(
        [{ unit: 'T1', indicator: 'EMPLOY', period: '202501', value: 4000, version: 0 }],
        reporter,
      );
      expect(
        await codeOf(
          f.service.saveEntries(
            [{ unit: 'T1', indicator: 'EMPLOY', period: '202501', value: 4100, version: 0 }],
            otherReporter,
          ),
        ),
      ).toBe('CONFLICT');
    });

    it('needs a comment for a jump against last year, and takes one', async () => {
      const refused = await f.service.saveEntries(
        [{ unit: 'T1', indicator: 'RETAIL', period: '202502', value: 180, version: 0 }],
        reporter,
      );
      expect(refused).toMatchObject({
        ok: false,
        problems: [{ row: 1, rule: 'yoy-needs-comment', field: 'comment', indicator: 'RETAIL' }],
      });
      expect(await f.stored('T1', 'RETAIL', '202502')).toBeUndefined();
      const saved = await f.service.saveEntries(
        [
          {
            unit: 'T1',
            indicator: 'RETAIL',
            period: '202502',
            value: 180,
            comment: '春节消费旺',
            version: 0,
          },
        ],
        reporter,
      );
      expect(saved.ok).toBe(true);
      expect(await f.stored('T1', 'RETAIL', '202502')).toMatchObject({ comment: '春节消费旺' });
    });

    it('takes a cumulative entry as the month’s amount and refuses a falling cumulative', async () => {
      // January 111, February 180: year to date 291.
      const falling = await f.service.saveEntries(
        [
          {
            unit: 'T1',
            indicator: 'RETAIL',
            period: '202503',
            value: 250,
            mode: 'cumulative',
            version: 0,
          },
        ],
        reporter,
      );
      expect(falling).toMatchObject({ ok: false, problems: [{ rule: 'cumulative-falls' }] });
      const saved = await f.service.saveEntries(
        [
          {
            unit: 'T1',
            indicator: 'RETAIL',
            period: '202503',
            value: 411,
            mode: 'cumulative',
            version: 0,
          },
        ],
        reporter,
      );
      expect(saved).toMatchObject({ ok: true, saved: [{ value: 120 }] });
    });

    it('applies bounds', async () => {
      const result = await f.service.saveEntries(
        [
          {
            unit: 'T1',
            indicator: 'RETAIL',
            period: '202504',
            value: 200_000,
            comment: 'x',
            version: 0,
          },
        ],
        reporter,
      );
      expect(result).toMatchObject({ ok: false, problems: [{ rule: 'above-max' }] });
    });

    it('lists every problem of a batch and writes none of it', async () => {
      const result = await f.service.saveEntries(
        [
          { unit: 'T1', indicator: 'GOODAIR', period: '202501', value: 80, version: 0 },
          { unit: 'T2', indicator: 'GOODAIR', period: '202501', value: 80, version: 0 },
          { unit: 'T1', indicator: 'NOPE', period: '202501', value: 1, version: 0 },
          { unit: 'T1', indicator: 'GOODAIR', period: '2025Q1', value: 1, version: 0 },
          { unit: 'T1', indicator: 'GOODAIR', period: '202501', value: 81, version: 0 },
        ],
        reporter,
      );
      expect(result.ok).toBe(false);
      if (result.ok) return;
      // Rows count the entries from 1, as the reporter sees them.
      expect(result.problems.map((p) => [p.row, p.rule])).toEqual([
        [2, 'out-of-scope'],
        [3, 'unknown-indicator'],
        [4, 'wrong-cadence'],
        [5, 'duplicate'],
      ]);
      expect(await f.stored('T1', 'GOODAIR', '202501')).toBeUndefined();
    });

    it('refuses a role without the grant', async () => {
      expect(
        await codeOf(
          f.service.saveEntries(
            [{ unit: 'T1', indicator: 'GOODAIR', period: '202501', value: 80, version: 0 }],
            viewer,
          ),
        ),
      ).toBe('FORBIDDEN');
    });
  });

  describe('submit, review, lock and reopen', () => {
    it('submits the drafts of a unit and period and names what is missing', async () => {
      f.clock.set('2025-04-08T03:00:00.000Z');
      const result = await f.service.submit({ unit: 'T1', period: '202503' }, reporter);
      expect(result).toEqual({
        submitted: 1,
        indicatorCodes: ['RETAIL'],
        missing: ['EMPLOY', 'GOODAIR'],
      });
      expect(await f.stored('T1', 'RETAIL', '202503')).toMatchObject({
        state: 'submitted',
        submitted_on: '2025-04-08',
      });
    });

    it('refuses to submit when there is nothing to submit', async () => {
      expect(await codeOf(f.service.submit({ unit: 'T1', period: '202503' }, reporter))).toBe(
        'INVALID_TRANSITION',
      );
    });

    it('refuses review by a reporter', async () => {
      expect(
        await codeOf(
          f.service.review({ unit: 'T1', period: '202503', decision: 'approve' }, reporter),
        ),
      ).toBe('FORBIDDEN');
    });

    it('refuses a return without a reason', async () => {
      expect(
        await codeOf(
          f.service.review({ unit: 'T1', period: '202503', decision: 'return' }, reviewer),
        ),
      ).toBe('VALIDATION_FAILED');
    });

    it('locks approved values: a later write is refused until a reviewer reopens them with a reason', async () => {
      const approved = await f.service.review(
        { unit: 'T1', period: '202503', decision: 'approve' },
        reviewer,
      );
      expect(approved).toMatchObject({ state: 'approved', indicatorCodes: ['RETAIL'] });
      const current = await f.stored('T1', 'RETAIL', '202503');
      expect(current?.state).toBe('approved');

      expect(
        await codeOf(
          f.service.saveEntries(
            [
              {
                unit: 'T1',
                indicator: 'RETAIL',
                period: '202503',
                value: 130,
                version: current?.version ?? 0,
              },
            ],
            reporter,
          ),
        ),
      ).toBe('PERIOD_LOCKED');
      expect(
        await codeOf(f.service.reopen({ unit: 'T1', period: '202503', reason: ' ' }, reviewer)),
      ).toBe('VALIDATION_FAILED');
      expect(
        await codeOf(
          f.service.reopen({ unit: 'T1', period: '202503', reason: '数据有误' }, reporter),
        ),
      ).toBe('FORBIDDEN');

      const reopened = await f.service.reopen(
        { unit: 'T1', period: '202503', reason: '统计局反馈口径调整' },
        reviewer,
      );
      expect(reopened.state).toBe('returned');
      const after = await f.stored('T1', 'RETAIL', '202503');
      expect(after).toMatchObject({ state: 'returned', review_reason: '统计局反馈口径调整' });
      const saved = await f.service.saveEntries(
        [
          {
            unit: 'T1',
            indicator: 'RETAIL',
            period: '202503',
            value: 130,
            version: after?.version ?? 0,
          },
        ],
        reporter,
      );
      expect(saved).toMatchObject({ ok: true, saved: [{ value: 130, state: 'draft' }] });
      // A new draft starts over: the reason it was returned and its submission stamps go.
      expect(await f.stored('T1', 'RETAIL', '202503')).toMatchObject({
        value: 130,
        state: 'draft',
        review_reason: '',
        submitted_on: null,
      });
    });

    it('returns submitted values with the reason', async () => {
      await f.service.submit({ unit: 'T1', period: '202503' }, reporter);
      const returned = await f.service.review(
        { unit: 'T1', period: '202503', decision: 'return', reason: '请核实' },
        reviewer,
      );
      expect(returned.state).toBe('returned');
      expect(await f.stored('T1', 'RETAIL', '202503')).toMatchObject({
        state: 'returned',
        review_reason: '请核实',
      });
    });

    it('keeps every transition in the audit log', async () => {
      const log = await createAuditService(f.deps).list({
        entity: 'observation',
        entityId: 'T1:202503',
      });
      expect(log.map((e) => e.action).reverse()).toEqual([
        'observation.entry',
        'observation.submit',
        'observation.approve',
        'observation.reopen',
        'observation.entry',
        'observation.submit',
        'observation.return',
      ]);
      expect(log.find((e) => e.action === 'observation.reopen')).toMatchObject({
        actor: 'reviewer-d',
        reason: '统计局反馈口径调整',
      });
    });

    it('shows each unit × indicator state for the cockpit, missing ones too', async () => {
      const status = await f.service.getStatus('202503', 'D');
      const cell = (unit: string, indicator: string) =>
        status.cells.find((c) => c.unitCode === unit && c.indicatorCode === indicator)?.state;
      expect(cell('T1', 'RETAIL')).toBe('returned');
      expect(cell('T1', 'GOODAIR')).toBe('missing');
      expect(cell('T2', 'RETAIL')).toBe('missing');
      expect(status.counts.returned).toBe(1);
    });
  });

  describe('timeliness', () => {
    it('uses the default due days and takes an override', async () => {
      expect(await f.service.getDueRules()).toMatchObject({ month: 10, quarter: 15, year: 31 });
      expect(await codeOf(f.service.setDueRules({ month: 12 }, reporter))).toBe('FORBIDDEN');
      expect(await f.service.setDueRules({ month: 12 }, systemActor)).toMatchObject({ month: 12 });
      expect(await f.service.setDueRules({ month: 10 }, systemActor)).toMatchObject({ month: 10 });
    });

    it('lists per unit the periods past their due day with nothing submitted', async () => {
      // T2 reports RETAIL for January on time and February late; nothing else.
      f.clock.set('2025-02-05T02:00:00.000Z');
      const t2 = f.actor('reporter', ['T2'], 'reporter-t2');
      await f.service.saveEntries(
        [{ unit: 'T2', indicator: 'RETAIL', period: '202501', value: 50, version: 0 }],
        t2,
      );
      await f.service.submit({ unit: 'T2', period: '202501' }, t2);
      f.clock.set('2025-03-20T02:00:00.000Z');
      await f.service.saveEntries(
        [{ unit: 'T2', indicator: 'RETAIL', period: '202502', value: 55, version: 0 }],
        t2,
      );
      await f.service.submit({ unit: 'T2', period: '202502' }, t2);

      const overdue = await f.service.getOverdue({ asOf: '2025-04-16', since: '2025-01-01' });
      const t2Overdue = overdue.units.find((u) => u.unitCode === 'T2');
      expect(t2Overdue?.periods).toEqual([
        {
          periodId: '202501',
          dueDate: '2025-02-10',
          daysOverdue: 65,
          indicatorCodes: ['EMPLOY', 'GOODAIR'],
        },
        {
          periodId: '202502',
          dueDate: '2025-03-10',
          daysOverdue: 37,
          indicatorCodes: ['EMPLOY', 'GOODAIR'],
        },
        {
          periodId: '202503',
          dueDate: '2025-04-10',
          daysOverdue: 6,
          indicatorCodes: ['EMPLOY', 'GOODAIR', 'RETAIL'],
        },
        { periodId: '2025Q1', dueDate: '2025-04-15', daysOverdue: 1, indicatorCodes: ['GDP'] },
      ]);
      expect(overdue.units.map((u) => u.unitCode)).toEqual(['T1', 'T2', 'DEPT-A']);
    });

    it('defaults the overdue list to today and the year before', async () => {
      f.clock.set('2025-04-16T02:00:00.000Z');
      const overdue = await f.service.getOverdue();
      expect(overdue).toMatchObject({ asOf: '2025-04-16', since: '2024-04-16' });
    });

    it('gives completeness and timeliness per unit and per department', async () => {
      const rates = await f.service.getTimeliness({ year: 2025, asOf: '2025-03-11' });
      const t2 = rates.units.find((u) => u.unitCode === 'T2');
      // Jan and Feb × three monthly indicators are due; RETAIL Jan on time, Feb late.
      expect(t2).toMatchObject({ due: 6, present: 2, onTime: 1 });
      expect(t2?.completeness).toBeCloseTo(2 / 6);
      expect(t2?.timeliness).toBeCloseTo(1 / 6);
      expect(rates.departments).toEqual([
        expect.objectContaining({ unitCode: 'DEPT', due: 2, present: 0, completeness: 0 }),
      ]);
      expect(rates.overall.due).toBe(6 + 6 + 2);
    });
  });

  // 2027's values against 2026's, so nothing above (2024 and 2025) is touched.
  describe('the reporter’s and the reviewer’s day', () => {
    const entry = (
      indicator: string,
      period: string,
      value: number,
      version = 0,
      comment = '',
    ) => ({
      unit: 'T1',
      indicator,
      period,
      value,
      version,
      comment,
    });

    beforeAll(async () => {
      const base = await f.service.saveEntries(
        [entry('EMPLOY', '202601', 1000, 0, '去年基数，测试用')],
        systemActor,
      );
      expect(base.ok).toBe(true);
    });

    it('answers a negative month with the month the reporter typed, not a cumulative total', async () => {
      const result = await f.service.saveEntries([entry('RETAIL', '202703', -5)], reporter);
      expect(result.ok).toBe(false);
      const [problem] = result.ok ? [] : result.problems;
      expect(problem?.reason).toContain('-5');
      expect(problem?.reason).not.toContain('累计');
    });

    it('needs a real explanation for a value over ten times last year', async () => {
      const bare = await f.service.saveEntries([entry('EMPLOY', '202701', 20_000)], reporter);
      expect(bare).toMatchObject({
        ok: false,
        problems: [{ rule: 'implausible-needs-explanation', field: 'comment' }],
      });
      const token = await f.service.saveEntries(
        [entry('EMPLOY', '202701', 20_000, 0, '测试')],
        reporter,
      );
      expect(token).toMatchObject({
        ok: false,
        problems: [{ rule: 'implausible-needs-explanation' }],
      });
      const explained = await f.service.saveEntries(
        [entry('EMPLOY', '202701', 20_000, 0, '新园区企业集中入驻')],
        reporter,
      );
      expect(explained.ok).toBe(true);
    });

    it('keeps a submitted value read-only until the reviewer returns it', async () => {
      await f.service.submit(
        { unit: 'T1', period: '202701', indicatorCodes: ['EMPLOY'] },
        reporter,
      );
      const version = (await f.stored('T1', 'EMPLOY', '202701'))?.version ?? -1;
      const edit = f.service.saveEntries(
        [entry('EMPLOY', '202701', 1100, version, '更正')],
        reporter,
      );
      expect(await codeOf(edit)).toBe('PERIOD_LOCKED');
      expect(await f.stored('T1', 'EMPLOY', '202701')).toMatchObject({
        state: 'submitted',
        value: 20_000,
      });
    });

    it('queues the submitted value for the reviewer with unit, last year, change, comment and the flag', async () => {
      const queue = await f.service.getQueue(reviewer);
      const item = queue.items.find((i) => i.periodId === '202701' && i.unitCode === 'T1');
      expect(item).toMatchObject({
        indicatorCode: 'EMPLOY',
        measureUnit: '人',
        value: 20_000,
        lastYearValue: 1000,
        comment: '新园区企业集中入驻',
      });
      // (20000 − 1000) / 1000
      expect(item?.yoyChangePct).toBeCloseTo(1900);
      expect(item?.implausible).toContain('10倍');
      expect(queue.implausible).toBeGreaterThanOrEqual(1);
      // A reporter reviews nothing: the queue is empty for them.
      expect((await f.service.getQueue(reporter)).items).toEqual([]);
    });

    it('returns one row alone, which the reporter may then edit', async () => {
      await f.service.saveEntries([entry('RETAIL', '202701', 90)], reporter);
      await f.service.submit({ unit: 'T1', period: '202701' }, reporter);
      const returned = await f.service.review(
        {
          unit: 'T1',
          period: '202701',
          indicatorCodes: ['EMPLOY'],
          decision: 'return',
          reason: '请核实',
        },
        reviewer,
      );
      expect(returned.indicatorCodes).toEqual(['EMPLOY']);
      expect(await f.stored('T1', 'RETAIL', '202701')).toMatchObject({ state: 'submitted' });
      const version = (await f.stored('T1', 'EMPLOY', '202701'))?.version ?? -1;
      const edit = await f.service.saveEntries(
        [entry('EMPLOY', '202701', 1100, version, '已核实')],
        reporter,
      );
      expect(edit.ok).toBe(true);
    });

    it('deletes drafts only, audited', async () => {
      await f.service.saveEntries([entry('RETAIL', '202702', 95)], reporter);
      const result = await f.service.deleteDrafts({ unit: 'T1', period: '202702' }, reporter);
      expect(result).toEqual({
        unit: 'T1',
        period: '202702',
        deleted: 1,
        indicatorCodes: ['RETAIL'],
      });
      expect(await f.stored('T1', 'RETAIL', '202702')).toBeUndefined();
      expect(await codeOf(f.service.deleteDrafts({ unit: 'T1', period: '202702' }, reporter))).toBe(
        'INVALID_TRANSITION',
      );
      // The submitted RETAIL of January is no draft: it stays.
      expect(
        await codeOf(
          f.service.deleteDrafts(
            { unit: 'T1', period: '202701', indicatorCodes: ['RETAIL'] },
            reporter,
          ),
        ),
      ).toBe('INVALID_TRANSITION');
      expect(await f.stored('T1', 'RETAIL', '202701')).toMatchObject({ state: 'submitted' });
      const log = await createAuditService(f.deps).list({
        entity: 'observation',
        entityId: 'T1:202702',
      });
      expect(log[0]).toMatchObject({ action: 'observation.delete-draft', actor: 'reporter-t1' });
      expect(await codeOf(f.service.deleteDrafts({ unit: 'T1', period: '202702' }, viewer))).toBe(
        'FORBIDDEN',
      );
    });
  });
});
