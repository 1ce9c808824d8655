/**
 * The composition of Lantu's services over their dependencies: what the HTTP app, the
 * server's jobs and the tests build. Route files import the `Services` type from here.
 */
import type { LightThresholds } from '../core/light-thresholds.ts';
import type { CountingPolicy } from '../core/rollup.ts';
import { createAccountService } from '../services/account-service.ts';
import { createAuditService } from '../services/audit-service.ts';
import { createCommentService } from '../services/comment-service.ts';
import { createCollectionService } from '../services/collection-service.ts';
import { createDocumentService } from '../services/document-service.ts';
import { createHeadlineService } from '../services/headline-service.ts';
import { createNotificationService } from '../services/notification-service.ts';
import { createObservationService } from '../services/observation-service.ts';
import { createPlanService } from '../services/plan-service.ts';
import {
  createCommitHooks,
  type Clock,
  type IdGenerator,
  type NoticeChannels,
} from '../services/ports.ts';
import { createProjectService } from '../services/project-service.ts';
import { createRankingService } from '../services/ranking-service.ts';
import { createRegistryService } from '../services/registry-service.ts';
import { createWarningService } from '../services/warning-service.ts';
import { createAttachmentFiles, temporaryAttachmentDirectory } from '../store/attachment-files.ts';
import type { LantuDatabase } from '../store/database.ts';
import type { AuthOptions } from './auth.ts';

export interface AppDeps {
  readonly database: LantuDatabase;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly thresholds: LightThresholds;
  readonly counting?: CountingPolicy;
  readonly notices?: NoticeChannels;
  /** Where a failure that must not fail the request is reported (the server's log). */
  readonly onError?: (error: unknown, context: string) => void;
  readonly version: string;
  /** Folder of the built web cockpit; the API alone when absent. */
  readonly webRoot?: string;
  readonly logger?: boolean | object;
  /** Public read and cookie switches (defaults: public read on, Secure only on https). */
  readonly auth?: Partial<AuthOptions>;
  /** Take the client address from X-Forwarded-For (behind a load balancer), for login throttling. */
  readonly trustProxy?: boolean;
  /**
   * Where evidence files are kept (LANTU_ATTACHMENT_DIR; the server defaults to `attachments`
   * beside the database). Absent: a fresh temporary directory, for tests and in-memory runs.
   */
  readonly attachmentDir?: string;
}

/** One temporary attachment directory per database, so that services built twice over it share files. */
const temporaryDirectories = new WeakMap<LantuDatabase, string>();
function attachmentDirOf(appDeps: AppDeps): string {
  if (appDeps.attachmentDir) return appDeps.attachmentDir;
  const known = temporaryDirectories.get(appDeps.database);
  if (known) return known;
  const made = temporaryAttachmentDirectory();
  temporaryDirectories.set(appDeps.database, made);
  return made;
}

export function buildServices(appDeps: AppDeps) {
  // Warnings are evaluated when a write that moves counted figures commits.
  const deps = { ...appDeps, commits: createCommitHooks() };
  const warnings = createWarningService(deps);
  deps.commits.subscribe((change, actor) => warnings.evaluateChange(change, actor));
  return {
    registry: createRegistryService(deps),
    observations: createObservationService(deps),
    plans: createPlanService(deps),
    headlines: createHeadlineService(deps),
    audit: createAuditService(deps),
    accounts: createAccountService(deps),
    collection: createCollectionService(deps),
    notifications: createNotificationService(deps),
    documents: createDocumentService(deps),
    warnings,
    projects: createProjectService(deps),
    rankings: createRankingService(deps),
    comments: createCommentService({
      ...deps,
      files: createAttachmentFiles(attachmentDirOf(appDeps)),
    }),
  };
}
export type Services = ReturnType<typeof buildServices>;
