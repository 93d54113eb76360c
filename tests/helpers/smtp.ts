import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string;
  from: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  headers: Map<string, unknown>;
  /** The SMTP session was upgraded with STARTTLS before the message was sent. */
  secure: boolean;
}

export interface TestSmtp {
  /** `SMTP_URL` for this server: its user and password, STARTTLS with its self-signed certificate. */
  url: string;
  received: ReceivedMail[];
  /** MAIL FROM commands seen (each is one delivery attempt). */
  attempts: () => number;
  /** Connections opened to the server. */
  connections: () => number;
  /** Waits until `count` messages have arrived; throws after `timeoutMs`. */
  waitFor: (count: number, timeoutMs?: number) => Promise<void>;
  close: () => Promise<void>;
}

const USER = 'rxroster';
const PASS = 'mail-secret';

/**
 * A real SMTP server on loopback (smtp-server, STARTTLS with its built-in self-signed certificate,
 * AUTH required) that keeps every message it accepts. `refuseFirst`: that many delivery attempts
 * are refused with 451 at MAIL FROM. `hangFirst`: that many connections get no greeting at all.
 */
export async function startTestSmtp(
  options: { refuseFirst?: number; hangFirst?: number } = {},
): Promise<TestSmtp> {
  const received: ReceivedMail[] = [];
  let attempts = 0;
  let connections = 0;
  const server = new SMTPServer({
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onConnect(_session, callback) {
      connections += 1;
      // A hung server: the client waits for a greeting that never comes.
      if (connections <= (options.hangFirst ?? 0)) return;
      callback();
    },
    onAuth(auth, _session, callback) {
      if (auth.username === USER && auth.password === PASS) return callback(null, { user: USER });
      callback(new Error('Invalid username or password'));
    },
    onMailFrom(_address, _session, callback) {
      attempts += 1;
      if (attempts <= (options.refuseFirst ?? 0)) {
        const err = new Error('Try again later') as Error & { responseCode: number };
        err.responseCode = 451;
        return callback(err);
      }
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push({
            to: session.envelope.rcptTo.map((r) => r.address).join(','),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            html: typeof mail.html === 'string' ? mail.html : '',
            messageId: mail.messageId ?? '',
            headers: mail.headers,
            secure: session.secure,
          });
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://${USER}:${PASS}@127.0.0.1:${port}?tls.rejectUnauthorized=false`,
    received,
    attempts: () => attempts,
    connections: () => connections,
    async waitFor(count, timeoutMs = 20_000) {
      const until = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > until) throw new Error(`Expected ${count} emails, got ${received.length}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
