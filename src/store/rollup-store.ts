/**
 * The roll-up outside the bulk path: deltas applied inside a Kysely transaction (state
 * changes such as submit, approve, return and reopen), and the full recomputation from the
 * observations that `lantu rollup --check/--rebuild` and migration 0005 use.
 */
import { sql, type Kysely } from 'kysely';
import { toRollupRows, type KeyNumbers, type RollupDelta } from './bulk-path.ts';
import type { Database } from './schema.ts';

/** The figures of a roll-up row: approved and submitted sums and counts (core/rollup.ts). */
export const rollupFigureColumns = [
  'descendants_sum',
  'descendants_count',
  'submitted_sum',
  'submitted_count',
] as const;

// 8 columns × 400 rows stays below SQLite's bound-variable limit.
const CHUNK = 400;

/** Adds roll-up deltas inside the caller's transaction, on either engine. */
export async function applyRollupDeltas(
  db: Kysely<Database>,
  deltas: Iterable<RollupDelta>,
  numbers: KeyNumbers,
): Promise<void> {
  const rows = toRollupRows(deltas, numbers);
  for (let start = 0; start < rows.length; start += CHUNK)
    await db
      .insertInto('rollup_cell')
      .values(rows.slice(start, start + CHUNK))
      .onConflict((oc) =>
        oc.columns(['indicator_num', 'unit_num', 'period_id']).doUpdateSet({
          descendants_sum: sql`rollup_cell.descendants_sum + excluded.descendants_sum`,
          descendants_count: sql`rollup_cell.descendants_count + excluded.descendants_count`,
          submitted_sum: sql`rollup_cell.submitted_sum + excluded.submitted_sum`,
          submitted_count: sql`rollup_cell.submitted_count + excluded.submitted_count`,
        }),
      )
      .execute();
}

/** The roll-up recomputed from the observations: per ancestor, the approved and the submitted sums. */
const recomputed = (db: Kysely<Database>) =>
  db
    .selectFrom('observation as o')
    .innerJoin('unit as u', 'u.id', 'o.unit_id')
    .innerJoin('unit as a', (join) =>
      join.on(sql<boolean>`u.path LIKE a.path || '%'`).onRef('a.id', '<>', 'u.id'),
    )
    .where('o.state', 'in', ['approved', 'submitted'])
    .select([
      'o.indicator_id as indicator_id',
      'a.id as unit_id',
      'o.indicator_num as indicator_num',
      'a.num as unit_num',
      'o.period_id as period_id',
      'o.year as year',
      sql<number>`sum(case when o.state = 'approved' then o.value else 0 end)`.as(
        'descendants_sum',
      ),
      sql<number>`sum(case when o.state = 'approved' then 1 else 0 end)`.as('descendants_count'),
      sql<number>`sum(case when o.state = 'submitted' then o.value else 0 end)`.as('submitted_sum'),
      sql<number>`sum(case when o.state = 'submitted' then 1 else 0 end)`.as('submitted_count'),
    ])
    .groupBy(['o.indicator_id', 'a.id', 'o.indicator_num', 'a.num', 'o.period_id', 'o.year']);

/** Replaces the roll-up with one recomputed from the observations, in one transaction. */
export async function rebuildRollup(db: Kysely<Database>): Promise<{ rows: number }> {
  const run = async (trx: Kysely<Database>) => {
    await trx.deleteFrom('rollup_cell').execute();
    await trx
      .insertInto('rollup_cell')
      .columns(['indicator_num', 'unit_num', 'period_id', 'year', ...rollupFigureColumns])
      .expression(
        trx
          .selectFrom(recomputed(trx).as('r'))
          .select([
            'r.indicator_num',
            'r.unit_num',
            'r.period_id',
            'r.year',
            ...rollupFigureColumns.map((c) => `r.${c}` as const),
          ]),
      )
      .execute();
    const row = await trx
      .selectFrom('rollup_cell')
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    return { rows: Number(row.n) };
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}

/** A roll-up row that disagrees with the observations. */
export interface RollupMismatch {
  readonly indicatorId: string;
  readonly unitId: string;
  readonly periodId: string;
  readonly stored: { sum: number; count: number; submittedSum: number; submittedCount: number };
  readonly expected: { sum: number; count: number; submittedSum: number; submittedCount: number };
}

const near = (a: number, b: number) =>
  Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));

/** Compares the stored roll-up with a recomputation; every disagreement is listed. */
export async function checkRollup(db: Kysely<Database>): Promise<RollupMismatch[]> {
  const [stored, expected] = await Promise.all([
    db.selectFrom('rollup').selectAll().execute(),
    recomputed(db).execute(),
  ]);
  const key = (r: { indicator_id: string; unit_id: string; period_id: string }) =>
    `${r.indicator_id}\u0000${r.unit_id}\u0000${r.period_id}`;
  const zero = { sum: 0, count: 0, submittedSum: 0, submittedCount: 0 };
  const figures = (r: {
    descendants_sum: number;
    descendants_count: number;
    submitted_sum: number;
    submitted_count: number;
  }) => ({
    sum: Number(r.descendants_sum),
    count: Number(r.descendants_count),
    submittedSum: Number(r.submitted_sum),
    submittedCount: Number(r.submitted_count),
  });
  const all = new Map<
    string,
    {
      ref: { indicator_id: string; unit_id: string; period_id: string };
      s: typeof zero;
      e: typeof zero;
    }
  >();
  for (const r of stored) all.set(key(r), { ref: r, s: figures(r), e: zero });
  for (const r of expected) {
    const k = key(r);
    all.set(k, { ref: r, s: all.get(k)?.s ?? zero, e: figures(r) });
  }
  const mismatches: RollupMismatch[] = [];
  for (const { ref, s, e } of all.values())
    if (
      !near(s.sum, e.sum) ||
      s.count !== e.count ||
      !near(s.submittedSum, e.submittedSum) ||
      s.submittedCount !== e.submittedCount
    )
      mismatches.push({
        indicatorId: ref.indicator_id,
        unitId: ref.unit_id,
        periodId: ref.period_id,
        stored: s,
        expected: e,
      });
  return mismatches;
}
