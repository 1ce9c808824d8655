/**
 * A domain rule was broken. Carries a machine code and a user-facing message in
 * Chinese and English; never an HTTP status (http/error-handler.ts maps codes).
 */
export const domainErrorCodes = [
  'VALIDATION_FAILED',
  'NOT_FOUND',
  'CONFLICT',
  'PERIOD_LOCKED',
  'INVALID_PERIOD',
  'INVALID_FIGURE',
  'INVALID_TRANSITION',
  'IMPORT_REJECTED',
  'UNREADABLE_DOCUMENT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'OUT_OF_SCOPE',
  'RATE_LIMITED',
] as const;

export type DomainErrorCode = (typeof domainErrorCodes)[number];

export class DomainError extends Error {
  readonly code: DomainErrorCode;
  readonly messageEn: string;
  readonly details: unknown;

  constructor(
    code: DomainErrorCode,
    message: string,
    messageEn: string,
    options: { details?: unknown; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DomainError';
    this.code = code;
    this.messageEn = messageEn;
    this.details = options.details;
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;

/**
 * An optimistic-version conflict: what the actor edited was changed by someone else since
 * they read it. The answer carries what is stored now, so the screen can show it and reload.
 * @example changedMeanwhile({ zh: '该目标', en: 'the target was' }, stored)
 * // 该目标已被他人修改，请刷新后再试 / the target was changed by someone else; reload and try again
 */
export const changedMeanwhile = (
  subject: { readonly zh: string; readonly en: string },
  current: unknown,
): DomainError =>
  new DomainError(
    'CONFLICT',
    `${subject.zh}已被他人修改，请刷新后再试`,
    `${subject.en} changed by someone else; reload and try again`,
    { details: { current } },
  );
