/** Settings changed in the web: one JSON value per key, versioned for optimistic edits. */
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

export interface StoredSetting {
  readonly value: unknown;
  readonly version: number;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

export interface SettingsRepository {
  /** The stored setting, or null while the deployment's default is in force. */
  find(key: string, executor?: Kysely<Database>): Promise<StoredSetting | null>;
  /**
   * Stores a new value over the version the caller read (0: nothing stored yet); false
   * when someone else stored one since, so the caller can report a conflict.
   */
  save(
    key: string,
    value: unknown,
    expectedVersion: number,
    by: { at: string; actor: string },
    executor?: Kysely<Database>,
  ): Promise<boolean>;
}

export function createSettingsRepository(db: Kysely<Database>): SettingsRepository {
  return {
    async find(key, executor = db) {
      const row = await executor
        .selectFrom('setting')
        .selectAll()
        .where('key', '=', key)
        .executeTakeFirst();
      return row
        ? {
            value: JSON.parse(row.value) as unknown,
            version: row.version,
            updatedAt: row.updated_at,
            updatedBy: row.updated_by,
          }
        : null;
    },
    async save(key, value, expectedVersion, by, executor = db) {
      const row = {
        value: JSON.stringify(value),
        version: expectedVersion + 1,
        updated_at: by.at,
        updated_by: by.actor,
      };
      if (expectedVersion === 0) {
        // A first save races another first save on the key: the loser sees a conflict.
        const inserted = await executor
          .insertInto('setting')
          .values({ key, ...row })
          .onConflict((oc) => oc.column('key').doNothing())
          .executeTakeFirst();
        return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
      }
      const updated = await executor
        .updateTable('setting')
        .set(row)
        .where('key', '=', key)
        .where('version', '=', expectedVersion)
        .executeTakeFirst();
      return Number(updated.numUpdatedRows) === 1;
    },
  };
}
