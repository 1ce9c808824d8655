import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine, type TestDatabase } from '../store/test-database.ts';
import type { AuditService } from './audit-service.ts';
import { systemActor, type Actor, type Clock } from './ports.ts';
import type { ProjectService } from './project-service.ts';
import { createProjectFixture, type ProjectFixture } from './project-test-fixture.ts';

/**
 * Today is 11 October 2025 unless a test moves it. Projects: P1 (区住房城乡建委, in 街道T1,
 * 1,200万 planned, 720万 done), P2 (区经济信息委, 1,200万 planned, 840万 done), P3 (区住房城乡建委,
 * no plan). An even monthly plan expects 9/12 = 75% by 30 September.
 */
describe(`旬调度: the dispatch list and the meeting record, on ${testEngine}`, () => {
  let database: TestDatabase;
  let day = '2025-10-11';
  const clock: Clock = { now: () => `${day}T02:00:00.000Z`, today: () => day };
  let projects: ProjectService;
  let audit: AuditService;
  let actor: ProjectFixture['actor'];
  let planner: Actor;
  const auditCount = async () => (await audit.list({ limit: 10_000 })).length;

  beforeAll(async () => {
    ({ database, projects, audit, actor } = await createProjectFixture({
      clock,
      idPrefix: 'd',
      districtName: '沙坪坝区',
      units: [
        ['T1', '小龙坎街道', 'street'],
        ['HOUSING', '区住房城乡建委', 'department'],
        ['LAND', '区规划自然资源局', 'department'],
        ['ECON', '区经济信息委', 'department'],
      ],
      underConstruction: [
        ['P1', 'HOUSING', 'T1'],
        ['P2', 'ECON', null],
        ['P3', 'HOUSING', null],
      ],
    }));
    planner = actor(['planner'], ['D'], 'planner');
    for (const [code, actualYuan] of [
      ['P1', 7_200_000],
      ['P2', 8_400_000],
    ] as const) {
      await projects.setMonthlyPlan(code, { year: 2025, annualYuan: 12_000_000 }, systemActor);
      await projects.reportActual(
        code,
        '202501',
        { actualYuan, version: 0, submit: true },
        systemActor,
      );
      await projects.reviewActual(code, '202501', { decision: 'approve' }, systemActor);
    }
    await projects.setMilestones('P1', [{ node: 'start', plannedDate: '2025-09-01' }], systemActor);
    await projects.setMilestones(
      'P3',
      [{ node: 'topping-out', plannedDate: '2025-12-31' }],
      systemActor,
    );
    await projects.approveBaseline('P1', '', systemActor);
    await projects.approveBaseline('P3', '', systemActor);
    await projects.setMilestones(
      'P3',
      [{ node: 'topping-out', forecastDate: '2026-01-20' }],
      systemActor,
    );
    await projects.raiseBlocker(
      'P1',
      { type: 'land', description: '用地指标未落实', unitCode: 'LAND', dueDate: '2025-09-20' },
      systemActor,
    );
    await projects.raiseBlocker(
      'P3',
      { type: 'funds', description: '资金未到位', unitCode: 'HOUSING', dueDate: '2025-12-01' },
      systemActor,
    );
  });
  afterAll(() => database.dispose());

  describe('the list of a dekad', () => {
    it('lists, for the district as of the end of 2025-09 third dekad, what is behind plan, slipping and overdue', async () => {
      const list = await projects.getDispatchList('202509D3');
      expect(list).toMatchObject({
        asOf: '2025-09-30',
        scope: { code: 'D', kind: 'district' },
        label: { zh: '2025年9月下旬' },
        gapPoints: 10,
      });
      // P1: 720 / 1,200 = 60% against 75%: 15 points behind. P2: 70%, 5 behind — within the gap.
      expect(list.behindPlan).toHaveLength(1);
      expect(list.behindPlan[0]).toMatchObject({
        code: 'P1',
        actualYuan: 7_200_000,
        townName: '小龙坎街道',
      });
      expect(list.behindPlan[0]?.shareOfPlan).toBeCloseTo(0.6, 10);
      expect(list.behindPlan[0]?.expectedShare).toBeCloseTo(0.75, 10);
      expect(list.behindPlan[0]?.gapPoints).toBeCloseTo(-15, 8);
      // P1's 开工 planned (and baselined) 1 Sept, not done by 30 Sept: 29 days; P3's 主体完工
      // forecast 20 days after its baseline of 31 Dec.
      expect(
        list.slippingMilestones.map((m) => [m.projectCode, m.node, m.reason, m.slipDays]),
      ).toEqual([
        ['P1', 'start', 'past-due', 29],
        ['P3', 'topping-out', 'forecast-late', 20],
      ]);
      // The land blocker was due 20 Sept: 10 days overdue; P3's is due in December.
      expect(
        list.blockers.map((b) => [b.projectCode, b.unit.code, b.overdue, b.overdueDays]),
      ).toEqual([['P1', 'LAND', true, 10]]);
      expect(list.meeting).toBe(null);
      expect(list.carried).toEqual([]);
    });

    it('takes a narrower gap when asked, and today as the day of the dekad that runs', async () => {
      const list = await projects.getDispatchList('202510D2', { gapPoints: 3 });
      expect(list.asOf).toBe('2025-10-11');
      // On 11 October the monthly plan expects 9/12 + 11/31 of October's 1/12.
      const expected = 0.75 + 11 / 31 / 12;
      expect(list.behindPlan.map((p) => p.code)).toEqual(['P1', 'P2']);
      expect(list.behindPlan[1]?.expectedShare).toBeCloseTo(expected, 10);
      expect(list.behindPlan[1]?.gapPoints).toBeCloseTo((0.7 - expected) * 100, 8);
      // 开工 now 40 days late.
      expect(list.slippingMilestones[0]).toMatchObject({ projectCode: 'P1', slipDays: 40 });
    });

    it('narrows to a department’s projects and the blockers it must solve, or to a town’s', async () => {
      const housing = await projects.getDispatchList('202509D3', { scopeCode: 'HOUSING' });
      expect(housing.scope.kind).toBe('department');
      expect(housing.behindPlan.map((p) => p.code)).toEqual(['P1']);
      expect(housing.slippingMilestones.map((m) => m.projectCode)).toEqual(['P1', 'P3']);
      // LAND owns no project but must solve P1's blocker.
      const land = await projects.getDispatchList('202509D3', { scopeCode: 'LAND' });
      expect(land.behindPlan).toEqual([]);
      expect(land.blockers.map((b) => b.projectCode)).toEqual(['P1']);
      const town = await projects.getDispatchList('202509D3', { scopeCode: 'T1' });
      expect(town.scope.kind).toBe('town');
      expect(town.slippingMilestones.map((m) => m.projectCode)).toEqual(['P1']);
      const econ = await projects.getDispatchList('202509D3', { scopeCode: 'ECON' });
      expect(econ.slippingMilestones).toEqual([]);
      expect(econ.blockers).toEqual([]);
    });

    it('refuses a period that is not a dekad, and an unknown scope', async () => {
      await expect(projects.getDispatchList('202510')).rejects.toMatchObject({
        code: 'INVALID_PERIOD',
      });
      await expect(
        projects.getDispatchList('202510D1', { scopeCode: 'NOPE' }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
  });

  describe('the meeting record', () => {
    const followUp = {
      kind: 'follow-up',
      text: '区经济信息委协调供电接入',
      unitCode: 'ECON',
      deadline: '2025-10-18',
    } as const;
    const fundsBlocker = {
      kind: 'blocker',
      text: '配套资金缺口2000万元',
      unitCode: 'ECON',
      deadline: '2025-10-25',
      projectCode: 'P2',
      blockerType: 'funds',
    } as const;
    const meeting = {
      heldOn: '2025-10-11',
      chair: '张副区长',
      attendees: '区发展改革委、区住房城乡建委、区经济信息委',
      version: 0,
      decisions: [followUp, fundsBlocker],
    };

    it('is refused to a reporter, to a planner of a town for the district, and writes nothing', async () => {
      const before = await auditCount();
      await expect(
        projects.recordMeeting('202510D2', meeting, actor(['reporter'], ['D'], 'r')),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(
        projects.recordMeeting('202510D2', meeting, actor(['planner'], ['T1'], 'tp')),
      ).rejects.toMatchObject({ code: 'OUT_OF_SCOPE' });
      expect(await auditCount()).toBe(before);
      expect((await projects.getDispatchList('202510D2')).meeting).toBe(null);
    });

    it('writes nothing when a decision names an unknown unit or project, listing the problem', async () => {
      const before = await auditCount();
      await expect(
        projects.recordMeeting(
          '202510D2',
          { ...meeting, decisions: [{ ...followUp, unitCode: 'NOPE' }] },
          planner,
        ),
      ).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { problems: [{ field: 'decisions[0].unitCode', value: 'NOPE' }] },
      });
      const { projectCode: _left, ...withoutProject } = fundsBlocker;
      await expect(
        projects.recordMeeting('202510D2', { ...meeting, decisions: [withoutProject] }, planner),
      ).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { problems: [{ field: 'decisions[0].projectCode' }] },
      });
      await expect(
        projects.recordMeeting(
          '202510D2',
          { ...meeting, decisions: [{ ...fundsBlocker, projectCode: 'P9' }] },
          planner,
        ),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(await auditCount()).toBe(before);
      expect((await projects.listBlockers('P2')).length).toBe(0);
    });

    it('records the meeting; one decision becomes a follow-up item, the other a blocker on its project', async () => {
      const recorded = await projects.recordMeeting('202510D2', meeting, planner);
      expect(recorded).toMatchObject({ chair: '张副区长', version: 1, recordedBy: 'planner' });
      expect(recorded.decisions.map((d) => [d.seq, d.kind, d.unit.code, d.status])).toEqual([
        [1, 'follow-up', 'ECON', 'open'],
        [2, 'blocker', 'ECON', 'open'],
      ]);
      const [blocker] = await projects.listBlockers('P2');
      expect(blocker).toMatchObject({
        id: recorded.decisions[1]?.blockerId,
        type: 'funds',
        description: '配套资金缺口2000万元',
        unit: { code: 'ECON' },
        dueDate: '2025-10-25',
        state: 'open',
        level: 'unit',
      });
      const actions = (await audit.list({ limit: 10 })).map((e) => e.action);
      expect(actions).toEqual(
        expect.arrayContaining(['dispatch.meeting.record', 'dispatch.decision', 'blocker.raise']),
      );
      expect((await projects.getDispatchList('202510D2')).meeting?.decisions).toHaveLength(2);
    });

    it('answers a second first record, or an edit of a stale version, with a conflict', async () => {
      await expect(projects.recordMeeting('202510D2', meeting, planner)).rejects.toMatchObject({
        code: 'CONFLICT',
      });
      await expect(
        projects.recordMeeting('202510D2', { ...meeting, version: 7, decisions: [] }, planner),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
    });

    it('edits the record at its version and adds decisions after the others', async () => {
      const edited = await projects.recordMeeting(
        '202510D2',
        {
          ...meeting,
          version: 1,
          attendees: `${meeting.attendees}、街道T1`,
          decisions: [
            {
              kind: 'follow-up',
              text: '街道T1完成征收公告',
              unitCode: 'T1',
              deadline: '2025-10-20',
            },
          ],
        },
        planner,
      );
      expect(edited.version).toBe(2);
      expect(edited.attendees).toContain('街道T1');
      expect(edited.decisions.map((d) => [d.seq, d.unit.code])).toEqual([
        [1, 'ECON'],
        [2, 'ECON'],
        [3, 'T1'],
      ]);
    });
  });

  describe('following the decisions up', () => {
    const itemOf = async (seq: number) => {
      const found = (await projects.getDispatchList('202510D2')).meeting?.decisions.find(
        (d) => d.seq === seq,
      );
      if (!found) throw new Error(`no decision ${seq}`);
      return found;
    };

    it('lets the owner unit mark its item done with a note, and no other unit', async () => {
      const item = await itemOf(1);
      const before = await auditCount();
      await expect(
        projects.updateItem(
          item.id,
          { state: 'done', note: '已接入', version: item.version },
          actor(['reporter'], ['HOUSING'], 'h'),
        ),
      ).rejects.toMatchObject({ code: 'OUT_OF_SCOPE' });
      await expect(
        projects.updateItem(
          item.id,
          { state: 'done', note: '已接入', version: item.version },
          actor(['reviewer'], ['ECON'], 'rv'),
        ),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(
        projects.updateItem(
          item.id,
          { state: 'done', note: ' ', version: item.version },
          actor(['reporter'], ['ECON'], 'e'),
        ),
      ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(await auditCount()).toBe(before);
      const done = await projects.updateItem(
        item.id,
        { state: 'done', note: '供电已接入', version: item.version },
        actor(['reporter'], ['ECON'], 'e'),
      );
      expect(done).toMatchObject({
        state: 'done',
        status: 'done',
        note: '供电已接入',
        doneOn: '2025-10-11',
      });
      await expect(
        projects.updateItem(
          item.id,
          { state: 'open', note: '复核未通过', version: item.version },
          planner,
        ),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
    });

    it('refuses to mark a blocker decision done: it is closed out as a blocker', async () => {
      const item = await itemOf(2);
      await expect(
        projects.updateItem(
          item.id,
          { state: 'done', note: '已解决', version: item.version },
          planner,
        ),
      ).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    });

    it('carries the open decisions into the next dekad’s list, flagging those past their deadline', async () => {
      day = '2025-10-21';
      const next = await projects.getDispatchList('202510D3');
      // Item 1 is done; item 3 (due 20 Oct) is overdue; the blocker decision (due 25 Oct) is open.
      expect(next.carried.map((d) => [d.periodId, d.seq, d.kind, d.status])).toEqual([
        ['202510D2', 2, 'blocker', 'open'],
        ['202510D2', 3, 'follow-up', 'overdue'],
      ]);
      expect(next.meeting).toBe(null);
    });

    it('stops carrying a blocker decision once the blocker is closed out (销号)', async () => {
      const item = await itemOf(2);
      const [blocker] = await projects.listBlockers('P2');
      if (!blocker || item.blockerId !== blocker.id) throw new Error('the decision’s blocker');
      const resolved = await projects.moveBlocker(
        blocker.id,
        { to: 'resolved', version: blocker.version, evidence: '资金已拨付' },
        actor(['reporter'], ['ECON'], 'e'),
      );
      await projects.moveBlocker(blocker.id, { to: 'closed', version: resolved.version }, planner);
      const next = await projects.getDispatchList('202510D3');
      expect(next.carried.map((d) => d.seq)).toEqual([3]);
      expect((await itemOf(2)).status).toBe('done');
    });

    it('names the follow-ups whose owners are to be told at a dekad’s start', async () => {
      day = '2025-10-21';
      expect(
        (await projects.listFollowUpsDue()).map((f) => [f.unit.code, f.status, f.deadline]),
      ).toEqual([['T1', 'overdue', '2025-10-20']]);
      expect(await projects.listFollowUpsDue('2025-10-11')).toEqual([
        expect.objectContaining({ status: 'due', deadline: '2025-10-20' }),
      ]);
    });
  });

  it('exports the list as a workbook whose sheets read back the same rows', async () => {
    day = '2025-10-21';
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(
      (await projects.exportDispatchList('202509D3')) as unknown as ArrayBuffer,
    );
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      '投资滞后项目',
      '节点滞后',
      '超期和升级卡点',
      '上期督办事项',
      '本旬调度会议定事项',
    ]);
    const behind = workbook.getWorksheet('投资滞后项目');
    expect(behind?.getCell('A1').value).toContain(
      '沙坪坝区2025年9月下旬重点项目调度清单（截至2025-09-30）',
    );
    // 1,200万 planned, 720万 done, 60% against 75%: 15 points behind.
    expect(behind?.getRow(3).values).toEqual([
      undefined,
      'P1',
      '项目P1',
      '区住房城乡建委',
      '小龙坎街道',
      1200,
      720,
      60,
      75,
      15,
    ]);
    const nodes = workbook.getWorksheet('节点滞后');
    expect(nodes?.getRow(3).getCell(1).value).toBe('P1');
    expect(nodes?.getRow(3).getCell(8).value).toBe('逾期未完成');
    expect(nodes?.getRow(3).getCell(9).value).toBe(29);
    const blockers = workbook.getWorksheet('超期和升级卡点');
    expect(blockers?.getRow(3).getCell(3).value).toBe('用地指标未落实');
    expect(blockers?.getRow(3).getCell(6).value).toBe(10);
  });
});
