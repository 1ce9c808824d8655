/**
 * Settings a planner changes in the web: the light thresholds (DESIGN.md §4, Default
 * lights). The deployment's thresholds are the default; a stored setting overrides them.
 * Every change is audited and optimistic: the caller names the version it edited.
 */
import { DomainError } from '../core/domain-error.ts';
import type { LightThresholds } from '../core/light-thresholds.ts';
import { createAuditLog } from '../store/audit-log.ts';
import { createSettingsRepository } from '../store/settings-repository.ts';
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
  const settings = createSettingsRepository(db);
  const auditLog = createAuditLog(db, deps.clock);
  const conflict = (currentVersion?: number) =>
    new DomainError(
      'CONFLICT',
      '阈值已被他人修改，请刷新后再试',
      'the thresholds were changed by someone else; reload and try again',
      currentVersion === undefined ? {} : { details: { currentVersion } },
    );

  async function getLightThresholds(): Promise<LightThresholdsSetting> {
    const stored = await settings.find(thresholdsKey);
    return {
      thresholds: { ...deps.thresholds, ...(stored?.value as Partial<LightThresholds>) },
      version: stored?.version ?? 0,
      defaults: deps.thresholds,
      updatedAt: stored?.updatedAt ?? null,
      updatedBy: stored?.updatedBy ?? null,
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
      const stored = await settings.find(thresholdsKey, trx);
      const current = stored?.version ?? 0;
      if (current !== version) throw conflict(current);
      const before = { ...deps.thresholds, ...(stored?.value as Partial<LightThresholds>) };
      const after = { ...before, ...values };
      const saved = await settings.save(
        thresholdsKey,
        after,
        current,
        { at: deps.clock.now(), actor: actor.id },
        trx,
      );
      if (!saved) throw conflict();
      await auditLog.recordChange(trx, actor, {
        action: 'light-thresholds.set',
        entity: 'setting',
        entityId: thresholdsKey,
        oldValue: before,
        newValue: after,
        reason,
      });
    });
    return getLightThresholds();
  }

  return { getLightThresholds, setLightThresholds };
}

export type SettingsService = ReturnType<typeof createSettingsService>;
