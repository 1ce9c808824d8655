/** Routes of the caller's inbox: list notices, mark them read. */
import { ErrorBody } from '../../contract/common.ts';
import { Inbox, InboxQuery, MarkReadBody } from '../../contract/notification.ts';
import { Type } from 'typebox';
import type { Services } from '../services.ts';
import { actorOf } from '../auth.ts';
import type { Api } from './api.ts';

const tags = ['notifications'];

export function registerNotificationRoutes(api: Api, services: Services): void {
  api.get(
    '/notifications',
    {
      schema: {
        tags,
        summary: '我的提醒 The caller’s notices, newest first, with the unread count',
        querystring: InboxQuery,
        response: { 200: Inbox, 401: ErrorBody },
      },
    },
    (request) => services.notifications.getInbox(actorOf(request), request.query),
  );

  api.post(
    '/notifications/read',
    {
      config: { isOwnData: true },
      schema: {
        tags,
        summary: '标为已读 Mark one notice, or all of the caller’s, as read',
        body: MarkReadBody,
        response: {
          200: Type.Object({ changed: Type.Number() }),
          401: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
        },
      },
    },
    (request) => services.notifications.markNoticesRead(actorOf(request), request.body.id ?? null),
  );
}
