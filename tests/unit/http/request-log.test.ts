import { Writable } from 'node:stream';
import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { requestLog } from '../../../server/http/request-log';

interface LogLine {
  req: { id: number; method: string; url: string };
  res: { status: number };
  responseTime: number;
}

function appWithLog(level: 'info' | 'silent') {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().trim().split('\n'));
      done();
    },
  });
  const app = express();
  app.use(requestLog(level, sink));
  app.use(express.urlencoded({ extended: false }));
  app.post('/sign-in', (_req, res) => res.redirect(303, '/'));
  app.get('/calendar/:token.ics', (_req, res) => res.type('text/calendar').send('BEGIN:VCALENDAR'));
  app.get('/missing', (_req, res) => res.status(404).send('no'));
  return { app, lines };
}

describe('the request log', () => {
  it('writes one line per request with id, method, url, status and duration, and no secrets', async () => {
    const { app, lines } = appWithLog('info');
    await request(app)
      .post('/sign-in?next=%2Fstaff')
      .set('Cookie', 'rx_sid=cookie-secret')
      .type('form')
      .send({ email: 'a@example.org', password: 'password-secret', _csrf: 'csrf-secret' });
    await request(app).get('/calendar/feed-secret.ics');
    await request(app).get('/missing');
    expect(lines).toHaveLength(3);
    const [signIn, feed, missing] = lines.map((l) => JSON.parse(l) as LogLine);
    expect(signIn!.req).toEqual({ id: 1, method: 'POST', url: '/sign-in?next=%2Fstaff' });
    expect(signIn!.res).toEqual({ status: 303 });
    expect(typeof signIn!.responseTime).toBe('number');
    expect(feed!.req.url).toBe('/calendar/[token].ics');
    expect(missing!.res).toEqual({ status: 404 });
    expect(lines.join('\n')).not.toMatch(/secret|a@example\.org/);
  });

  it('writes nothing when silent (the default of an app built by the tests)', async () => {
    const { app, lines } = appWithLog('silent');
    await request(app).get('/missing');
    expect(lines).toEqual([]);
  });
});
