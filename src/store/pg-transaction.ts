/**
 * A PostgreSQL transaction held on one pooled client, reachable both through Kysely and
 * through the client itself: the bulk path speaks COPY (pg-copy.ts) and reads rows as
 * arrays on the client, which Kysely's own transaction does not hand out, while the rest
 * of the work stays in the builder — all of it in the same transaction.
 */
import { Kysely, PostgresDialect, type PostgresPool } from 'kysely';
import type pg from 'pg';
import type { Database } from './schema.ts';

/** One transaction: the builder over it and the client it runs on. */
export interface PostgresTransaction {
  readonly trx: Kysely<Database>;
  readonly client: pg.PoolClient;
}

/** A pool of the one client, which it never releases: its owner does. */
const poolOfOne = (client: pg.PoolClient): PostgresPool => ({
  connect: () =>
    Promise.resolve({
      query: client.query.bind(client),
      release: () => undefined,
    }),
  end: () => Promise.resolve(),
});

/**
 * Runs `work` in one transaction on a client of `pool`, committed when it returns and rolled
 * back when it throws, then gives the client back.
 */
export async function inPostgresTransaction<T>(
  pool: pg.Pool,
  work: (transaction: PostgresTransaction) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: poolOfOne(client) }) });
    return await db.transaction().execute((trx) => work({ trx, client }));
  } finally {
    client.release();
  }
}
