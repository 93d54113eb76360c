import type { ErrorRequestHandler, RequestHandler } from 'express';
import { HttpError, messages, NotFoundError } from './errors';

/** GET/HEAD for a path no route matched. */
export const notFoundHandler: RequestHandler = (_req, _res, next) => {
  next(new NotFoundError());
};

/**
 * What body-parser's refusals say. They happen before the session is read, and their own messages
 * quote the request ("Unexpected token < in JSON at position 9"), so none is shown as it is.
 */
const BODY_ERRORS: Record<string, string> = {
  'entity.too.large': messages.tooLarge,
  'parameters.too.many': messages.tooManyFields,
  'entity.parse.failed': messages.unreadable,
  'entity.verify.failed': messages.unreadable,
  'request.aborted': messages.unreadable,
  'request.size.invalid': messages.unreadable,
  'stream.encoding.set': messages.unreadable,
  'charset.unsupported': messages.unsupportedCharset,
  'encoding.unsupported': messages.unsupportedCharset,
};

/** Renders every error in the app's layout; the stack only outside production. */
export function errorHandler(options: { showStack: boolean }): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const status = errorStatus(err);
    if (status >= 500) console.error(err);
    if (res.headersSent) return;
    const bodyError = BODY_ERRORS[String((err as { type?: unknown })?.type)];
    const message =
      status >= 500
        ? messages.internal
        : err instanceof HttpError
          ? err.message
          : (bodyError ?? messages.badRequest);
    // An error raised before the session middleware (a body the parser refused) has none of the
    // locals the layout reads: the page is then drawn as for a signed-out visitor.
    res.locals.currentUser ??= null;
    res.locals.nav ??= [];
    res.locals.flash ??= [];
    res.locals.csrfToken ??= '';
    res.locals.path ??= req.path;
    const view =
      status === 404
        ? 'errors/404'
        : status === 403
          ? 'errors/403'
          : status >= 500
            ? 'errors/500'
            : 'errors/4xx';
    res.status(status);
    if (!req.accepts('html')) {
      res.json({ error: message });
      return;
    }
    res.render(
      view,
      {
        title:
          status === 404
            ? 'Page not found'
            : status === 403
              ? 'Not allowed'
              : status >= 500
                ? 'Server error'
                : 'Request not accepted',
        status,
        message,
        stack: options.showStack && status >= 500 && err instanceof Error ? err.stack : null,
      },
      (renderError: Error | null, html?: string) => {
        if (!renderError) return res.send(html);
        // Never Express's own page, which prints the stack with file paths: plain text instead.
        console.error(renderError);
        res.type('text/plain').send(message);
      },
    );
  };
}

function errorStatus(err: unknown): number {
  if (err instanceof HttpError) return err.status;
  // body-parser and friends attach a status (413 too large, 400 malformed).
  const status =
    (err as { status?: unknown; statusCode?: unknown })?.status ??
    (err as { statusCode?: unknown })?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 600) return status;
  return 500;
}
