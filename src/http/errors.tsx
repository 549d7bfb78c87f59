import type { Context, ErrorHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { DomainError, RateLimitedError } from '../domain/errors.ts';
import { ErrorPage } from '../views/pages/error-page.tsx';
import type { AppDeps, AppEnv } from './app-env.ts';
import { notFound } from './public/not-found.tsx';
import { fallbackChrome, renderPage } from './render.ts';

const HEADINGS: Partial<Record<number, string>> = {
  400: 'That request could not be understood',
  403: 'That is not allowed',
  405: 'That method is not allowed here',
  409: 'That conflicts with a change already made',
  413: 'That is too large to send',
  415: 'That kind of request is not accepted here',
  422: 'That could not be saved',
  429: 'Too many requests, too quickly',
  503: 'The site is briefly unavailable',
};

/** Seconds a client should wait before retrying when the database is out of reach. */
export const RETRY_AFTER_SECONDS = 5;

export const STATUS_OF_DOMAIN_ERROR: Record<DomainError['code'], ContentfulStatusCode> = {
  invalid: 422,
  forbidden: 403,
  conflict: 409,
  not_found: 404,
  rate_limited: 429,
};

function errorPage(c: Context<AppEnv>, status: ContentfulStatusCode, message: string, requestId?: string) {
  const heading = HEADINGS[status] ?? (status >= 500 ? 'Something went wrong on our side' : 'That request could not be completed');
  return renderPage(c, <ErrorPage {...fallbackChrome()} status={status} heading={heading} message={message} requestId={requestId} />, status);
}

/** The one error handler: rules broken map to 4xx pages, anything else to a 500 page with a request id and the stack in the log. */
export function handleErrors(deps: AppDeps): ErrorHandler<AppEnv> {
  return async (error, c) => {
    if (error instanceof DomainError) {
      if (error.code === 'not_found') return notFound(c, deps);
      if (error instanceof RateLimitedError) c.header('Retry-After', String(Math.ceil(error.retryAfterMs / 1000)));
      return errorPage(c, STATUS_OF_DOMAIN_ERROR[error.code], error.message);
    }
    if (error instanceof HTTPException && error.status < 500) {
      // The rest of an oversized body is not read: the connection cannot carry another request.
      if (error.status === 413) c.header('Connection', 'close');
      return errorPage(c, error.status as ContentfulStatusCode, error.message || 'Please check the address or form and try again.');
    }
    const requestId = c.get('requestId');
    if (deps.database.isUnavailable(error)) {
      deps.logger.warn('database unavailable', {
        requestId,
        method: c.req.method,
        path: c.req.path,
        error: error instanceof Error ? error.message : String(error),
      });
      c.header('Retry-After', String(RETRY_AFTER_SECONDS));
      return errorPage(c, 503, 'The site cannot reach its database just now. Please try again in a few seconds; nothing you sent was saved.', requestId);
    }
    deps.logger.error('unhandled error', {
      requestId,
      method: c.req.method,
      path: c.req.path,
      error: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error),
    });
    return errorPage(c, 500, 'The page could not be shown because of an error on the server. Please try again in a moment.', requestId);
  };
}
