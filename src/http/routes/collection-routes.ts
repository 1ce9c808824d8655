/**
 * Routes of data collection (issue 5): the entry form, saving and submitting, templates
 * and uploads with progress, review and reopen, the status grid, overdue and timeliness,
 * their settings, and task progress. Every write names its actor (actorOf) and the
 * service checks role and scope.
 */
import { Type } from 'typebox';
import { DomainError } from '../../core/domain-error.ts';
import { bodyLimits } from '../body-limits.ts';
import { CodeString, ErrorBody, IdString, RejectedRowsBody } from '../../contract/common.ts';
import {
  AssignmentsBody,
  AssignmentsView,
  DueRulesBody,
  DueRulesView,
  EntriesBody,
  EntriesResult,
  EntryForm,
  EntryRulesBody,
  EntryRulesView,
  FormQuery,
  OverdueQuery,
  OverdueView,
  PlanProgressView,
  ReopenBody,
  ReviewBody,
  ReviewResult,
  StatusQuery,
  StatusView,
  SubmitBody,
  ReviewQueueQuery,
  ReviewQueueView,
  DeleteDraftsBody,
  DeleteDraftsResult,
  SubmitResult,
  TaskProgressBody,
  TaskProgressReviewBody,
  TaskProgressView,
  TemplateQuery,
  TimelinessQuery,
  TimelinessView,
  TodoQuery,
  TodoView,
  UploadBody,
  UploadFileQuery,
  UploadJob,
  UploadQuery,
  uploadFileContentTypes,
} from '../../contract/collection.ts';
import { errorCodes } from 'fastify';
import type { Readable } from 'node:stream';
import { receiveUploadFile, UploadTooLarge } from '../../services/upload-file.ts';
import type {
  UploadInput,
  UploadJob as RunningUploadJob,
} from '../../services/spreadsheet-exchange.ts';
import { actorOf } from '../auth.ts';
import { attachmentDisposition, xlsxMediaType } from '../download.ts';
import type { Services } from '../services.ts';
import { requirePermission } from '../auth.ts';
import type { Actor } from '../../services/ports.ts';
import type { FastifyRequest } from 'fastify';
import type { Api } from './api.ts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';

const errors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  422: ErrorBody,
};
const tags = ['collection'];
const taskTags = ['task progress'];

/** The caller, or an anonymous reader without roles when public read lets a request in without a session. */
function readerOf(request: FastifyRequest): Actor {
  try {
    return actorOf(request);
  } catch {
    return { id: 'anonymous', name: 'anonymous', requestId: request.id, roles: [], scopePaths: [] };
  }
}

export function registerCollectionRoutes(api: Api, services: Services): void {
  const collection = services.collection;

  api.get(
    '/collection/form',
    {
      schema: {
        tags,
        summary: '填报表单 Entry form: the indicators due for a unit and period',
        description:
          'Indicators due for the unit on the period’s cadence (its assigned indicators, or without assignments those it has reported this year or last), each with the current value, state and version, last year’s value, the year-to-date totals for flows, and the entry rules.',
        querystring: FormQuery,
        response: { 200: EntryForm, ...errors },
      },
    },
    (request) => collection.getForm(request.query.unit, request.query.period, readerOf(request)),
  );

  api.put(
    '/collection/entries',
    {
      bodyLimit: bodyLimits.batch,
      preHandler: requirePermission('observation.write'),
      schema: {
        tags,
        summary: '保存草稿 Save entries as drafts (all or nothing)',
        description:
          'Each entry carries the version it edited (0 for a new value). Rule problems → 400 VALIDATION_FAILED with details.problems (RowProblem[]: row = the entry from 1, with its unit, indicator and period); only units outside yours → 403 OUT_OF_SCOPE with the same details; a stale version → 409 CONFLICT with details.conflicts[].current; an approved value, or a submitted one awaiting review → 409 PERIOD_LOCKED. Nothing is written unless every entry passes. A submitted value is read-only until a reviewer returns it. A value above the indicator’s maximum or more than ten times last year’s needs an explanation (comment of at least 5 characters) and is flagged to the reviewer.',
        body: EntriesBody,
        response: {
          200: EntriesResult,
          ...errors,
          400: RejectedRowsBody,
          403: RejectedRowsBody,
          409: RejectedRowsBody,
        },
      },
    },
    async (request) => {
      const result = await collection.saveEntries(
        request.body.entries,
        actorOf(request),
        request.body.reason,
      );
      if (!result.ok)
        throw new DomainError(
          'VALIDATION_FAILED',
          `有${result.problems.length}处数据未通过校验，未保存任何数据`,
          `${result.problems.length} problems; nothing was saved`,
          { details: { problems: result.problems } },
        );
      return { saved: result.saved };
    },
  );

  api.post(
    '/collection/submit',
    {
      preHandler: requirePermission('observation.write'),
      schema: {
        tags,
        summary: '提交审核 Submit a unit’s drafts for a period',
        description:
          'Drafts and returned values become submitted (submitted_at recorded for timeliness). 409 INVALID_TRANSITION when there is nothing to submit.',
        body: SubmitBody,
        response: { 200: SubmitResult, ...errors },
      },
    },
    (request) => collection.submit(request.body, actorOf(request)),
  );

  api.post(
    '/collection/drafts/delete',
    {
      preHandler: requirePermission('observation.write'),
      schema: {
        tags,
        summary: '删除草稿 Delete a unit’s drafts for a period',
        description:
          'Deletes drafts only (all of the unit and period, or the indicators named), in one audited step; submitted, approved and returned values stay. 409 INVALID_TRANSITION when there is no draft to delete.',
        body: DeleteDraftsBody,
        response: { 200: DeleteDraftsResult, ...errors },
      },
    },
    (request) => collection.deleteDrafts(request.body, actorOf(request)),
  );

  for (const format of ['xlsx', 'csv'] as const)
    api.get(
      `/collection/template.${format}`,
      {
        schema: {
          tags,
          summary:
            format === 'xlsx'
              ? '下载填报模板 Excel template, pre-filled'
              : '下载填报模板 CSV template, pre-filled',
          description:
            'One row per unit × indicator due for the period, with hidden code columns (单位编码, 指标编码, 期间编码, 版本), a Chinese header row and the values there now. Give unit=CODE for one unit or under=CODE for that unit and every unit below it within your scope.',
          querystring: TemplateQuery,
          produces: [format === 'xlsx' ? xlsxMediaType : 'text/csv'],
          response: {
            200: Type.Unknown({
              description: `the ${format === 'xlsx' ? 'workbook' : 'CSV file'}`,
            }),
            ...errors,
          },
        },
      },
      async (request, reply) => {
        const file = await collection.renderTemplate(request.query, actorOf(request), format);
        return reply
          .header('content-type', format === 'xlsx' ? xlsxMediaType : 'text/csv; charset=utf-8')
          .header('content-disposition', attachmentDisposition(file.fileName))
          .send(file.content);
      },
    );

  /** Starts the upload; with `wait`, answers the finished job (a file found unreadable while parsing is a 422). */
  const answerUpload = async (
    input: UploadInput,
    wait: boolean | undefined,
    actor: Actor,
  ): Promise<[200 | 202, RunningUploadJob]> => {
    const job = await collection.startUpload(input, actor);
    if (!wait) return [202, job];
    const finished = await collection.waitForUpload(job.id, actor);
    // A file found unreadable while parsing is the client's error, as one refused at once.
    if (finished.status === 'failed' && finished.error?.code === 'UNREADABLE_DOCUMENT')
      throw new DomainError(
        'UNREADABLE_DOCUMENT',
        finished.error.message,
        finished.error.messageEn,
      );
    return [200, finished];
  };

  const uploadDescription =
    'A file that cannot be a template (empty, an .xlsx that is no zip, a .csv that is not UTF-8 text) answers 422 UNREADABLE_DOCUMENT at once. Otherwise answers 202 with the job at once; poll GET /collection/upload/{jobId} for rows parsed / validated / written. With ?wait=true answers 200 with the finished job. A finished job is done (result), rejected (problems: every bad cell with sheet, row, column, value, reason; nothing written) or failed (error); a rejected job lists the first 1,000 bad cells and counts them all (problemCount). Rows left blank are skipped, unchanged rows left alone; rows with a 版本 value are checked against it.';

  api.post(
    '/collection/upload',
    {
      bodyLimit: bodyLimits.upload,
      preHandler: requirePermission('observation.write'),
      schema: {
        tags,
        summary:
          '上传填报文件 Upload a filled template (.xlsx or .csv) as base64 JSON, all or nothing',
        description: `${uploadDescription} The file travels base64 in JSON and is held in memory while it is decoded; POST /collection/upload/file takes it as the body itself, streamed to disk.`,
        body: UploadBody,
        querystring: UploadQuery,
        response: { 200: UploadJob, 202: UploadJob, ...errors },
      },
    },
    async (request, reply) => {
      const [status, job] = await answerUpload(request.body, request.query.wait, actorOf(request));
      return reply.status(status).send(job);
    },
  );

  // The body of this route is the file itself, passed on unread as a stream; only here.
  api.register((scope, _options, done) => {
    scope.addContentTypeParser(uploadFileContentTypes, (_request, payload, parsed) =>
      parsed(null, payload),
    );
    scope.withTypeProvider<TypeBoxTypeProvider>().post(
      '/collection/upload/file',
      {
        preHandler: requirePermission('observation.write'),
        schema: {
          tags,
          summary:
            '上传填报文件 Upload a filled template (.xlsx or .csv) as the request body, all or nothing',
          description: `${uploadDescription} The body is the file's bytes (content type application/octet-stream, text/csv or the .xlsx type), its name in ?fileName=; it is streamed to a temporary file as it arrives, never held in memory whole, and refused with 413 past ${bodyLimits.upload / 1024 ** 2} MiB.`,
          querystring: UploadFileQuery,
          response: { 200: UploadJob, 202: UploadJob, 413: ErrorBody, ...errors },
        },
      },
      async (request, reply) => {
        const tooLarge = () => new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE();
        if (Number(request.headers['content-length'] ?? 0) > bodyLimits.upload) throw tooLarge();
        const body = request.body as Readable | undefined;
        if (!body || typeof body.pipe !== 'function')
          throw new DomainError(
            'UNREADABLE_DOCUMENT',
            '请求内容须为文件本身（application/octet-stream）',
            'the body must be the file itself (application/octet-stream)',
          );
        const file = await receiveUploadFile(request.query.fileName, body, bodyLimits.upload).catch(
          (error: unknown) => {
            throw error instanceof UploadTooLarge ? tooLarge() : error;
          },
        );
        const [status, job] = await answerUpload(file, request.query.wait, actorOf(request));
        return reply.status(status).send(job);
      },
    );
    done();
  });

  api.get(
    '/collection/upload/:jobId',
    {
      schema: {
        tags,
        summary: '上传进度 Progress and outcome of an upload job',
        params: Type.Object({ jobId: IdString }),
        response: { 200: UploadJob, ...errors },
      },
    },
    (request) => collection.getUploadJob(request.params.jobId, actorOf(request)),
  );

  api.post(
    '/collection/review',
    {
      preHandler: requirePermission('observation.review'),
      schema: {
        tags,
        summary: '审核 Approve (lock) or return a unit’s submitted values for a period',
        description:
          'decision approve: submitted → approved (locked: later writes are refused until reopened). decision return: submitted → returned, reason required. Needs the reviewer role within the unit’s scope. One audit entry per call.',
        body: ReviewBody,
        response: { 200: ReviewResult, ...errors },
      },
    },
    (request) => collection.review(request.body, actorOf(request)),
  );

  api.post(
    '/collection/reopen',
    {
      preHandler: requirePermission('observation.review'),
      schema: {
        tags,
        summary: '重新打开 Reopen approved values (→ returned), with a reason',
        body: ReopenBody,
        response: { 200: ReviewResult, ...errors },
      },
    },
    (request) => collection.reopen(request.body, actorOf(request)),
  );

  api.get(
    '/collection/review-queue',
    {
      schema: {
        tags,
        summary: '待审核队列 Review queue: every submitted value waiting, across periods and units',
        description:
          'Within the caller’s units for review (empty for a caller who reviews nothing), oldest submission first; each value with its unit of measure, last year’s value, the year-on-year change, the reporter’s comment and, when implausible (above the maximum or more than 10× last year), why.',
        querystring: ReviewQueueQuery,
        response: { 200: ReviewQueueView, ...errors },
      },
    },
    (request) => collection.getQueue(actorOf(request), request.query.under),
  );

  api.get(
    '/collection/status',
    {
      schema: {
        tags,
        summary: '填报状态 State of every unit × indicator for a period (the cockpit grid)',
        description: 'Due values without data have state missing.',
        querystring: StatusQuery,
        response: { 200: StatusView, ...errors },
      },
    },
    (request) => collection.getStatus(request.query.period, request.query.under),
  );

  api.get(
    '/collection/overdue',
    {
      schema: {
        tags,
        summary:
          '逾期清单 Overdue list: per unit, the periods past their due day with values not submitted',
        querystring: OverdueQuery,
        response: { 200: OverdueView, ...errors },
      },
    },
    (request) => collection.getOverdue(request.query),
  );

  api.get(
    '/collection/todo',
    {
      schema: {
        tags,
        summary: '我的待办 The reporter’s to-do: forms due and overdue across periods',
        description:
          'Every form (a unit’s indicators of one period) of the units the caller reports for, of periods ended since 1 January of last year, that still asks something of the reporter: not started, partly sent, drafts, returned, or waiting on the reviewer. Each with its due day (due-day rules), overdue flag and counts per state. Returned forms first, then overdue (earliest due first), due, and waiting. Empty for a caller who reports for no unit.',
        querystring: TodoQuery,
        response: { 200: TodoView, ...errors },
      },
    },
    (request) => collection.getTodo(actorOf(request), request.query),
  );

  api.get(
    '/collection/timeliness',
    {
      config: { isPublicRead: true },
      schema: {
        tags,
        summary: '完整率与及时率 Completeness and timeliness per unit and per department',
        querystring: TimelinessQuery,
        response: { 200: TimelinessView, ...errors },
      },
    },
    (request) => collection.getTimeliness(request.query),
  );

  api.get(
    '/collection/due-rules',
    {
      schema: {
        tags,
        summary: '报送期限 Due day per cadence, in days after the period ends',
        response: { 200: DueRulesView },
      },
    },
    () => collection.getDueRules(),
  );
  api.put(
    '/collection/due-rules',
    {
      preHandler: requirePermission('indicator.write'),
      schema: {
        tags,
        summary: '设置报送期限 Override the due days of some cadences (planner, admin)',
        body: DueRulesBody,
        response: { 200: DueRulesView, ...errors },
      },
    },
    (request) => collection.setDueRules(request.body.rules, actorOf(request), request.body.reason),
  );

  api.put(
    '/collection/rules/:indicatorCode',
    {
      preHandler: requirePermission('indicator.write'),
      schema: {
        tags,
        summary:
          '设置校验规则 Entry rules of an indicator: bounds and year-on-year threshold (planner, admin)',
        params: Type.Object({ indicatorCode: CodeString() }),
        body: EntryRulesBody,
        response: { 200: EntryRulesView, ...errors },
      },
    },
    (request) => {
      const { reason, ...rules } = request.body;
      return collection.setEntryRules(
        request.params.indicatorCode,
        rules,
        actorOf(request),
        reason,
      );
    },
  );

  api.get(
    '/collection/assignments/:unitCode',
    {
      schema: {
        tags,
        summary: '报送指标 The indicators a unit reports (assigned, or from its history)',
        params: Type.Object({ unitCode: CodeString() }),
        response: { 200: AssignmentsView, ...errors },
      },
    },
    (request) => collection.getAssignments(request.params.unitCode),
  );
  api.put(
    '/collection/assignments/:unitCode',
    {
      preHandler: requirePermission('indicator.write'),
      schema: {
        tags,
        summary: '设置报送指标 Replace a unit’s reporting duties (planner, admin)',
        params: Type.Object({ unitCode: CodeString() }),
        body: AssignmentsBody,
        response: { 200: AssignmentsView, ...errors },
      },
    },
    (request) =>
      collection.setAssignments(
        request.params.unitCode,
        request.body.indicatorCodes,
        actorOf(request),
        request.body.reason,
      ),
  );

  api.post(
    '/tasks/:nodeId/progress',
    {
      preHandler: requirePermission('task-progress.write'),
      schema: {
        tags: taskTags,
        summary: '填报任务进展 Save (and optionally submit) a task’s monthly update',
        description:
          'By a reporter of the task’s lead unit. One update per task and month: version 0 creates it, the current version edits it; an accepted update is locked (409 PERIOD_LOCKED).',
        params: Type.Object({ nodeId: IdString }),
        body: TaskProgressBody,
        response: { 200: TaskProgressView, ...errors },
      },
    },
    (request) => collection.saveProgress(request.params.nodeId, request.body, actorOf(request)),
  );
  api.get(
    '/tasks/:nodeId/progress',
    {
      schema: {
        tags: taskTags,
        summary: '任务进展记录 Every update of a task, latest month first',
        params: Type.Object({ nodeId: IdString }),
        response: { 200: Type.Array(TaskProgressView), ...errors },
      },
    },
    (request) => collection.listTaskProgress(request.params.nodeId),
  );
  api.post(
    '/tasks/progress/:id/review',
    {
      preHandler: requirePermission('task-progress.review'),
      schema: {
        tags: taskTags,
        summary: '审核任务进展 Accept or return (with a reason) a submitted update',
        params: Type.Object({ id: IdString }),
        body: TaskProgressReviewBody,
        response: { 200: TaskProgressView, ...errors },
      },
    },
    (request) => collection.reviewProgress(request.params.id, request.body, actorOf(request)),
  );
  api.get(
    '/plans/:id/progress',
    {
      schema: {
        tags: taskTags,
        summary:
          '计划任务最新进展 Each task of a plan with its latest submitted or accepted update',
        params: Type.Object({ id: IdString }),
        response: { 200: PlanProgressView, ...errors },
      },
    },
    (request) => collection.getPlanProgress(request.params.id),
  );
}
