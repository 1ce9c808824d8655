/**
 * Notices (issue 11): an in-app inbox for every user, mail and a webhook where the
 * deployment configures them, and the daily job that tells reporters of overdue reports and
 * escalates to the unit's reviewers after a configurable number of days. A channel that fails
 * never loses a notice: the inbox holds it either way.
 */
import { DomainError } from '../core/domain-error.ts';
import { escalatedNotice, overdueNotice, type Notice } from '../core/notice.ts';
import type { Role } from '../core/permission.ts';
import { parsePeriod, periodLabel } from '../core/period.ts';
import {
  findRecipients,
  findUserIdByUsername,
  isNoticeOf,
  insertNotices,
  listInbox,
  markRead,
  type Recipient,
} from '../store/notification-store.ts';
import { createRegistryRepository } from '../store/registry-repository.ts';
import type { Actor, ServiceDeps } from './ports.ts';
import { createTimelinessService } from './timeliness-service.ts';

export const defaultEscalateAfterDays = 5;

/** A unit as a notice needs it. */
export interface NoticeUnit {
  readonly code: string;
  readonly name: string;
  readonly path: string;
}

export function createNotificationService(deps: ServiceDeps) {
  const { db } = deps.database;
  const channels = deps.notices ?? {};

  async function deliver(notice: Notice, recipients: readonly Recipient[]) {
    const failed = (error: unknown) => channels.onError?.(error);
    const { mail, webhook } = channels;
    if (mail)
      for (const r of recipients)
        if (r.email)
          await mail({
            to: r.email,
            subject: `【蓝图】${notice.title.zh}`,
            text: `${notice.body.zh}\n\n${notice.title.en}\n${notice.body.en}\n\n${notice.link}`,
          }).catch(failed);
    if (webhook && recipients.length > 0)
      await webhook({
        kind: notice.kind,
        title: notice.title,
        body: notice.body,
        link: notice.link,
        recipients: recipients.map((r) => ({ id: r.id, name: r.displayName })),
      }).catch(failed);
  }

  /** Tells the users of `roles` over a unit; a notice they already have is not repeated. Returns how many got it. */
  async function notifyUnit(unit: NoticeUnit, roles: readonly Role[], notice: Notice) {
    const recipients = await findRecipients(db, unit.path, roles);
    const now = deps.clock.now();
    const stored = await insertNotices(
      db,
      recipients.map((r) => ({
        id: deps.ids.next(),
        user_id: r.id,
        kind: notice.kind,
        title_zh: notice.title.zh,
        title_en: notice.title.en,
        body_zh: notice.body.zh,
        body_en: notice.body.en,
        link: notice.link,
        dedupe_key: notice.dedupeKey,
        created_at: now,
        read_at: null,
      })),
    );
    const fresh = new Set(stored.map((s) => s.user_id));
    await deliver(
      notice,
      recipients.filter((r) => fresh.has(r.id)),
    );
    return stored.length;
  }

  /** The account behind an actor: requests name their user by username (auth.ts actorOf). */
  async function userIdOf(actor: Actor): Promise<string> {
    return findUserIdByUsername(db, actor.id);
  }

  /** The actor's own notices, newest first, with the unread count. */
  async function getInbox(actor: Actor, query: { unreadOnly?: boolean; limit?: number } = {}) {
    const { rows, unread } = await listInbox(db, await userIdOf(actor), {
      unreadOnly: query.unreadOnly ?? false,
      limit: Math.min(Math.max(query.limit ?? 50, 1), 200),
    });
    return {
      unread,
      items: rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        title: { zh: r.title_zh, en: r.title_en },
        body: { zh: r.body_zh, en: r.body_en },
        link: r.link,
        createdAt: r.created_at,
        readAt: r.read_at,
      })),
    };
  }

  /** Marks one of the actor's notices read, or all of them when `id` is null. */
  async function markNoticesRead(actor: Actor, id: string | null) {
    const userId = await userIdOf(actor);
    const changed = await markRead(db, userId, id, deps.clock.now());
    if (id !== null && changed === 0) {
      if (!(await isNoticeOf(db, id, userId)))
        throw new DomainError('NOT_FOUND', `找不到提醒“${id}”`, `Notice ${id} not found`);
    }
    return { changed };
  }

  /**
   * The daily job: every report past its due day tells the unit's reporters; one late by the
   * escalation threshold or more also tells the unit's reviewers (its head for this purpose).
   */
  async function notifyOverdue(asOf = deps.clock.today()) {
    const overdue = await createTimelinessService(deps).getOverdue({ asOf });
    const paths = new Map(
      (await createRegistryRepository(db).listUnits()).map((u) => [u.code, u.path]),
    );
    const threshold = channels.escalateAfterDays ?? defaultEscalateAfterDays;
    let notified = 0;
    let escalated = 0;
    for (const u of overdue.units) {
      const unit = { code: u.unitCode, name: u.unitName, path: paths.get(u.unitCode) ?? '' };
      for (const p of u.periods) {
        const label = periodLabel(parsePeriod(p.periodId), 'zh');
        const base = { unitCode: u.unitCode, unitName: u.unitName, periodId: p.periodId };
        notified += await notifyUnit(
          unit,
          ['reporter'],
          overdueNotice({
            ...base,
            periodLabel: label,
            days: p.daysOverdue,
            missing: p.indicatorCodes.length,
          }),
        );
        if (p.daysOverdue >= threshold)
          escalated += await notifyUnit(
            unit,
            ['reviewer'],
            escalatedNotice({ ...base, periodLabel: label, days: p.daysOverdue }),
          );
      }
    }
    return { asOf: overdue.asOf, notified, escalated };
  }

  return { notifyUnit, getInbox, markNoticesRead, notifyOverdue };
}

export type NotificationService = ReturnType<typeof createNotificationService>;
