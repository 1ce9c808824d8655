/** The inbox of notices (提醒): what the API answers and takes. */
import { Type, type Static } from 'typebox';
import { CodeString, Nullable } from './common.ts';

const Words = Type.Object({ zh: Type.String(), en: Type.String() });

export const NoticeView = Type.Object({
  id: Type.String(),
  kind: Type.String({
    description: 'due, overdue, escalated, returned, reopened, lagging, instruction',
  }),
  title: Words,
  body: Words,
  link: Type.String({ description: 'a path of the cockpit' }),
  createdAt: Type.String(),
  readAt: Nullable(Type.String()),
});
export type NoticeView = Static<typeof NoticeView>;

export const Inbox = Type.Object({
  unread: Type.Number(),
  items: Type.Array(NoticeView),
});
export type Inbox = Static<typeof Inbox>;

export const InboxQuery = Type.Object({
  unreadOnly: Type.Optional(Type.Boolean()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
});

export const MarkReadBody = Type.Object({
  /** One notice; all of the caller's when absent. */
  id: Type.Optional(CodeString('notice id')),
});
