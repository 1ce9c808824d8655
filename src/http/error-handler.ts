/**
 * One error shape for every failure: { code, message, messageEn, details? }.
 * Domain codes map to statuses here, in one table the compiler keeps complete.
 */
import http from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
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

/** What the database says when a write breaks one of its constraints (SQLite and PostgreSQL). */
function constraintViolation(error: unknown): 'unique' | 'other' | null {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return null;
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY')
    return 'unique';
  if (code === '23505') return 'unique';
  if (code.startsWith('SQLITE_CONSTRAINT')) return 'other';
  // 23xxx integrity constraints; 22003 numeric value out of range, 22P02 invalid text.
  if (/^23\d{3}$/.test(code) || code === '22003' || code === '22P02') return 'other';
  return null;
}

/** The errors Fastify raises before a route runs, with a message a person reads. */
const frameworkErrors: Record<string, { code: string; message: string; messageEn: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    code: 'PAYLOAD_TOO_LARGE',
    message: '请求内容过大',
    messageEn: 'request body too large for this route',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: {
    code: 'INVALID_JSON',
    message: '请求内容不是有效的 JSON',
    messageEn: 'request body is not valid JSON',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    code: 'INVALID_JSON',
    message: '请求内容为空',
    messageEn: 'empty JSON body',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: '不支持的内容类型，请发送 JSON',
    messageEn: 'unsupported content type; send JSON',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: 'BAD_REQUEST',
    message: '请求长度与内容不符',
    messageEn: 'content-length does not match the body',
  },
  FST_ERR_BAD_URL: {
    code: 'BAD_URL',
    message: '地址无效',
    messageEn: 'malformed URL',
  },
  FST_ERR_MAX_PARAM_LENGTH: {
    code: 'BAD_URL',
    message: '地址过长',
    messageEn: 'URL parameter too long',
  },
};

/**
 * Fastify's `frameworkErrors` option: a malformed URL (`/%c0%ae`) answers in the one
 * error shape instead of Fastify's own.
 */
export function sendFrameworkError(
  error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
): void {
  const known = frameworkErrors[error.code];
  void reply.status(error.statusCode && error.statusCode < 500 ? error.statusCode : 400).send({
    code: known?.code ?? 'BAD_REQUEST',
    message: known?.message ?? '请求无法处理',
    messageEn: known?.messageEn ?? error.message,
  } satisfies ErrorBody);
}

/**
 * Fastify's `clientErrorHandler` option: what Node's parser refuses before Fastify sees a
 * request (headers or URL over 16 KB, a broken request line) answers in the one error shape.
 */
export function handleClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, body]: [number, ErrorBody] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [
          431,
          {
            code: 'HEADERS_TOO_LARGE',
            message: '请求头或地址过长',
            messageEn: 'request headers or URL too large',
          },
        ]
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, { code: 'TIMEOUT', message: '请求超时', messageEn: 'request timed out' }]
        : [400, { code: 'BAD_REQUEST', message: '请求格式不正确', messageEn: 'malformed request' }];
  const text = JSON.stringify(body);
  if (socket.writable)
    socket.write(
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nConnection: close\r\n` +
        `Content-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
    );
  socket.destroy(error);
}

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
    const violation = constraintViolation(error);
    if (violation === 'unique')
      return reply.status(409).send({
        code: 'CONFLICT',
        message: '已存在相同编码或相同记录',
        messageEn: 'a record with the same code or key already exists',
      } satisfies ErrorBody);
    if (violation === 'other') {
      request.log.warn({ err: error, requestId: request.id }, 'constraint violated');
      return reply.status(422).send({
        code: 'CONSTRAINT_VIOLATED',
        message: '数据不符合约束（引用不存在或取值超出范围）',
        messageEn: 'the data breaks a constraint (a missing reference or a value out of range)',
      } satisfies ErrorBody);
    }
    if (error.statusCode && error.statusCode < 500) {
      const known = frameworkErrors[error.code];
      return reply.status(error.statusCode).send({
        code: known?.code ?? error.code ?? 'BAD_REQUEST',
        message: known?.message ?? '请求无法处理',
        messageEn: known?.messageEn ?? error.message,
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
