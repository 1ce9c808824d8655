/**
 * The mail and webhook channels of notices, from configuration: an SMTP server
 * (`LANTU_SMTP_URL`, e.g. smtp://user:pass@mail.example.gov.cn:587, with `LANTU_MAIL_FROM`)
 * through nodemailer, and a webhook (`LANTU_WEBHOOK_URL`) that receives each notice as JSON —
 * so a deployment can forward notices to its own messaging platform (政务微信, 钉钉 …).
 */
import nodemailer from 'nodemailer';
import type { NoticeChannels } from './ports.ts';

export interface NoticeChannelSettings {
  readonly smtpUrl?: string;
  readonly mailFrom?: string;
  readonly webhookUrl?: string;
  readonly escalateAfterDays?: number;
  readonly onError?: (error: unknown) => void;
}

export function createNoticeChannels(settings: NoticeChannelSettings): NoticeChannels {
  const { smtpUrl, webhookUrl } = settings;
  const transport = smtpUrl ? nodemailer.createTransport(smtpUrl) : null;
  return {
    ...(transport
      ? {
          mail: async ({ to, subject, text }) => {
            await transport.sendMail({
              from: settings.mailFrom ?? 'lantu@localhost',
              to,
              subject,
              text,
            });
          },
        }
      : {}),
    ...(webhookUrl
      ? {
          webhook: async (payload) => {
            const response = await fetch(webhookUrl, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify(payload),
              signal: AbortSignal.timeout(10_000),
            });
            if (!response.ok) throw new Error(`webhook answered ${response.status}`);
          },
        }
      : {}),
    ...(settings.escalateAfterDays === undefined
      ? {}
      : { escalateAfterDays: settings.escalateAfterDays }),
    ...(settings.onError ? { onError: settings.onError } : {}),
  };
}

/** The channels a process's environment configures. */
export const noticeChannelsFromEnv = (
  env: NodeJS.ProcessEnv,
  onError?: (error: unknown) => void,
): NoticeChannels =>
  createNoticeChannels({
    ...(env.LANTU_SMTP_URL ? { smtpUrl: env.LANTU_SMTP_URL } : {}),
    ...(env.LANTU_MAIL_FROM ? { mailFrom: env.LANTU_MAIL_FROM } : {}),
    ...(env.LANTU_WEBHOOK_URL ? { webhookUrl: env.LANTU_WEBHOOK_URL } : {}),
    ...(env.LANTU_ESCALATE_AFTER_DAYS
      ? { escalateAfterDays: Number(env.LANTU_ESCALATE_AFTER_DAYS) }
      : {}),
    ...(onError ? { onError } : {}),
  });
