/**
 * Revision counters: a number in the settings table that a write bumps in its own
 * transaction, so that a reader keeping something derived (parsed rules, the registry's maps)
 * rebuilds it only when it changed — here or in another instance on the same database.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

export type RevisionKey = 'warning-rules.revision' | 'registry.revision';

export async function readRevision(db: Kysely<Database>, key: RevisionKey): Promise<number> {
  const row = await db
    .selectFrom('setting')
    .select('version')
    .where('key', '=', key)
    .executeTakeFirst();
  return row?.version ?? 0;
}

export async function bumpRevision(
  trx: Kysely<Database>,
  key: RevisionKey,
  at: string,
  by: string,
): Promise<void> {
  await trx
    .insertInto('setting')
    .values({ key, value: '{}', version: 1, updated_at: at, updated_by: by })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        version: sql`setting.version + 1`,
        updated_at: at,
        updated_by: by,
      }),
    )
    .execute();
}
