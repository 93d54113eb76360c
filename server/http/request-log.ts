import type { Writable } from 'node:stream';
import type { RequestHandler } from 'express';
import { pinoHttp } from 'pino-http';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A calendar feed's address is its password (server/shifts/calendar.routes.ts): never written down. */
function loggedUrl(url: string): string {
  return url.replace(/^\/calendar\/[^/?]+\.ics/, '/calendar/[token].ics');
}

/**
 * One JSON line per request when it ends: id, method, url, status and duration (ms). Only those:
 * no headers (cookies), no bodies (passwords, CSRF tokens), and no feed tokens.
 */
export function requestLog(level: LogLevel, destination?: Writable): RequestHandler {
  const options = {
    level,
    quietReqLogger: true,
    serializers: {
      req: (req: { id: unknown; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        url: loggedUrl(req.url),
      }),
      res: (res: { statusCode: number }) => ({ status: res.statusCode }),
    },
  };
  return destination ? pinoHttp(options, destination) : pinoHttp(options);
}
