/**
 * One error shape for every failure: { code, message, messageEn, details? }.
 * Domain codes map to statuses here, in one table the compiler keeps complete.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { isDomainError, type DomainErrorCode } from '../core/domain-error.ts';
import type { ErrorBody } from '../contract/common.ts';

export const statusOfCode = {
  VALIDATION_FAILED: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PERIOD_LOCKED: 409,
  INVALID_PERIOD: 400,
  INVALID_FIGURE: 400,
  INVALID_TRANSITION: 409,
  IMPORT_REJECTED: 422,
  UNREADABLE_DOCUMENT: 422,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  OUT_OF_SCOPE: 403,
  RATE_LIMITED: 429,
} satisfies Record<DomainErrorCode, number>;

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (isDomainError(error)) {
      const body: ErrorBody = {
        code: error.code,
        message: error.message,
        messageEn: error.messageEn,
      };
      if (error.details !== undefined) body.details = error.details;
      return reply.status(statusOfCode[error.code]).send(body);
    }
    if (error.validation) {
      const details = error.validation.map((v) => ({
        field:
          (v.instancePath || '/').replace(/^\//, '') ||
          (v.params as { missingProperty?: string }).missingProperty ||
          '',
        reason: v.message ?? '',
      }));
      const body: ErrorBody = {
        code: 'VALIDATION_FAILED',
        message: `请求参数不正确：${details.map((d) => `${d.field} ${d.reason}`).join('；')}`,
        messageEn: `invalid request: ${error.message}`,
        details,
      };
      return reply.status(400).send(body);
    }
    if (error.statusCode && error.statusCode < 500) {
      return reply.status(error.statusCode).send({
        code: error.code ?? 'BAD_REQUEST',
        message: '请求无法处理',
        messageEn: error.message,
      } satisfies ErrorBody);
    }
    request.log.error({ err: error, requestId: request.id }, 'unhandled error');
    return reply.status(500).send({
      code: 'INTERNAL',
      message: `服务器内部错误，请稍后重试（请求编号 ${request.id}）`,
      messageEn: `internal error; please retry (request ${request.id})`,
    } satisfies ErrorBody);
  });
  app.setNotFoundHandler((request, reply) => {
    // With the web cockpit served, its client-side routes (/plans/…, /targets/…) load the page.
    const isPageRoute =
      request.method === 'GET' &&
      !request.url.startsWith('/api/') &&
      !/\.\w+(\?|$)/.test(request.url);
    if (isPageRoute && typeof (reply as { sendFile?: unknown }).sendFile === 'function')
      return reply.sendFile('index.html');
    return reply.status(404).send({
      code: 'NOT_FOUND',
      message: `没有这个地址：${request.method} ${request.url}`,
      messageEn: `no route ${request.method} ${request.url}`,
    } satisfies ErrorBody);
  });
}
