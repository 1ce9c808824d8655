/**
 * Composition root of the server: opens the database the configuration names
 * (SQLite file by default, PostgreSQL when DATABASE_URL says so), migrates it,
 * loads the demo into an empty one, and listens.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultLightThresholds } from '../core/light-thresholds.ts';
import { createAccountService, type NewUser } from '../services/account-service.ts';
import { loadDemo, type DemoData } from '../services/demo-service.ts';
import { demoWarningRules } from '../services/warning-service.ts';
import type { DocumentKind } from '../services/document-service.ts';
import {
  createSystemClock,
  createUuidIds,
  systemActor,
  type ServiceDeps,
} from '../services/ports.ts';
import { isDatabaseEmpty, migrateToLatest, openDatabase } from '../store/database.ts';
import { buildApp, buildServices, type AppDeps } from './app.ts';
import { Cron } from 'croner';
import { noticeChannelsFromEnv } from '../services/notice-channels.ts';
import { createNotificationService } from '../services/notification-service.ts';
import { scheduleDocuments } from '../jobs/document-schedule.ts';
import { scheduleWarnings } from '../jobs/warning-schedule.ts';
import { scheduleBlockerEscalation } from '../jobs/blocker-escalation-schedule.ts';
import { defaultDispatchCron, scheduleDispatchFollowUp } from '../jobs/dispatch-schedule.ts';
import { createProjectService } from '../services/project-service.ts';
import { removeStaleUploadFiles } from '../services/upload-file.ts';
import { stopUploadWorkers } from '../services/upload-worker.ts';
import {
  createSpreadsheetExchange,
  defaultUploadStaleMs,
} from '../services/spreadsheet-exchange.ts';

export const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const defaultDatabaseLocation = path.join(repositoryRoot, 'data', 'lantu.sqlite');
export const defaultWebRoot = path.join(repositoryRoot, 'dist', 'web');
export const demoFolder = path.join(repositoryRoot, 'examples', 'shapingba-2025');

export const lantuVersion = (
  JSON.parse(fs.readFileSync(path.join(repositoryRoot, 'package.json'), 'utf8')) as {
    version: string;
  }
).version;

export function readDemoData(folder = demoFolder): DemoData {
  const read = (name: string) =>
    JSON.parse(fs.readFileSync(path.join(folder, name), 'utf8')) as unknown;
  const plan = read('plan.json') as { document: string; plan: DemoData['plan'] };
  return {
    units: read('units.json') as DemoData['units'],
    indicators: read('indicators.json') as DemoData['indicators'],
    plan: plan.plan,
    planDocument: plan.document,
    ...(fs.existsSync(path.join(folder, 'projects.xlsx'))
      ? {
          projectList: {
            fileName: 'projects.xlsx',
            content: fs.readFileSync(path.join(folder, 'projects.xlsx')),
          },
        }
      : {}),
  };
}

/** Password of every demo account; documented in README.md, valid only where the demo was loaded. */
export const demoPassword = 'lantu-demo-2025';

/** The demo accounts: one per role, scoped as in a district office (README.md, "Demo accounts"). */
export const demoUsers: readonly Omit<NewUser, 'password'>[] = [
  { username: 'admin', displayName: '系统管理员', roles: ['admin'] },
  {
    username: 'planner',
    displayName: '区发展改革委 规划科',
    roles: ['planner'],
    unitCodes: ['500106'],
  },
  {
    username: 'reviewer',
    displayName: '区统计局 审核员',
    roles: ['reviewer'],
    unitCodes: ['500106'],
  },
  {
    username: 'town-reporter',
    displayName: '小龙坎街道 填报员',
    roles: ['reporter'],
    unitCodes: ['500106001'],
  },
  {
    username: 'dept-reporter',
    displayName: '区人力社保局 填报员',
    roles: ['reporter'],
    unitCodes: ['500106-D07'],
  },
  { username: 'viewer', displayName: '区领导（只读）', roles: ['viewer'], unitCodes: ['500106'] },
];

/** The demo accounts that still have the demo password: printed at start as a reminder. */
export async function findDemoAccounts(deps: ServiceDeps): Promise<string[]> {
  const accounts = createAccountService(deps);
  const found: string[] = [];
  for (const user of demoUsers)
    if (await accounts.hasPassword(user.username, demoPassword)) found.push(user.username);
  return found;
}

/** Which environment variable schedules which document. */
export const documentSchedules: readonly { env: string; kind: DocumentKind }[] = [
  { env: 'LANTU_BULLETIN_CRON', kind: 'monthly-bulletin' },
  { env: 'LANTU_WEEKLY_CRON', kind: 'weekly-monitor' },
  { env: 'LANTU_QUARTERLY_CRON', kind: 'quarterly-ranking' },
  { env: 'LANTU_SUPERVISION_CRON', kind: 'supervision' },
];

export interface StartOptions {
  readonly port?: number;
  readonly host?: string;
  /** A postgres:// URL or an SQLite file path. */
  readonly databaseUrl?: string;
  readonly loadDemo?: boolean;
  readonly webRoot?: string;
  readonly logger?: AppDeps['logger'];
  readonly onProgress?: (message: string) => void;
}

/** The last day of the month after `monthId` (YYYYMM): the day the demo's data stands at. */
export function demoDataDay(monthId: string): string {
  const year = Number(monthId.slice(0, 4));
  const month = Number(monthId.slice(4, 6));
  // Date.UTC months are 0-based: (month + 1) is the month after next, day 0 its eve.
  return new Date(Date.UTC(year, month + 1, 0)).toISOString().slice(0, 10);
}

/** Opens and migrates the database a location names, loading the demo when it is empty and asked to. */
export async function openLantuDatabase(
  location: string,
  options: { loadDemo: boolean; onProgress?: (m: string) => void },
) {
  const database = openDatabase(location);
  await migrateToLatest(database);
  const timeZone = process.env.LANTU_TIME_ZONE ?? 'Asia/Shanghai';
  const counting = { admitSubmitted: process.env.LANTU_COUNT_SUBMITTED === '1' };
  const deps = {
    database,
    clock: createSystemClock(timeZone),
    ids: createUuidIds(),
    thresholds: defaultLightThresholds,
    counting,
    // LANTU_UPLOAD_STALE_MS: how long a running upload job may go unsaved before it counts as
    // abandoned by a process that died (30 s unless set).
    ...(Number(process.env.LANTU_UPLOAD_STALE_MS) > 0
      ? { uploadStaleMs: Number(process.env.LANTU_UPLOAD_STALE_MS) }
      : {}),
    // Uploads run in a worker thread on its own connection, unless the database lives only
    // in this process or the deployment turns it off (LANTU_UPLOAD_WORKER=0);
    // LANTU_UPLOAD_WORKER_HEAP_MB bounds its heap (192 MiB unless set). Run here, an upload's
    // .xlsx is read on the warm reading thread while this one checks and writes.
    ...(location !== ':memory:' && process.env.LANTU_UPLOAD_WORKER !== '0'
      ? {
          uploadWorker: {
            databaseLocation: location,
            timeZone,
            counting,
            ...(Number(process.env.LANTU_UPLOAD_WORKER_HEAP_MB) > 0
              ? { heapMb: Number(process.env.LANTU_UPLOAD_WORKER_HEAP_MB) }
              : {}),
          },
        }
      : { uploadParseThread: true }),
  };
  if (options.loadDemo && (await isDatabaseEmpty(database))) {
    options.onProgress?.(
      '数据库为空，正在载入沙坪坝区2025年演示数据 / empty database: loading the Shapingba 2025 demo',
    );
    const demoServices = { ...buildServices({ ...deps, version: lantuVersion }), database };
    const demo = await loadDemo(readDemoData(), demoServices, systemActor, (step) =>
      options.onProgress?.(`  · ${step}`),
    );
    // The district's plan is in force, as it is once the people's congress has approved it.
    await demoServices.plans.setPlanStatus(demo.planId, 'adopted', systemActor);
    options.onProgress?.('  · warning rules');
    for (const rule of demoWarningRules) await demoServices.warnings.saveRule(rule, systemActor);
    // The demo's simulated reports stop at a month (2025-09): evaluated on the live clock, every
    // later month of its year would be 逾期未报 in every town. It is evaluated as of its own
    // data day instead — the end of the month after its last reported one — so the overdue
    // rule fires on what a real office would see then. A LANTU_WARNING_CRON schedule runs on
    // the live clock and, like a real office, treats the months never reported as overdue.
    const last = await database.db
      .selectFrom('observation')
      .select((eb) => eb.fn.max('period_id').as('periodId'))
      .where('state', '=', 'approved')
      // Months only: a quarter's id (2025Q3) sorts after every month's.
      .where('period_type', '=', 'month')
      .executeTakeFirst();
    await demoServices.warnings.evaluate(
      demo.planId,
      systemActor,
      last?.periodId ? demoDataDay(last.periodId) : undefined,
    );
    options.onProgress?.('  · demo accounts');
    // Demo accounts exist only beside demo data; a real install starts with `lantu user add`.
    const accounts = createAccountService(deps);
    if ((await accounts.listUsers()).length === 0)
      for (const user of demoUsers)
        await accounts.createUser({ ...user, password: demoPassword }, systemActor);
  }
  return deps;
}

/**
 * Where evidence files go: LANTU_ATTACHMENT_DIR, else `attachments` beside the SQLite file,
 * else (PostgreSQL, or SQLite in memory) `data/attachments` in the repository.
 */
export function attachmentDirectory(databaseLocation: string, env = process.env): string {
  if (env.LANTU_ATTACHMENT_DIR) return path.resolve(env.LANTU_ATTACHMENT_DIR);
  const isFile = !/^postgres(ql)?:/.test(databaseLocation) && databaseLocation !== ':memory:';
  return isFile
    ? path.join(path.dirname(path.resolve(databaseLocation)), 'attachments')
    : path.join(repositoryRoot, 'data', 'attachments');
}

export async function startLantu(options: StartOptions = {}) {
  const location = options.databaseUrl ?? process.env.DATABASE_URL ?? defaultDatabaseLocation;
  const deps = await openLantuDatabase(location, {
    loadDemo: options.loadDemo ?? true,
    onProgress: options.onProgress,
  });
  // Mail and webhook channels of notices; a failing channel is logged, the inbox keeps the notice.
  const notices = noticeChannelsFromEnv(process.env, (error) =>
    app.log.warn({ err: error }, 'a notice channel failed'),
  );
  const app = await buildApp({
    ...deps,
    notices,
    onError: (error, context) => app.log.error({ err: error }, context),
    version: lantuVersion,
    auth: {
      publicRead: process.env.LANTU_PUBLIC_READ === '1',
      secureCookies: process.env.LANTU_SECURE_COOKIES === '1',
    },
    trustProxy: process.env.LANTU_TRUST_PROXY === '1',
    attachmentDir: attachmentDirectory(location),
    webRoot: options.webRoot ?? defaultWebRoot,
    logger: options.logger ?? false,
  });
  // Documents of every adopted plan on a schedule, one cron pattern per kind, e.g.
  // LANTU_BULLETIN_CRON='0 8 12 * *' (月通报), LANTU_WEEKLY_CRON='0 8 * * 1' (周监测),
  // LANTU_QUARTERLY_CRON='0 8 15 1,4,7,10 *' (季晒比), LANTU_SUPERVISION_CRON (督查督办台账).
  const documentJobs = documentSchedules.flatMap(({ env, kind }) => {
    const pattern = process.env[env];
    if (!pattern) return [];
    return [
      scheduleDocuments(
        {
          listPlans: () => buildServices({ ...deps, version: lantuVersion }).plans.listPlans(),
          generate: (k, planId, actor) =>
            buildServices({ ...deps, version: lantuVersion }).documents.generate(k, planId, actor),
          actor: systemActor,
          log: (message) => app.log.warn(message),
        },
        kind,
        pattern,
      ),
    ];
  });
  // LANTU_WARNING_CRON (e.g. '*/15 * * * *'): time-based warning rules evaluated on a schedule.
  const warningJob = process.env.LANTU_WARNING_CRON
    ? scheduleWarnings(
        {
          listPlans: () => buildServices({ ...deps, version: lantuVersion }).plans.listPlans(),
          evaluate: (planId, actor) =>
            buildServices({ ...deps, version: lantuVersion }).warnings.evaluate(planId, actor),
          actor: systemActor,
          log: (message) => app.log.warn(message),
        },
        process.env.LANTU_WARNING_CRON,
      )
    : null;
  const address = await app.listen({
    port: options.port ?? 3000,
    host: options.host ?? '127.0.0.1',
  });
  // Every morning: overdue reports tell their reporters and escalate to reviewers. Notices are
  // stored once per user and key, so several instances running the job tell nobody twice.
  const overdueJob = new Cron(
    process.env.LANTU_OVERDUE_CRON ?? '0 8 * * *',
    { timezone: process.env.LANTU_TIME_ZONE ?? 'Asia/Shanghai', protect: true },
    async () => {
      try {
        const result = await createNotificationService({ ...deps, notices }).notifyOverdue();
        app.log.info(result, 'overdue notices sent');
      } catch (error) {
        app.log.error({ err: error }, 'the overdue notice job failed');
      }
    },
  );
  // Every morning (LANTU_BLOCKER_CRON to change it): overdue blockers of key projects climb a
  // level and their units hear of it; notices are keyed per blocker and level, so none repeats.
  const blockerJob = scheduleBlockerEscalation(
    {
      escalate: (actor) => createProjectService(deps).escalateOverdue(actor),
      notifyUnit: (unit, roles, notice) =>
        createNotificationService({ ...deps, notices }).notifyUnit(unit, roles, notice),
      actor: systemActor,
      log: (message) => app.log.warn(message),
    },
    process.env.LANTU_BLOCKER_CRON ?? '0 7 * * *',
    process.env.LANTU_TIME_ZONE ?? 'Asia/Shanghai',
  );
  // At the start of each dekad (LANTU_DISPATCH_CRON to change it): owners of 旬调度 follow-up
  // items due within the dekad, or overdue, are told; keyed per item and state, none repeats.
  const dispatchJob = scheduleDispatchFollowUp(
    {
      listDue: () => createProjectService(deps).listFollowUpsDue(),
      notifyUnit: (unit, roles, notice) =>
        createNotificationService({ ...deps, notices }).notifyUnit(unit, roles, notice),
      log: (message) => app.log.warn(message),
    },
    process.env.LANTU_DISPATCH_CRON ?? defaultDispatchCron,
    process.env.LANTU_TIME_ZONE ?? 'Asia/Shanghai',
  );
  // Upload jobs a dead process left running end now (those already stale) and once the
  // stale window has passed (those it ran until just before this start): none hangs.
  const endAbandonedUploads = () =>
    createSpreadsheetExchange(deps)
      .endAbandonedUploads()
      .then((n) => n > 0 && app.log.warn({ jobs: n }, 'abandoned upload jobs ended'))
      .catch((error: unknown) => app.log.error({ err: error }, 'ending abandoned uploads failed'));
  void endAbandonedUploads();
  // And the files such a process had received: nothing else removes them.
  void removeStaleUploadFiles()
    .then((n) => n > 0 && app.log.warn({ files: n }, 'stale upload files removed'))
    .catch((error: unknown) => app.log.error({ err: error }, 'removing stale upload files failed'));
  const uploadSweep = setTimeout(
    () => void endAbandonedUploads(),
    (deps.uploadStaleMs ?? defaultUploadStaleMs) + 1000,
  );
  uploadSweep.unref();
  return {
    app,
    url: address.replace('[::1]', 'localhost'),
    database: deps.database,
    demoAccounts: await findDemoAccounts(deps),
    async close() {
      clearTimeout(uploadSweep);
      overdueJob.stop();
      for (const job of documentJobs) job.stop();
      warningJob?.stop();
      blockerJob.stop();
      dispatchJob.stop();
      await app.close();
      // The warm upload thread holds a connection of its own (PostgreSQL cannot drop a database
      // a connection is open on).
      await stopUploadWorkers(location);
      await deps.database.close();
    },
  };
}
