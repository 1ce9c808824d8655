import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePeriod, yearOfPeriod } from '../core/period.ts';
import { periodTypeOfIdSql, yearIdRange, yearOfIdSql } from './period-sql.ts';
import { createTestDatabase, testEngine, type TestDatabase } from './test-database.ts';

// One id of every type, at the edges where a year could be misread: an ISO week whose Monday
// lies in the year before, the last dekad, the last day.
const ids = ['2025', '2025S2', '2024Q4', '2025W1', '2026W53', '202512', '202512D3', '20251231'];

describe(`period ids read in SQL (${testEngine})`, () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.dispose());

  it.each(ids)('reads the type and year of %s as core/period.ts parses them', async (id) => {
    const { rows } = await sql<{ type: string; year: number }>`
      SELECT ${sql.raw(periodTypeOfIdSql('p'))} AS type, ${sql.raw(yearOfIdSql('p'))} AS year
      FROM (SELECT ${id} AS p) AS ids`.execute(database.db);
    const period = parsePeriod(id);
    expect(rows[0]).toEqual({ type: period.type, year: yearOfPeriod(period) });
  });

  it('puts every id of a year inside that year’s range and none of the next', () => {
    for (const id of ids) {
      const [from, to] = yearIdRange(yearOfPeriod(parsePeriod(id)));
      expect(id >= from && id < to).toBe(true);
      const [nextFrom] = yearIdRange(yearOfPeriod(parsePeriod(id)) + 1);
      expect(id < nextFrom).toBe(true);
    }
  });
});
