import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractPlan } from '../extract/extract-plan.ts';
import { testEngine } from '../store/test-database.ts';
import { createDemoFixture, readDemoData, type DemoFixture } from './collection-test-fixture.ts';
import type { PlanNodeView, TargetView } from './plan-tree-view.ts';
import { systemActor, type Actor } from './ports.ts';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const sharedRoot = path.resolve(repositoryRoot, '../shared');
const seedPath = path.join(sharedRoot, 'corpus', '00_shapingba_2025_plan.txt');
const hasCorpus = fs.existsSync(seedPath);
if (!hasCorpus)
  console.warn(`[plan-service.test] ${seedPath} is absent: the revised-report tests are skipped`);

const SEED_DOCUMENT = '00_shapingba_2025_plan.txt';
const DISTRICT = '500106';
const planner: Actor = {
  ...systemActor,
  id: 'planner-1',
  name: '规划科',
  requestId: 'req-planner',
};

const allNodes = (nodes: readonly PlanNodeView[]): PlanNodeView[] =>
  nodes.flatMap((n) => [n, ...allNodes(n.children)]);
const allTargets = (nodes: readonly PlanNodeView[]): TargetView[] =>
  allNodes(nodes).flatMap((n) => n.targets);

async function findTarget(fixture: DemoFixture, nodeKey: string, metric: string) {
  const tree = await fixture.services.plans.getPlanTree(fixture.planId);
  const node = allNodes(tree.nodes).find((n) => n.key === nodeKey);
  const target = node?.targets.find((t) => t.metric === metric);
  if (!target) throw new Error(`no target ${metric} in ${nodeKey}`);
  return target;
}

const reimport = (fixture: DemoFixture, text: string, plan = extractPlan(text)) =>
  fixture.services.plans.importPlan(
    plan,
    { unitCode: DISTRICT, sourceDocument: SEED_DOCUMENT, text },
    planner,
  );

/** The seed report revised: one figure changed, one sentence with a figure deleted, one added. */
function reviseSeed(seed: string): string {
  const deleted = '提速治堵治乱,推进天梨路路口等13处交通堵乱点治理,解决居民出行痛点难点。';
  const anchor = '新建山城步道2公里,';
  for (const part of ['新增1000个公共停车泊位', deleted, anchor])
    if (!seed.includes(part)) throw new Error(`the seed report no longer holds “${part}”`);
  return seed
    .replace('新增1000个公共停车泊位', '新增1200个公共停车泊位')
    .replace(deleted, '')
    .replace(anchor, `${anchor}新建智慧停车场8个,`);
}

const PARKING = { nodeKey: '二/(九)/26', metric: '公共停车泊位' };

describe(`plan service with the demo loaded on ${testEngine}`, () => {
  let fixture: DemoFixture;
  beforeAll(async () => {
    fixture = await createDemoFixture('2025-10-15T02:00:00.000Z');
  });
  afterAll(() => fixture.dispose());

  it('lists the demo plan as a 2025 draft of the district', async () => {
    const plans = await fixture.services.plans.listPlans();
    expect(plans).toEqual([
      expect.objectContaining({
        id: fixture.planId,
        year: 2025,
        status: 'draft',
        unitCode: DISTRICT,
        sourceDocument: SEED_DOCUMENT,
      }),
    ]);
  });

  it('has part 一 with 8 groups and part 二 with 12 groups and 38 tasks, each node with its kind', async () => {
    const tree = await fixture.services.plans.getPlanTree(fixture.planId);
    expect(tree.nodes.map((p) => [p.key, p.kind, p.children.length])).toEqual([
      ['一', 'part', 8],
      ['二', 'part', 12],
    ]);
    const [review, plan] = tree.nodes;
    expect(review!.children.every((g) => g.kind === 'group')).toBe(true);
    expect(plan!.children.every((g) => g.kind === 'group')).toBe(true);
    const tasks = allNodes(plan!.children).filter((n) => n.kind === 'task');
    expect(tasks).toHaveLength(38);
    expect(tasks.map((t) => t.ordinal)).toEqual(Array.from({ length: 38 }, (_, i) => i + 1));
    expect(tasks.every((t) => t.title.length > 0 && !t.title.includes('。'))).toBe(true);
    expect(tasks.find((t) => t.key === PARKING.nodeKey)?.title).toBe('大力推动缓堵促畅');
    for (const n of allNodes(tree.nodes)) expect(['part', 'group', 'task']).toContain(n.kind);
  });

  it('gives every target an assessment with a light and a reason in both languages', async () => {
    const tree = await fixture.services.plans.getPlanTree(fixture.planId);
    const targets = allTargets(tree.nodes);
    expect(targets.length).toBeGreaterThan(40);
    for (const t of targets) {
      expect(['green', 'yellow', 'red', 'done', 'none']).toContain(t.assessment.light);
      expect(t.assessment.reason.zh).not.toBe('');
      expect(t.assessment.reason.en).not.toBe('');
    }
    // The simulated months make some targets assessable, so the cockpit shows lights.
    expect(targets.filter((t) => t.assessment.light !== 'none').length).toBeGreaterThan(5);
  });

  it('counts lights in the summary exactly as the tree does, overall and by group', async () => {
    const [tree, summary] = await Promise.all([
      fixture.services.plans.getPlanTree(fixture.planId),
      fixture.services.plans.getSummary(fixture.planId),
    ]);
    const counted = { green: 0, yellow: 0, red: 0, done: 0, none: 0 };
    for (const t of allTargets(tree.nodes)) counted[t.assessment.light] += 1;
    expect(summary.lights).toEqual(counted);
    expect(summary.lights).toEqual(tree.lights);
    const groups = tree.nodes.flatMap((p) => p.children);
    expect(summary.groups).toHaveLength(20);
    for (const g of summary.groups) {
      const node = groups.find((n) => n.key === g.key)!;
      const own = { green: 0, yellow: 0, red: 0, done: 0, none: 0 };
      for (const t of allTargets([node])) own[t.assessment.light] += 1;
      expect(g.lights, g.key).toEqual(own);
    }
  });

  it('turns 2024 achievements into observations of 2024 from the document, with their offset', async () => {
    const rows = await fixture.database.db
      .selectFrom('observation')
      .selectAll()
      .where('source', '=', 'document')
      .execute();
    expect(rows.length).toBeGreaterThan(5);
    const achievements = readDemoData().plan.figures.filter((f) => f.kind === 'achievement');
    for (const row of rows) {
      expect(row).toMatchObject({ period_id: '2024', period_type: 'year', year: 2024 });
      const match = new RegExp(`^${SEED_DOCUMENT.replace('.', '\\.')}#(\\d+)$`).exec(
        row.source_ref,
      );
      expect(match, row.source_ref).not.toBeNull();
      const figure = achievements.find((f) => f.offset === Number(match![1]));
      expect(figure, row.source_ref).toBeDefined();
    }
    const gdp = rows.find((r) => r.source_ref === `${SEED_DOCUMENT}#578`);
    expect(gdp?.value).toBe(6.5);
  });

  it.skipIf(!hasCorpus)(
    'keeps an achievement’s offset pointing at its numeral in the report',
    async () => {
      const seed = fs.readFileSync(seedPath, 'utf8');
      const rows = await fixture.database.db
        .selectFrom('observation')
        .select(['source_ref', 'value'])
        .where('source', '=', 'document')
        .execute();
      for (const row of rows) {
        const offset = Number(row.source_ref.split('#')[1]);
        expect(seed[offset], row.source_ref).toMatch(/[0-9]/);
      }
    },
  );
});

describe(`editing and adopting a plan on ${testEngine}`, () => {
  let fixture: DemoFixture;
  beforeAll(async () => {
    fixture = await createDemoFixture('2025-10-15T02:00:00.000Z');
  });
  afterAll(() => fixture.dispose());

  it('records a planner’s edit in the audit log and bumps the version', async () => {
    const target = await findTarget(fixture, PARKING.nodeKey, PARKING.metric);
    expect(target).toMatchObject({ value: 1000, unit: '个', version: 1, isEdited: false });
    const after = await fixture.services.plans.updateTarget(
      target.id,
      { version: 1, value: 1100 },
      planner,
      '区交通局确认可达1100个',
    );
    expect(after).toMatchObject({ value: 1100, version: 2, is_edited: 1 });
    const trail = await fixture.services.audit.list({ entity: 'target', entityId: target.id });
    expect(trail).toHaveLength(1);
    expect(trail[0]).toMatchObject({
      actor: 'planner-1',
      action: 'target.update',
      reason: '区交通局确认可达1100个',
      oldValue: expect.objectContaining({ value: 1000, version: 1 }),
      newValue: expect.objectContaining({ value: 1100, version: 2 }),
    });
    const reread = await findTarget(fixture, PARKING.nodeKey, PARKING.metric);
    expect(reread).toMatchObject({ value: 1100, version: 2, isEdited: true });
    // The target's page shows the same trail.
    const detail = await fixture.services.plans.getTargetDetail(target.id);
    expect(detail.audit).toEqual([
      {
        seq: trail[0]?.seq,
        at: trail[0]?.at,
        actor: 'planner-1',
        action: 'target.update',
        reason: '区交通局确认可达1100个',
        oldValue: trail[0]?.oldValue,
        newValue: trail[0]?.newValue,
      },
    ]);
  });

  it('refuses an edit of a stale version with CONFLICT and the current target', async () => {
    const target = await findTarget(fixture, PARKING.nodeKey, PARKING.metric);
    await expect(
      fixture.services.plans.updateTarget(target.id, { version: 1, value: 900 }, planner),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      details: { current: expect.objectContaining({ value: 1100, version: 2 }) },
    });
    expect((await findTarget(fixture, PARKING.nodeKey, PARKING.metric)).value).toBe(1100);
  });

  it('accepts a target, and a rejected target leaves the light counts', async () => {
    const accepted = await findTarget(fixture, '二/(九)/26', '山城步道');
    expect(
      await fixture.services.plans.updateTarget(
        accepted.id,
        { version: accepted.version, status: 'accepted' },
        planner,
      ),
    ).toMatchObject({ status: 'accepted' });

    const before = await fixture.services.plans.getSummary(fixture.planId);
    const rejected = await findTarget(fixture, '二/(九)/26', '交通堵乱点治理');
    await fixture.services.plans.updateTarget(
      rejected.id,
      { version: rejected.version, status: 'rejected' },
      planner,
      '非量化考核目标',
    );
    const after = await fixture.services.plans.getSummary(fixture.planId);
    const total = (l: typeof before.lights) => Object.values(l).reduce((a, b) => a + b, 0);
    expect(total(after.lights)).toBe(total(before.lights) - 1);
    const reread = await findTarget(fixture, '二/(九)/26', '交通堵乱点治理');
    expect(reread.status).toBe('rejected');
    expect(reread.assessment.light).toBe('none');
  });

  it('adopts the draft, after which target edits are refused', async () => {
    const adopted = await fixture.services.plans.setPlanStatus(fixture.planId, 'adopted', planner);
    expect(adopted.status).toBe('adopted');
    const target = await findTarget(fixture, '二/(九)/26', '山城步道');
    await expect(
      fixture.services.plans.updateTarget(
        target.id,
        { version: target.version, value: 3 },
        planner,
      ),
    ).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    // A status change must not carry a value edit past the lock.
    await expect(
      fixture.services.plans.updateTarget(
        target.id,
        { version: target.version, status: 'accepted', value: 3 },
        planner,
      ),
    ).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    expect((await findTarget(fixture, '二/(九)/26', '山城步道')).value).toBe(2);
    await expect(
      reimport(fixture, JSON.stringify(readDemoData().plan), readDemoData().plan),
    ).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
  });

  it('reopens an adopted plan only with a reason, and never adopts it twice', async () => {
    await expect(
      fixture.services.plans.setPlanStatus(fixture.planId, 'adopted', planner),
    ).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    await expect(
      fixture.services.plans.setPlanStatus(fixture.planId, 'draft', planner),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const reopened = await fixture.services.plans.setPlanStatus(
      fixture.planId,
      'draft',
      planner,
      '人大审议后调整',
    );
    expect(reopened.status).toBe('draft');
    const trail = await fixture.services.audit.list({ entity: 'plan', entityId: fixture.planId });
    expect(trail.map((a) => a.action).slice(0, 2)).toEqual(['plan.draft', 'plan.adopted']);
  });
});

describe(`re-importing the same plan on ${testEngine}`, () => {
  let fixture: DemoFixture;
  beforeAll(async () => {
    fixture = await createDemoFixture('2025-10-15T02:00:00.000Z');
  });
  afterAll(() => fixture.dispose());

  const countRows = async (table: 'target' | 'plan_node' | 'plan') =>
    Number(
      (
        await fixture.database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('changes nothing and duplicates nothing', async () => {
    const before = await Promise.all([
      countRows('plan'),
      countRows('plan_node'),
      countRows('target'),
    ]);
    const plan = readDemoData().plan;
    const result = await reimport(fixture, JSON.stringify(plan), plan);
    expect(result).toMatchObject({
      planId: fixture.planId,
      isNew: false,
      added: [],
      changed: [],
      removed: [],
      keptEdits: [],
    });
    expect(
      await Promise.all([countRows('plan'), countRows('plan_node'), countRows('target')]),
    ).toEqual(before);
  });

  it('still changes nothing after a planner edited one of several targets of one node', async () => {
    // 7号线、15号线、27号线: three targets of one task, told apart by their metrics.
    const tree = await fixture.services.plans.getPlanTree(fixture.planId);
    const rail = allNodes(tree.nodes)
      .find((n) => n.key === PARKING.nodeKey)!
      .targets.filter((t) => t.metric.endsWith('号线工程总量'));
    expect(rail.map((t) => t.value)).toEqual([40, 68, 75]);
    await fixture.services.plans.updateTarget(
      rail[0]!.id,
      { version: rail[0]!.version, status: 'accepted' },
      planner,
    );
    const plan = readDemoData().plan;
    const result = await reimport(fixture, JSON.stringify(plan), plan);
    expect(result).toMatchObject({ added: [], changed: [], removed: [], keptEdits: [] });
  });
});

describe.skipIf(!hasCorpus)(`re-importing a revised report on ${testEngine}`, () => {
  let seed: string;
  beforeAll(() => {
    seed = fs.readFileSync(seedPath, 'utf8');
  });

  it('reports exactly the changed, removed and added targets', async () => {
    const fixture = await createDemoFixture('2025-10-15T02:00:00.000Z');
    try {
      const before = await findTarget(fixture, PARKING.nodeKey, PARKING.metric);
      const result = await reimport(fixture, reviseSeed(seed));
      expect(result.changed).toEqual([
        {
          key: `${PARKING.nodeKey}|${PARKING.metric}`,
          metric: PARKING.metric,
          nodeKey: PARKING.nodeKey,
          before: { value: 1000, unit: '个', comparator: '=' },
          after: { value: 1200, unit: '个', comparator: '=' },
        },
      ]);
      expect(result.removed).toEqual([
        expect.objectContaining({
          key: '二/(九)/26|交通堵乱点治理',
          before: { value: 13, unit: '处', comparator: '=' },
          after: null,
        }),
      ]);
      expect(result.added).toEqual([
        expect.objectContaining({
          key: '二/(九)/26|智慧停车场',
          before: null,
          after: { value: 8, unit: '个', comparator: '=' },
        }),
      ]);
      expect(result.keptEdits).toEqual([]);
      const after = await findTarget(fixture, PARKING.nodeKey, PARKING.metric);
      expect(after).toMatchObject({ id: before.id, value: 1200, version: 2, isEdited: false });
      const trail = await fixture.services.audit.list({ entity: 'target', entityId: before.id });
      expect(trail[0]).toMatchObject({ action: 'target.revise' });
    } finally {
      await fixture.dispose();
    }
  });

  it('reports on a dry run the same diff the import applies, and writes nothing', async () => {
    const fixture = await createDemoFixture('2025-10-15T02:00:00.000Z');
    try {
      const text = reviseSeed(seed);
      const treeBefore = await fixture.services.plans.getPlanTree(fixture.planId);
      const seqBefore = await fixture.services.audit.latestSeq();
      const dryRun = await fixture.services.plans.importPlan(
        extractPlan(text),
        { unitCode: DISTRICT, sourceDocument: SEED_DOCUMENT, text, dryRun: true },
        planner,
      );
      expect(await fixture.services.plans.getPlanTree(fixture.planId)).toEqual(treeBefore);
      expect(await fixture.services.audit.latestSeq()).toBe(seqBefore);
      const applied = await reimport(fixture, text);
      const diffOf = (r: typeof applied) => ({
        planId: r.planId,
        added: r.added,
        changed: r.changed,
        removed: r.removed,
        keptEdits: r.keptEdits,
      });
      expect(diffOf(dryRun)).toEqual(diffOf(applied));
      expect(dryRun.changed.map((c) => c.key)).toEqual([`${PARKING.nodeKey}|${PARKING.metric}`]);
    } finally {
      await fixture.dispose();
    }
  });

  it('keeps a target the planner had edited as edited and lists it in keptEdits', async () => {
    const fixture = await createDemoFixture('2025-10-15T02:00:00.000Z');
    try {
      const target = await findTarget(fixture, PARKING.nodeKey, PARKING.metric);
      await fixture.services.plans.updateTarget(
        target.id,
        { version: target.version, value: 1100 },
        planner,
      );
      const result = await reimport(fixture, reviseSeed(seed));
      expect(result.changed).toEqual([]);
      expect(result.keptEdits).toEqual([
        expect.objectContaining({
          key: `${PARKING.nodeKey}|${PARKING.metric}`,
          before: { value: 1100, unit: '个', comparator: '=' },
          after: { value: 1200, unit: '个', comparator: '=' },
        }),
      ]);
      expect(result.removed.map((c) => c.key)).toEqual(['二/(九)/26|交通堵乱点治理']);
      expect(result.added.map((c) => c.key)).toEqual(['二/(九)/26|智慧停车场']);
      expect(await findTarget(fixture, PARKING.nodeKey, PARKING.metric)).toMatchObject({
        value: 1100,
        version: 2,
        isEdited: true,
      });
    } finally {
      await fixture.dispose();
    }
  });
});

describe(`the plan editor's writes on ${testEngine}`, () => {
  let fixture: DemoFixture;
  beforeAll(async () => {
    fixture = await createDemoFixture('2025-10-15T02:00:00.000Z');
  });
  afterAll(() => fixture.dispose());

  const task = async (key: string) => {
    const tree = await fixture.services.plans.getPlanTree(fixture.planId);
    const node = allNodes(tree.nodes).find((n) => n.key === key);
    if (!node) throw new Error(`no node ${key}`);
    return node;
  };
  const codesOf = (node: PlanNodeView, role: 'lead' | 'co') =>
    node.units.filter((u) => u.role === role).map((u) => u.code);

  it('sets a task’s lead and co units as confirmed, audited with the units before and after', async () => {
    const before = await task('二/(一)/3');
    // The keyword table suggested 区商务委 leading; the planner settles the co-units.
    expect(codesOf(before, 'lead')).toEqual(['500106-D04']);
    const result = await fixture.services.plans.setNodeUnits(
      fixture.planId,
      before.id,
      {
        lead: ['500106-D04'],
        co: ['500106-D12'],
        expected: { lead: codesOf(before, 'lead'), co: codesOf(before, 'co') },
      },
      planner,
      '由交通局配合',
    );
    expect(result).toEqual({ nodeId: before.id, lead: ['500106-D04'], co: ['500106-D12'] });
    const after = await task('二/(一)/3');
    expect(after.units).toEqual([
      { code: '500106-D04', name: '区商务委', role: 'lead', isSuggested: false },
      { code: '500106-D12', name: '区交通局', role: 'co', isSuggested: false },
    ]);
    const [entry] = await fixture.services.audit.list({ entity: 'plan_node', entityId: before.id });
    expect(entry).toMatchObject({
      actor: 'planner-1',
      action: 'plan-node.units',
      reason: '由交通局配合',
      oldValue: { co: codesOf(before, 'co'), lead: ['500106-D04'] },
      newValue: { co: ['500106-D12'], lead: ['500106-D04'] },
    });
  });

  it('refuses units set against a stale view with CONFLICT and the current units', async () => {
    const node = await task('二/(一)/3');
    await expect(
      fixture.services.plans.setNodeUnits(
        fixture.planId,
        node.id,
        { lead: ['500106-D01'], co: [], expected: { lead: ['500106-D04'], co: ['500106-D03'] } },
        planner,
      ),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      details: { current: { lead: ['500106-D04'], co: ['500106-D12'] } },
    });
    expect(codesOf(await task('二/(一)/3'), 'lead')).toEqual(['500106-D04']);
  });

  it('refuses a unit that both leads and co-operates', async () => {
    const node = await task('二/(一)/3');
    await expect(
      fixture.services.plans.setNodeUnits(
        fixture.planId,
        node.id,
        {
          lead: ['500106-D04'],
          co: ['500106-D04'],
          expected: { lead: ['500106-D04'], co: ['500106-D12'] },
        },
        planner,
      ),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('marks a target qualitative', async () => {
    const target = await findTarget(fixture, '二/(九)/27', '有场景、惠民生的街巷');
    const after = await fixture.services.plans.updateTarget(
      target.id,
      { version: target.version, kind: 'qualitative' },
      planner,
      '非量化目标',
    );
    expect(after).toMatchObject({ kind: 'qualitative', version: target.version + 1 });
    expect((await findTarget(fixture, '二/(九)/27', '有场景、惠民生的街巷')).kind).toBe(
      'qualitative',
    );
  });

  it('creates the indicator a proposal describes and links the target to it', async () => {
    const target = await findTarget(fixture, '二/(六)/18', '公共文化新空间');
    expect(target.proposal).toEqual({ name: '公共文化新空间', unit: '个', measure: 'flow' });
    // A stale version creates nothing.
    await expect(
      fixture.services.plans.createIndicatorForTarget(
        target.id,
        {
          version: target.version + 1,
          code: 'CULTURE_SPACES',
          name: '公共文化新空间',
          unit: '个',
          kind: 'kpi',
          measure: 'flow',
          direction: 'higher',
          cadence: 'quarter',
        },
        planner,
      ),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(
      fixture.services.registry.findIndicatorByCode('CULTURE_SPACES'),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });

    await fixture.services.plans.createIndicatorForTarget(
      target.id,
      {
        version: target.version,
        code: 'CULTURE_SPACES',
        name: '新增公共文化新空间',
        unit: '个',
        kind: 'kpi',
        measure: 'flow',
        direction: 'higher',
        cadence: 'quarter',
      },
      planner,
      '按导入建议新建',
    );
    const indicator = await fixture.services.registry.findIndicatorByCode('CULTURE_SPACES');
    expect(indicator).toMatchObject({ name: '新增公共文化新空间', aliases: ['公共文化新空间'] });
    const linked = await findTarget(fixture, '二/(六)/18', '公共文化新空间');
    expect(linked.indicator).toMatchObject({ code: 'CULTURE_SPACES', unit: '个' });
    expect(linked.version).toBe(target.version + 1);
  });

  it('lists what changed since adoption: fields as adopted and as now, per target and task', async () => {
    expect((await fixture.services.plans.getChangesSinceAdoption(fixture.planId)).adoptedAt).toBe(
      null,
    );
    await fixture.services.plans.setPlanStatus(fixture.planId, 'adopted', planner);
    expect((await fixture.services.plans.getChangesSinceAdoption(fixture.planId)).changes).toEqual(
      [],
    );
    await fixture.services.plans.setPlanStatus(fixture.planId, 'draft', planner, '人大审议后调整');
    const parking = await findTarget(fixture, PARKING.nodeKey, PARKING.metric);
    await fixture.services.plans.updateTarget(
      parking.id,
      { version: parking.version, value: 1100, duePeriodId: '2025Q4' },
      planner,
    );
    const again = await findTarget(fixture, PARKING.nodeKey, PARKING.metric);
    await fixture.services.plans.updateTarget(
      again.id,
      { version: again.version, value: 1200 },
      planner,
      '再次调整',
    );
    const node = await task('二/(一)/1');
    await fixture.services.plans.setNodeUnits(
      fixture.planId,
      node.id,
      {
        lead: ['500106-D01'],
        co: [],
        expected: { lead: codesOf(node, 'lead'), co: codesOf(node, 'co') },
      },
      planner,
    );
    const { changes, adoptedBy } = await fixture.services.plans.getChangesSinceAdoption(
      fixture.planId,
    );
    expect(adoptedBy).toBe('planner-1');
    expect(changes).toEqual([
      expect.objectContaining({
        entity: 'plan',
        actions: ['plan.draft'],
        reasons: ['人大审议后调整'],
      }),
      expect.objectContaining({
        entity: 'target',
        entityId: parking.id,
        label: '公共停车泊位',
        actions: ['target.update'],
        reasons: ['再次调整'],
        fields: [
          { field: 'value', before: 1000, after: 1200 },
          { field: 'due_period_id', before: '2025', after: '2025Q4' },
        ],
      }),
      expect.objectContaining({
        entity: 'plan_node',
        entityId: node.id,
        label: node.title,
        fields: [
          { field: 'lead', before: ['500106-D03'], after: ['500106-D01'] },
          { field: 'co', before: ['500106-D04', '500106-D16'], after: [] },
        ],
      }),
    ]);
  });
});
