/** Routes of generated documents: generate a version, list the archive, download a file. */
import { IdString } from '../../contract/common.ts';
import { Type, type Static } from 'typebox';
import type { FastifyRequest } from 'fastify';
import { ErrorBody } from '../../contract/common.ts';
import {
  DocumentFileParams,
  DocumentListQuery,
  DocumentView,
  GenerateDocumentBody,
} from '../../contract/document.ts';
import type { Services } from '../services.ts';
import { actorOf, requirePermission } from '../auth.ts';
import { attachmentDisposition, xlsxMediaType } from '../download.ts';
import type { Api } from './api.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 422: ErrorBody };
const IdParams = Type.Object({ id: IdString });

export function registerDocumentRoutes(api: Api, services: Services): void {
  const planScope = (request: FastifyRequest) =>
    services.accounts.findPlanScope((request.params as Static<typeof IdParams>).id);

  api.post(
    '/plans/:id/documents',
    {
      schema: {
        tags: ['document'],
        summary: '生成文档（月通报、计划执行情况报告）并存档 Generate a document and archive it',
        params: IdParams,
        body: GenerateDocumentBody,
        response: { 201: DocumentView, ...errors },
      },
      preHandler: requirePermission('plan.write', planScope),
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await services.documents.generate(
            request.body.kind,
            request.params.id,
            actorOf(request),
            request.body.asOf,
          ),
        ),
  );
  api.get(
    '/documents',
    {
      schema: {
        tags: ['document'],
        summary: '文档存档 The archive of generated documents, newest first',
        querystring: DocumentListQuery,
        response: { 200: Type.Array(DocumentView) },
      },
    },
    (request) => services.documents.list(request.query),
  );
  api.get(
    '/documents/:id/:format',
    {
      schema: {
        tags: ['document'],
        summary: '下载文档 Download a document file',
        params: DocumentFileParams,
        produces: [
          'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
          xlsxMediaType,
          'text/markdown',
        ],
        response: { 200: Type.Unknown({ description: 'the file' }), ...errors },
      },
    },
    async (request, reply) => {
      const file = await services.documents.getFile(request.params.id, request.params.format);
      return reply
        .header('content-type', file.mediaType)
        .header('content-disposition', attachmentDisposition(file.fileName))
        .send(file.content);
    },
  );
}
