import { spawn, type ChildProcess } from 'node:child_process';

export interface ServerProcess {
  child: ChildProcess;
  baseUrl: string;
  output: () => string;
  /** Resolves with the exit code (or the signal's name) when the process ends. */
  exited: Promise<number | string>;
}

/** The TypeScript sources through tsx, as `npm run dev` runs them. */
const SOURCE_ENTRY = ['--import', 'tsx', 'server/index.ts'];

/** Starts the real server (by default from the sources; `npm start` runs dist/server/index.js) on a free loopback port. */
export async function startServerProcess(
  databaseFile: string,
  env: Record<string, string> = {},
  entry: string[] = SOURCE_ENTRY,
  startTimeoutMs = 30_000,
): Promise<ServerProcess> {
  const child = spawn(process.execPath, entry, {
    env: { ...process.env, DATABASE_URL: `file:${databaseFile}`, PORT: '0', SEED_DEMO: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The server did not start:\n${text}`)), startTimeoutMs);
    const check = () => {
      const match = /running at (http:\/\/\S+)/.exec(text);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout!.on('data', check);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`The server exited before listening:\n${text}`));
    });
  });
  return { child, baseUrl, output: () => text, exited };
}

function cookiePairs(res: Response): string[] {
  return res.headers.getSetCookie().map((c) => c.split(';')[0]!);
}

/** Signs in over real HTTP; returns the Cookie header of the new session. */
export async function signInOverHttp(baseUrl: string, email: string, password: string): Promise<string> {
  const page = await fetch(`${baseUrl}/sign-in`);
  const anon = cookiePairs(page).join('; ');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  const res = await fetch(`${baseUrl}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: anon },
    body: new URLSearchParams({ email, password, _csrf: csrf }),
  });
  const sid = cookiePairs(res).find((c) => c.startsWith('rx_sid='));
  if (res.status !== 303 || !sid) throw new Error(`Sign-in as ${email} failed with ${res.status}`);
  return sid;
}

/** The CSRF token of a signed-in session, read from its home page. */
export async function csrfOverHttp(baseUrl: string, cookie: string): Promise<string> {
  const res = await fetch(`${baseUrl}/`, { headers: { cookie } });
  const token = /name="_csrf" value="([^"]+)"/.exec(await res.text())?.[1];
  if (!token) throw new Error('No CSRF token on the home page');
  return token;
}

export interface WorkerProcess extends Omit<ServerProcess, 'baseUrl'> {
  /** The id it writes on the jobs it claims (SolveJob.workerId). */
  workerId: string;
}

/** Starts `npm run worker` (by default from the sources, as `npm run dev:worker`) on a database. */
export async function startWorkerProcess(
  databaseUrl: string,
  env: Record<string, string> = {},
  entry: string[] = ['--import', 'tsx', 'server/worker.ts'],
): Promise<WorkerProcess> {
  const child = spawn(process.execPath, entry, {
    env: { ...process.env, DATABASE_URL: databaseUrl, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  const workerId = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The worker did not start:\n${text}`)), 30_000);
    const check = () => {
      const match = /Solver worker (\S+) is running/.exec(text);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout!.on('data', check);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`The worker exited before it ran:\n${text}`));
    });
  });
  return { child, workerId, output: () => text, exited };
}
