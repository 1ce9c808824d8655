/**
 * Routes of 旬调度: a dekad's dispatch list (as JSON and .xlsx), the meeting record with its
 * decisions, and a follow-up item marked done or reopened. The dispatch service checks scopes.
 */
import { Type } from 'typebox';
import { ErrorBody, IdString, PeriodIdString } from '../../contract/common.ts';
import {
  DecisionView,
  DispatchListView,
  DispatchQuery,
  ItemStateBody,
  MeetingBody,
  MeetingView,
} from '../../contract/dispatch.ts';
import type { Services } from '../services.ts';
import { actorOf, requirePermission } from '../auth.ts';
import { attachmentDisposition, xlsxMediaType } from '../download.ts';
import type { Api } from './api.ts';

const errors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  422: ErrorBody,
};
const DekadParams = Type.Object({ periodId: PeriodIdString('dekad id, e.g. 202510D2') });

export function registerDispatchRoutes(api: Api, services: Services): void {
  api.get(
    '/dispatch/:periodId',
    {
      schema: {
        tags: ['project'],
        summary:
          '旬调度清单 A dekad’s dispatch list: projects behind plan, milestones slipping, blockers overdue or escalated, open decisions of earlier meetings, this dekad’s meeting',
        params: DekadParams,
        querystring: DispatchQuery,
        response: { 200: DispatchListView, ...errors },
      },
    },
    (request) => services.projects.getDispatchList(request.params.periodId, request.query),
  );
  api.get(
    '/dispatch/:periodId/export.xlsx',
    {
      schema: {
        tags: ['project'],
        summary: '导出旬调度清单 The dispatch list as a workbook (.xlsx, A4 landscape)',
        params: DekadParams,
        querystring: DispatchQuery,
        produces: [xlsxMediaType],
        response: { 200: Type.Unknown({ description: 'the workbook' }), ...errors },
      },
    },
    async (request, reply) =>
      reply
        .header('content-type', xlsxMediaType)
        .header(
          'content-disposition',
          attachmentDisposition(
            `旬调度清单${request.params.periodId}.xlsx`,
            `dispatch-${request.params.periodId}.xlsx`,
          ),
        )
        .send(await services.projects.exportDispatchList(request.params.periodId, request.query)),
  );
  api.post(
    '/dispatch/:periodId/meeting',
    {
      preHandler: requirePermission('plan.adopt'),
      schema: {
        tags: ['project'],
        summary:
          '录入调度会纪要 Record the dekad’s meeting (version 0) or edit it; each decision becomes a follow-up item or a blocker on a project',
        params: DekadParams,
        body: MeetingBody,
        response: { 200: MeetingView, ...errors },
      },
    },
    (request) =>
      services.projects.recordMeeting(request.params.periodId, request.body, actorOf(request)),
  );
  api.post(
    '/dispatch/items/:id/state',
    {
      preHandler: requirePermission('project.write'),
      schema: {
        tags: ['project'],
        summary:
          '督办事项办结或重新打开 The owner unit marks a follow-up item done (with a note), or reopens it',
        params: Type.Object({ id: IdString }),
        body: ItemStateBody,
        response: { 200: DecisionView, ...errors },
      },
    },
    (request) => services.projects.updateItem(request.params.id, request.body, actorOf(request)),
  );
}
