/** The one error type for broken business rules; the HTTP error handler maps `code` to a status. */
export type DomainErrorCode = 'not_found' | 'invalid' | 'conflict' | 'forbidden' | 'rate_limited';

/**
 * What went wrong, as a code and the values its message needs ("slugTaken", { slug }): the edge
 * says it in the reader's or editor's language, where the message and fields are English.
 */
export interface ErrorReason {
  readonly code: string;
  readonly values?: Readonly<Record<string, string | number>>;
}

export class DomainError extends Error {
  readonly code: DomainErrorCode;
  /** Messages keyed by form field, for errors a reader can fix. */
  readonly fields: Readonly<Record<string, string>>;
  readonly reason: ErrorReason | undefined;

  constructor(code: DomainErrorCode, message: string, fields: Record<string, string> = {}, reason?: ErrorReason) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.fields = fields;
    this.reason = reason;
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string) {
    super('not_found', `${what} not found`);
    this.name = 'NotFoundError';
  }
}

/** Too much, too fast: try again after retryAfterMs (HTTP 429 with Retry-After). */
export class RateLimitedError extends DomainError {
  readonly retryAfterMs: number;

  constructor(message: string, retryAfterMs: number) {
    super('rate_limited', message);
    this.name = 'RateLimitedError';
    this.retryAfterMs = retryAfterMs;
  }
}
