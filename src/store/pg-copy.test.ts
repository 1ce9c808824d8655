/**
 * COPY FROM STDIN over the pg client (pg-copy.ts), on PostgreSQL only: what goes in comes
 * back unchanged, the count is the server's, and a failure mid-copy leaves nothing behind.
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyRowsPostgres, type CopyValue } from './pg-copy.ts';
import { createTestDatabase, testEngine, type TestDatabase } from './test-database.ts';

if (testEngine !== 'postgres')
  console.info('pg-copy.test.ts: COPY is PostgreSQL only; set TEST_DATABASE_URL to run it');

describe.skipIf(testEngine !== 'postgres')('COPY FROM STDIN over the pg client', () => {
  let database: TestDatabase;
  let client: pg.PoolClient;

  beforeAll(async () => {
    database = await createTestDatabase();
    if (database.raw.kind !== 'postgres') throw new Error('expected PostgreSQL');
    client = await database.raw.pool.connect();
    await client.query(
      'CREATE TABLE copy_probe (n integer PRIMARY KEY, label text, amount double precision)',
    );
  });

  afterAll(async () => {
    client?.release();
    await database?.dispose();
  });

  const count = async () =>
    Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM copy_probe')).rows[0]!.n);

  it('stores tabs, newlines, carriage returns, backslashes and nulls as they were', async () => {
    await client.query('TRUNCATE copy_probe');
    const rows: CopyValue[][] = [
      [1, 'a\tb', 1.5],
      [2, 'line one\nline two\r\n', -0.25],
      [3, 'C:\\data\\2025', 0],
      [4, '\\N is not null', null],
      [5, null, 1e21],
      [6, '', 3],
      [7, '重庆市沙坪坝区 \\t', 42],
    ];
    expect(await copyRowsPostgres(client, 'copy_probe', ['n', 'label', 'amount'], rows)).toBe(7);
    const { rows: back } = await client.query<{ n: number; label: string | null; amount: number }>(
      'SELECT n, label, amount FROM copy_probe ORDER BY n',
    );
    expect(back.map((r) => [r.n, r.label, r.amount])).toEqual(rows);
  });

  it("counts the rows the server copied, across many of COPY's data messages", async () => {
    await client.query('TRUNCATE copy_probe');
    const n = 50_000;
    function* many() {
      for (let i = 1; i <= n; i++) yield [i, `row ${i}`, i / 4];
    }
    expect(await copyRowsPostgres(client, 'copy_probe', ['n', 'label', 'amount'], many())).toBe(n);
    expect(await count()).toBe(n);
    const sum = await client.query<{ s: number }>('SELECT sum(amount) AS s FROM copy_probe');
    expect(sum.rows[0]!.s).toBe((n * (n + 1)) / 2 / 4);
  });

  it('rejects a bad value mid-copy and the transaction keeps none of its rows', async () => {
    await client.query('TRUNCATE copy_probe');
    await client.query('BEGIN');
    await client.query("INSERT INTO copy_probe VALUES (0, 'before the copy', 0)");
    function* badInTheMiddle() {
      for (let i = 1; i <= 20_000; i++) yield [i, `row ${i}`, i === 10_000 ? 'not a number' : i];
    }
    await expect(
      copyRowsPostgres(client, 'copy_probe', ['n', 'label', 'amount'], badInTheMiddle()),
    ).rejects.toThrow(/double precision/);
    await client.query('ROLLBACK');
    expect(await count()).toBe(0);
  });

  it('rejects a duplicate key with the unique violation code', async () => {
    await client.query('TRUNCATE copy_probe');
    await expect(
      copyRowsPostgres(
        client,
        'copy_probe',
        ['n', 'label', 'amount'],
        [
          [1, 'first', 1],
          [1, 'again', 2],
        ],
      ),
    ).rejects.toMatchObject({ code: '23505' });
    expect(await count()).toBe(0);
  });

  it('sends CopyFail when producing the rows throws, and the server keeps nothing', async () => {
    await client.query('TRUNCATE copy_probe');
    function* failing() {
      for (let i = 1; i <= 30_000; i++) {
        if (i === 25_000) throw new Error('the source broke');
        yield [i, `row ${i}`, i];
      }
    }
    await expect(
      copyRowsPostgres(client, 'copy_probe', ['n', 'label', 'amount'], failing()),
    ).rejects.toThrow(/the source broke/);
    expect(await count()).toBe(0);
    // The connection is usable afterwards.
    expect(await copyRowsPostgres(client, 'copy_probe', ['n'], [[1]])).toBe(1);
  });
});
