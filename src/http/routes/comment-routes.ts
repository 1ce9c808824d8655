/** Routes of comments, leaders' 批示 and evidence (佐证材料): thin, the rules are in comment-service. */
import { Type } from 'typebox';
import { ErrorBody, IdString } from '../../contract/common.ts';
import {
  AttachmentList,
  AttachmentUploadBody,
  CommentQuery,
  CommentThreads,
  CommentView,
  NewCommentBody,
} from '../../contract/comment.ts';
import { actorOf, requirePermission } from '../auth.ts';
import { attachmentDisposition } from '../download.ts';
import { bodyLimits } from '../body-limits.ts';
import type { Services } from '../services.ts';
import type { Api } from './api.ts';

const tags = ['comments'];
const errors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  413: ErrorBody,
  422: ErrorBody,
};
const IdParams = Type.Object({ id: IdString });

export function registerCommentRoutes(api: Api, services: Services): void {
  const { comments } = services;

  api.get(
    '/comments',
    {
      schema: {
        tags,
        summary: '意见与批示 Comments and 批示 on a target, task or progress report, as threads',
        querystring: CommentQuery,
        response: { 200: CommentThreads, ...errors },
      },
    },
    (request) => comments.getThreads(request.query.subjectKind, request.query.subjectId),
  );

  api.post(
    '/comments',
    {
      bodyLimit: bodyLimits.document,
      preHandler: requirePermission('comment.write'),
      schema: {
        tags,
        summary: '发表意见、回复或批示 Write a comment, a reply or a leader’s 批示, with evidence',
        description:
          'A comment or reply needs comment.write within the unit that answers for the subject; `instruction: true` (批示) needs comment.instruct, cannot be a reply, and notifies the unit’s reporters and reviewers. Attachments (at most 5, 10 MB each, 16 MB of base64 per request: images, PDF, Office files) are checked by their content; a name that lies about it answers 400 VALIDATION_FAILED.',
        body: NewCommentBody,
        response: { 201: CommentView, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await comments.addComment(request.body, actorOf(request))),
  );

  api.get(
    '/tasks/progress/:id/attachments',
    {
      schema: {
        tags,
        summary: '佐证材料 The evidence attached to a task progress report',
        params: IdParams,
        response: { 200: AttachmentList, ...errors },
      },
    },
    (request) => comments.getProgressAttachments(request.params.id),
  );

  api.post(
    '/tasks/progress/:id/attachments',
    {
      bodyLimit: bodyLimits.document,
      preHandler: requirePermission('task-progress.write'),
      schema: {
        tags,
        summary: '上传佐证材料 Attach evidence to a task progress report',
        description:
          'By a reporter of the report’s unit. At most 5 files, 10 MB each, 16 MB of base64 per request: images, PDF, Office files, checked by their content.',
        params: IdParams,
        body: AttachmentUploadBody,
        response: { 201: AttachmentList, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await comments.attachToProgress(
            request.params.id,
            request.body.attachments,
            actorOf(request),
          ),
        ),
  );

  api.get(
    '/attachments/:id',
    {
      schema: {
        tags,
        summary: '下载附件 Download an attachment',
        params: IdParams,
        response: { 200: Type.Unknown({ description: 'the file' }), ...errors },
      },
    },
    async (request, reply) => {
      const file = await comments.getAttachmentFile(request.params.id);
      return reply
        .header('content-type', file.mediaType)
        .header('content-disposition', attachmentDisposition(file.fileName))
        .header('x-content-type-options', 'nosniff')
        .send(file.content);
    },
  );
}
