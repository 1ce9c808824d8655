/**
 * The district summary answers from grouped queries; on a generated registry (seeded: kinds,
 * levels, towns, stages, months in every review state and in the year before and after,
 * blockers in every state with closures early and late) each of its figures must equal what
 * this test recomputes from the raw rows, read back with plain selects.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockerStates } from '../core/blocker.ts';
import { defaultLightThresholds } from '../core/light-thresholds.ts';
import { projectKinds, projectLevels, projectStages } from '../core/project.ts';
import { createTestDatabase, testEngine, type TestDatabase } from '../store/test-database.ts';
import { createSequentialIds, systemActor, type Clock } from './ports.ts';
import { createProjectSummaryService } from './project-summary-service.ts';
import { createRegistryService } from './registry-service.ts';

/** mulberry32: the same registry on every run. */
function seeded(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const today = '2025-07-20';
const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;
const dateOf = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);

describe(`the district summary equals a recomputation from the rows, on ${testEngine}`, () => {
  let database: TestDatabase;
  let summary: ReturnType<typeof createProjectSummaryService>;
  const towns = ['T1', 'T2', 'T3'];
  const solvers = ['D1', 'D2', 'D3', 'T1'];

  beforeAll(async () => {
    database = await createTestDatabase();
    const clock: Clock = { now: () => `${today}T02:00:00.000Z`, today: () => today };
    const deps = {
      database,
      clock,
      ids: createSequentialIds('r'),
      thresholds: defaultLightThresholds,
    };
    const registry = createRegistryService(deps);
    summary = createProjectSummaryService(deps);
    await registry.createUnit(
      { code: 'R', name: '区', kind: 'region', level: 'district', parentCode: null },
      systemActor,
    );
    for (const code of towns)
      await registry.createUnit(
        { code, name: `${code}街道`, kind: 'region', level: 'street', parentCode: 'R' },
        systemActor,
      );
    for (const code of ['D1', 'D2', 'D3'])
      await registry.createUnit(
        { code, name: `${code}局`, kind: 'department', level: 'department', parentCode: 'R' },
        systemActor,
      );
    const { db } = database;
    const unitId = new Map(
      (await db.selectFrom('unit').select(['id', 'code']).execute()).map((u) => [u.code, u.id]),
    );
    const random = seeded(12);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const now = `${today}T02:00:00.000Z`;
    const projects = Array.from({ length: 240 }, (_, n) => ({
      id: `p${n}`,
      code: `P${String(n).padStart(4, '0')}`,
      name: `项目${n}`,
      content: '',
      kind: pick(projectKinds),
      level: pick(projectLevels),
      stage: pick(projectStages),
      owner_name: '',
      unit_id: unitId.get(pick(['D1', 'D2', 'D3']))!,
      town_unit_id: random() < 0.2 ? null : unitId.get(pick(towns))!,
      leader: '',
      longitude: null,
      latitude: null,
      total_investment_yuan: null,
      start_date: null,
      finish_date: null,
      progress_note: '',
      version: 1,
      created_at: now,
      updated_at: now,
    }));
    await db.insertInto('project').values(projects).execute();
    // Plans for 2025 (some projects have none) and 2024; months of 2024 and 2025 in every state.
    const years = projects.flatMap((p) =>
      [
        ...(random() < 0.85
          ? [{ year: 2025, plan_yuan: random() < 0.1 ? null : Math.floor(random() * 1e6) }]
          : []),
        { year: 2024, plan_yuan: Math.floor(random() * 1e6) },
      ].map((y) => ({
        project_id: p.id,
        ...y,
        listed_actual_yuan: null,
        listed_through_month: null,
        updated_at: now,
      })),
    );
    await db.insertInto('project_year').values(years).execute();
    const states = ['draft', 'submitted', 'approved', 'returned'] as const;
    const months = projects.flatMap((p) =>
      ['2024', '2025'].flatMap((year) =>
        Array.from({ length: 12 }, (_, m) => `${year}${String(m + 1).padStart(2, '0')}`)
          .filter(() => random() < 0.7)
          .map((period_id) => ({
            project_id: p.id,
            period_id,
            year: Number(period_id.slice(0, 4)),
            plan_yuan: Math.floor(random() * 1e5),
            actual_yuan: random() < 0.1 ? null : Math.floor(random() * 1e5),
            state: random() < 0.6 ? 'approved' : pick(states),
            version: 1,
            updated_at: now,
            updated_by: 'test',
          })),
      ),
    );
    for (let i = 0; i < months.length; i += 500)
      await db
        .insertInto('project_investment')
        .values(months.slice(i, i + 500))
        .execute();
    const blockers = Array.from({ length: 600 }, (_, n) => {
      const raised = dayNumber(today) - Math.floor(random() * 200);
      const due = raised + Math.floor(random() * 60);
      const state = pick(blockerStates);
      const closed =
        state === 'closed' || (state === 'resolved' && random() < 0.5)
          ? dateOf(Math.min(dayNumber(today), raised + Math.floor(random() * 90)))
          : null;
      return {
        id: `b${n}`,
        project_id: pick(projects).id,
        type: 'land' as const,
        description: '卡点',
        unit_id: unitId.get(pick(solvers))!,
        due_date: dateOf(due),
        state,
        level: 'unit' as const,
        evidence: '',
        raised_by: 'test',
        raised_on: dateOf(raised),
        closed_on: closed,
        version: 1,
        updated_at: now,
      };
    });
    await db.insertInto('project_blocker').values(blockers).execute();
  });
  afterAll(() => database.dispose());

  const readRows = async () => {
    const { db } = database;
    const units = await db.selectFrom('unit').select(['id', 'code', 'name']).execute();
    return {
      unitOf: new Map(units.map((u) => [u.id, u])),
      projects: await db.selectFrom('project').selectAll().execute(),
      years: await db.selectFrom('project_year').selectAll().execute(),
      months: await db.selectFrom('project_investment').selectAll().execute(),
      blockers: await db.selectFrom('project_blocker').selectAll().execute(),
    };
  };

  it('has the stage counts and, by kind, level and town, the plan, the approved actual through this month and the projects', async () => {
    const rows = await readRows();
    const s = await summary.getDistrictSummary(2025);
    const plan = new Map(
      rows.years.filter((y) => y.year === 2025).map((y) => [y.project_id, y.plan_yuan ?? 0]),
    );
    const actual = new Map<string, number>();
    for (const m of rows.months)
      if (m.year === 2025 && m.state === 'approved' && m.period_id <= '202507')
        actual.set(m.project_id, (actual.get(m.project_id) ?? 0) + (m.actual_yuan ?? 0));
    const expectBy = (key: (p: (typeof rows.projects)[number]) => string | null) => {
      const sums = new Map<string | null, [number, number, number]>();
      for (const p of rows.projects) {
        const [pl, ac, n] = sums.get(key(p)) ?? [0, 0, 0];
        sums.set(key(p), [pl + (plan.get(p.id) ?? 0), ac + (actual.get(p.id) ?? 0), n + 1]);
      }
      return Object.fromEntries([...sums].map(([k, v]) => [String(k), v]));
    };
    const got = (groups: typeof s.byKind) =>
      Object.fromEntries(
        groups.map((g) => [String(g.key), [g.planYuan, g.actualYuan, g.projects]]),
      );
    expect(got(s.byKind)).toEqual(expectBy((p) => p.kind));
    expect(got(s.byLevel)).toEqual(expectBy((p) => p.level));
    expect(got(s.byTown)).toEqual(expectBy((p) => p.town_unit_id));
    expect(s.byTown.map((g) => g.name).sort()).toEqual(
      [...new Set(rows.projects.map((p) => p.town_unit_id))]
        .map((id) => (id === null ? null : rows.unitOf.get(id)!.name))
        .sort(),
    );
    const stages = new Map<string, number>();
    for (const p of rows.projects) stages.set(p.stage, (stages.get(p.stage) ?? 0) + 1);
    expect(Object.fromEntries(s.stageCounts.map((c) => [c.stage, c.count]))).toEqual(
      Object.fromEntries(stages),
    );
    const planTotal = [...plan.values()].reduce((a, v) => a + v, 0);
    const actualTotal = [...actual.values()].reduce((a, v) => a + v, 0);
    expect(s.total.planYuan).toBe(planTotal);
    expect(s.total.actualYuan).toBe(actualTotal);
    // A generated registry that does not exercise the filters would prove nothing.
    expect(
      rows.months.some((m) => m.year === 2025 && m.state === 'approved' && m.period_id > '202507'),
    ).toBe(true);
    expect(rows.months.some((m) => m.year === 2025 && m.state !== 'approved')).toBe(true);
  });

  it('has the active blockers, overdue, by age, and per solving unit the oldest age and on-time 销号', async () => {
    const rows = await readRows();
    const s = await summary.getDistrictSummary(2025);
    const isActive = (state: string) => ['open', 'in-progress', 'reopened'].includes(state);
    const age = (raised: string) => dayNumber(today) - dayNumber(raised);
    const active = rows.blockers.filter((b) => isActive(b.state));
    expect(s.blockers.active).toBe(active.length);
    expect(s.blockers.overdue).toBe(active.filter((b) => b.due_date < today).length);
    expect(s.blockers.ageDays).toEqual({
      upTo30: active.filter((b) => age(b.raised_on) <= 30).length,
      from31To90: active.filter((b) => age(b.raised_on) > 30 && age(b.raised_on) <= 90).length,
      over90: active.filter((b) => age(b.raised_on) > 90).length,
    });
    const expected = [...new Set(rows.blockers.map((b) => b.unit_id))]
      .map((id) => {
        const mine = rows.blockers.filter((b) => b.unit_id === id);
        const open = mine.filter((b) => isActive(b.state));
        const closed = mine.filter((b) => b.closed_on !== null);
        const onTime = closed.filter((b) => b.closed_on! <= b.due_date);
        const unit = rows.unitOf.get(id)!;
        return {
          unit: { code: unit.code, name: unit.name },
          active: open.length,
          overdue: open.filter((b) => b.due_date < today).length,
          oldestActiveAgeDays:
            open.length === 0 ? null : Math.max(...open.map((b) => age(b.raised_on))),
          closed: closed.length,
          closedOnTime: onTime.length,
          onTimeClosureRate: closed.length === 0 ? null : onTime.length / closed.length,
        };
      })
      .sort((a, b) => a.unit.code.localeCompare(b.unit.code));
    expect(s.blockers.byUnit).toEqual(expected);
    expect(expected.every((u) => u.closed > u.closedOnTime && u.closedOnTime > 0)).toBe(true);
  });
});
