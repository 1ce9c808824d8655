/**
 * Settings a planner changes in the web: the light thresholds (DESIGN.md §4, Default
 * lights). The deployment's thresholds are the default; a stored setting overrides them.
 * Every change is audited and optimistic: the caller names the version it edited.
 */
import { DomainError } from '../core/domain-error.ts';
import type { LightThresholds } from '../core/light-thresholds.ts';
import { insertAudit } from '../store/observation-store.ts';
import { buildAuditEntry } from './audit-service.ts';
import { requireGrant } from './collection-context.ts';
import type { Actor, ServiceDeps } from './ports.ts';

const thresholdsKey = 'light-thresholds';

export interface LightThresholdsSetting {
  readonly thresholds: LightThresholds;
  /** 0 while the deployment's defaults are in force (nothing stored yet). */
  readonly version: number;
  readonly defaults: LightThresholds;
  readonly updatedAt: string | null;
  readonly updatedBy: string | null;
}

export function createSettingsService(deps: ServiceDeps) {
  const { db } = deps.database;

  async function getLightThresholds(): Promise<LightThresholdsSetting> {
    const row = await db
      .selectFrom('setting')
      .selectAll()
      .where('key', '=', thresholdsKey)
      .executeTakeFirst();
    const stored = row ? (JSON.parse(row.value) as Partial<LightThresholds>) : {};
    return {
      thresholds: { ...deps.thresholds, ...stored },
      version: row?.version ?? 0,
      defaults: deps.thresholds,
      updatedAt: row?.updated_at ?? null,
      updatedBy: row?.updated_by ?? null,
    };
  }

  /** Stores new thresholds (all or some); planners and admins. */
  async function setLightThresholds(
    patch: Partial<LightThresholds> & { version: number },
    actor: Actor,
    reason = '',
  ): Promise<LightThresholdsSetting> {
    requireGrant(actor, 'plan.write');
    const { version, ...values } = patch;
    await db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('setting')
        .selectAll()
        .where('key', '=', thresholdsKey)
        .executeTakeFirst();
      const current = row?.version ?? 0;
      if (current !== version)
        throw new DomainError(
          'CONFLICT',
          '阈值已被他人修改，请刷新后再试',
          'the thresholds were changed by someone else; reload and try again',
          { details: { currentVersion: current } },
        );
      const before = { ...deps.thresholds, ...(row ? (JSON.parse(row.value) as object) : {}) };
      const after = { ...before, ...values };
      const now = deps.clock.now();
      if (row) {
        const updated = await trx
          .updateTable('setting')
          .set({
            value: JSON.stringify(after),
            version: current + 1,
            updated_at: now,
            updated_by: actor.id,
          })
          .where('key', '=', thresholdsKey)
          .where('version', '=', current)
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) !== 1)
          throw new DomainError(
            'CONFLICT',
            '阈值已被他人修改，请刷新后再试',
            'the thresholds were changed by someone else; reload and try again',
          );
      } else
        await trx
          .insertInto('setting')
          .values({
            key: thresholdsKey,
            value: JSON.stringify(after),
            version: 1,
            updated_at: now,
            updated_by: actor.id,
          })
          .execute();
      await insertAudit(
        trx,
        buildAuditEntry(deps.clock, actor, {
          action: 'light-thresholds.set',
          entity: 'setting',
          entityId: thresholdsKey,
          oldValue: before,
          newValue: after,
          reason,
        }),
      );
    });
    return getLightThresholds();
  }

  return { getLightThresholds, setLightThresholds };
}

export type SettingsService = ReturnType<typeof createSettingsService>;
