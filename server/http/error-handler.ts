import type { ErrorRequestHandler, RequestHandler } from 'express';
import { HttpError, messages, NotFoundError } from './errors';

/** GET/HEAD for a path no route matched. */
export const notFoundHandler: RequestHandler = (_req, _res, next) => {
  next(new NotFoundError());
};

/** Renders every error in the app's layout; the stack only outside production. */
export function errorHandler(options: { showStack: boolean }): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const status = errorStatus(err);
    if (status >= 500) console.error(err);
    if (res.headersSent) return;
    const message = status >= 500 ? messages.internal : (err as Error).message;
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
    res.render(view, {
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
    });
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
