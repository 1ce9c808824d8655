/**
 * The inbox: notices stored once per user (by dedupe key), listed newest first, marked read;
 * and who receives a unit's notices — the active users of a role whose scope covers the unit.
 */
import { sql, type Kysely } from 'kysely';
import type { Role } from '../core/permission.ts';
import type { Database, NotificationTable } from './schema.ts';

export interface Recipient {
  readonly id: string;
  readonly displayName: string;
  readonly email: string | null;
}

/** Active users with one of `roles` whose units include the unit at `unitPath` (or lie above it). */
export async function findRecipients(
  db: Kysely<Database>,
  unitPath: string,
  roles: readonly Role[],
): Promise<Recipient[]> {
  const rows = await db
    .selectFrom('app_user')
    .innerJoin('user_unit', 'user_unit.user_id', 'app_user.id')
    .innerJoin('unit', 'unit.id', 'user_unit.unit_id')
    .select(['app_user.id', 'app_user.display_name', 'app_user.email', 'app_user.roles'])
    .distinct()
    .where('app_user.is_active', '=', 1)
    .where(sql<boolean>`${unitPath} LIKE unit.path || '%'`)
    .execute();
  return rows
    .filter((r) => (JSON.parse(r.roles) as Role[]).some((role) => roles.includes(role)))
    .map((r) => ({ id: r.id, displayName: r.display_name, email: r.email }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** Stores the notices; one already stored for the user under the same key is left alone. Returns the new ones. */
export async function insertNotices(
  db: Kysely<Database>,
  rows: readonly NotificationTable[],
): Promise<NotificationTable[]> {
  const inserted: NotificationTable[] = [];
  for (const row of rows) {
    const result = await db
      .insertInto('notification')
      .values(row)
      .onConflict((oc) => oc.columns(['user_id', 'dedupe_key']).doNothing())
      .executeTakeFirst();
    if (Number(result.numInsertedOrUpdatedRows ?? 0n) > 0) inserted.push(row);
  }
  return inserted;
}

export async function listInbox(
  db: Kysely<Database>,
  userId: string,
  options: { unreadOnly: boolean; limit: number },
) {
  let query = db
    .selectFrom('notification')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit);
  if (options.unreadOnly) query = query.where('read_at', 'is', null);
  const [rows, unread] = await Promise.all([
    query.execute(),
    db
      .selectFrom('notification')
      .select(sql<number>`count(*)`.as('n'))
      .where('user_id', '=', userId)
      .where('read_at', 'is', null)
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, unread: Number(unread.n) };
}

/** Marks the user's notices read (one, or all when `id` is null); returns how many changed. */
export async function markRead(
  db: Kysely<Database>,
  userId: string,
  id: string | null,
  at: string,
): Promise<number> {
  let query = db
    .updateTable('notification')
    .set({ read_at: at })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null);
  if (id !== null) query = query.where('id', '=', id);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The stored id of the account signed in under `username` (empty when there is none). */
export async function findUserIdByUsername(
  db: Kysely<Database>,
  username: string,
): Promise<string> {
  const row = await db
    .selectFrom('app_user')
    .select('id')
    .where('username', '=', username)
    .executeTakeFirst();
  return row?.id ?? '';
}

/** Whether the notice exists and is the user's own. */
export async function isNoticeOf(db: Kysely<Database>, id: string, userId: string) {
  const row = await db
    .selectFrom('notification')
    .select('id')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row !== undefined;
}
