import type { Context, ErrorHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { DomainError, RateLimitedError } from '../domain/errors.ts';
import type { MessageKey } from '../i18n/messages.ts';
import { ErrorPage } from '../views/pages/error-page.tsx';
import type { AppDeps, AppEnv } from './app-env.ts';
import { notFound } from './public/not-found.tsx';
import { readerMessage } from './reader-messages.ts';
import { fallbackChrome, pageChrome, renderPage } from './render.ts';

const HEADINGS: Partial<Record<number, MessageKey>> = {
  400: 'error.heading.400',
  403: 'error.heading.403',
  405: 'error.heading.405',
  409: 'error.heading.409',
  413: 'error.heading.413',
  415: 'error.heading.415',
  422: 'error.heading.422',
  429: 'error.heading.429',
  503: 'error.heading.503',
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

/**
 * An error page in the site's language, when its settings can be read; in English when they
 * cannot (the database may be why we are here). `message` is English, as errors carry it.
 */
async function errorPage(c: Context<AppEnv>, deps: AppDeps | undefined, status: ContentfulStatusCode, message: string, requestId?: string): Promise<Response> {
  const chrome = deps ? await pageChrome(deps).catch(() => fallbackChrome()) : fallbackChrome();
  const { t } = chrome.i18n;
  const heading = t(HEADINGS[status] ?? (status >= 500 ? 'error.heading.server' : 'error.heading.other'));
  return renderPage(c, <ErrorPage {...chrome} status={status} heading={heading} message={readerMessage(message, chrome.i18n)} requestId={requestId} />, status);
}

/** The one error handler: rules broken map to 4xx pages, anything else to a 500 page with a request id and the stack in the log. */
export function handleErrors(deps: AppDeps): ErrorHandler<AppEnv> {
  return async (error, c) => {
    if (error instanceof DomainError) {
      if (error.code === 'not_found') return notFound(c, deps);
      if (error instanceof RateLimitedError) c.header('Retry-After', String(Math.ceil(error.retryAfterMs / 1000)));
      return errorPage(c, deps, STATUS_OF_DOMAIN_ERROR[error.code], error.message);
    }
    if (error instanceof HTTPException && error.status < 500) {
      // The rest of an oversized body is not read: the connection cannot carry another request.
      if (error.status === 413) c.header('Connection', 'close');
      return errorPage(c, deps, error.status as ContentfulStatusCode, error.message || 'Please check the address or form and try again.');
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
      return errorPage(
        c,
        undefined,
        503,
        'The site cannot reach its database just now. Please try again in a few seconds; nothing you sent was saved.',
        requestId,
      );
    }
    deps.logger.error('unhandled error', {
      requestId,
      method: c.req.method,
      path: c.req.path,
      error: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error),
    });
    return errorPage(c, deps, 500, 'The page could not be shown because of an error on the server. Please try again in a moment.', requestId);
  };
}
