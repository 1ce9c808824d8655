/**
 * Notices reach people (issue 11): in the inbox, by mail through a real SMTP server started
 * here, and to a webhook; a return tells the reporters why, the daily job tells them of
 * overdue reports and escalates to the reviewers, and nothing is told twice.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultLightThresholds } from '../core/light-thresholds.ts';
import { createTestDatabase, testEngine, type TestDatabase } from '../store/test-database.ts';
import { createAccountService } from './account-service.ts';
import { createCollectionService } from './collection-service.ts';
import { createNoticeChannels } from './notice-channels.ts';
import { createNotificationService } from './notification-service.ts';
import { createObservationService } from './observation-service.ts';
import {
  createFixedClock,
  createSequentialIds,
  systemActor,
  type Actor,
  type ServiceDeps,
} from './ports.ts';
import { createRegistryService } from './registry-service.ts';

interface Mail {
  readonly to: string[];
  readonly raw: string;
}

describe(`notices on ${testEngine}`, () => {
  let database: TestDatabase;
  let deps: ServiceDeps;
  let smtp: SMTPServer;
  let hook: http.Server;
  const mails: Mail[] = [];
  const posts: { kind: string; recipients: { id: string }[] }[] = [];
  const failures: unknown[] = [];
  let reporter: Actor;
  let reviewer: Actor;

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          mails.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    hook = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        posts.push(JSON.parse(body) as (typeof posts)[number]);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    const smtpPort = (smtp.server.address() as AddressInfo).port;
    const hookPort = (hook.address() as AddressInfo).port;

    database = await createTestDatabase();
    deps = {
      database,
      clock: createFixedClock('2025-11-25T02:00:00.000Z'),
      ids: createSequentialIds('n'),
      thresholds: defaultLightThresholds,
      notices: createNoticeChannels({
        smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
        mailFrom: 'lantu@district.example',
        webhookUrl: `http://127.0.0.1:${hookPort}/notices`,
        escalateAfterDays: 5,
        onError: (e) => failures.push(e),
      }),
    };
    const registry = createRegistryService(deps);
    await registry.createUnit(
      { code: 'D', name: '沙坪坝区', kind: 'region', level: 'district', parentCode: null },
      systemActor,
    );
    await registry.createUnit(
      { code: 'T', name: '小龙坎街道', kind: 'region', level: 'street', parentCode: 'D' },
      systemActor,
    );
    await registry.createIndicator(
      {
        code: 'RETAIL',
        name: '社会消费品零售总额',
        unit: '亿元',
        kind: 'statistic',
        measure: 'flow',
        direction: 'higher',
        cadence: 'month',
      },
      systemActor,
    );
    // Last year's report makes the street's duty (who reports what follows history).
    await createObservationService(deps).writeObservations(
      [{ indicatorCode: 'RETAIL', unitCode: 'T', periodId: '202410', value: 5 }],
      systemActor,
    );
    const accounts = createAccountService(deps);
    const add = async (username: string, role: 'reporter' | 'reviewer', unit: string) => {
      await accounts.createUser(
        { username, password: 'a long enough password', roles: [role], unitCodes: [unit] },
        systemActor,
      );
      const row = await database.db
        .selectFrom('app_user')
        .select('id')
        .where('username', '=', username)
        .executeTakeFirstOrThrow();
      await database.db
        .updateTable('app_user')
        .set({ email: `${username}@district.example` })
        .where('id', '=', row.id)
        .execute();
      const path = (
        await database.db
          .selectFrom('unit')
          .select('path')
          .where('code', '=', unit)
          .executeTakeFirstOrThrow()
      ).path;
      // A request's actor names its user by username, as auth.ts does.
      return { id: username, name: username, requestId: '', roles: [role], scopePaths: [path] };
    };
    reporter = await add('street-reporter', 'reporter', 'T');
    reviewer = await add('district-reviewer', 'reviewer', 'D');
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    await new Promise<void>((resolve) => hook.close(() => resolve()));
    await database.dispose();
  });

  it('tells the reporter, by inbox, mail and webhook, that a value was returned and why', async () => {
    const collection = createCollectionService(deps);
    const saved = await collection.saveEntries(
      [{ unit: 'T', indicator: 'RETAIL', period: '202509', value: 6, version: 0 }],
      reporter,
    );
    expect(saved.ok).toBe(true);
    await collection.submit({ unit: 'T', period: '202509' }, reporter);
    await collection.review(
      { unit: 'T', period: '202509', decision: 'return', reason: '与税务数据不符' },
      reviewer,
    );

    const inbox = await createNotificationService(deps).getInbox(reporter);
    expect(inbox.unread).toBe(1);
    expect(inbox.items[0]).toMatchObject({
      kind: 'returned',
      title: { zh: '小龙坎街道 2025年9月数据被退回' },
      link: '/entry?unit=T&period=202509',
    });
    expect(inbox.items[0]!.body.zh).toContain('与税务数据不符');
    expect((await createNotificationService(deps).getInbox(reviewer)).items).toEqual([]);

    const mail = mails.find((m) => m.to.includes('street-reporter@district.example'));
    expect(mail, JSON.stringify(mails.map((m) => m.to))).toBeDefined();
    expect(mail!.raw).toMatch(/^Subject: /m);
    const reporterId = (
      await database.db
        .selectFrom('app_user')
        .select('id')
        .where('username', '=', 'street-reporter')
        .executeTakeFirstOrThrow()
    ).id;
    expect(posts.find((p) => p.kind === 'returned')?.recipients.map((r) => r.id)).toEqual([
      reporterId,
    ]);
    expect(failures).toEqual([]);
  });

  it('tells reporters of an overdue report, escalates to reviewers past the threshold, and never twice', async () => {
    const notices = createNotificationService(deps);
    // October 2025 is due on 10 November by default: 15 days late on 25 November.
    const first = await notices.notifyOverdue('2025-11-25');
    expect(first.notified).toBeGreaterThanOrEqual(1);
    expect(first.escalated).toBeGreaterThanOrEqual(1);
    const titles = (await notices.getInbox(reporter)).items.map((i) => i.title.zh);
    expect(titles).toContain('小龙坎街道 2025年10月数据已逾期15天');
    const escalations = (await notices.getInbox(reviewer)).items.map((i) => i.title.zh);
    expect(escalations).toContain('督办：小龙坎街道 2025年10月数据逾期15天未报');

    const again = await notices.notifyOverdue('2025-11-25');
    expect(again).toMatchObject({ notified: 0, escalated: 0 });
  });

  it('marks a notice read for its owner only', async () => {
    const notices = createNotificationService(deps);
    const before = await notices.getInbox(reporter);
    const first = before.items[0]!;
    await expect(notices.markNoticesRead(reviewer, first.id)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await notices.markNoticesRead(reporter, first.id)).toEqual({ changed: 1 });
    expect((await notices.getInbox(reporter)).unread).toBe(before.unread - 1);
    await notices.markNoticesRead(reporter, null);
    expect((await notices.getInbox(reporter)).unread).toBe(0);
  });
});
