import path from 'node:path';
import { fileURLToPath } from 'node:url';

const twoUp = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The repository root: this file lives in server/db/, or in dist/server/db/ when compiled. */
export const REPO_ROOT = path.basename(twoUp) === 'dist' ? path.dirname(twoUp) : twoUp;

/** Used when DATABASE_URL is not set: an embedded SQLite file in the git-ignored data/ folder. */
export const DEFAULT_DATABASE_URL = 'file:./data/rxroster.db';

export type DatabaseProvider = 'sqlite' | 'postgresql';

/**
 * Which database a URL names: `file:` is an embedded SQLite file (one pharmacy), `postgres://` or
 * `postgresql://` a PostgreSQL server (a chain: several app instances and solver workers share it).
 */
export function databaseProvider(url: string = databaseUrl()): DatabaseProvider {
  if (url.startsWith('file:')) return 'sqlite';
  if (/^postgres(ql)?:\/\//.test(url)) return 'postgresql';
  throw new Error(
    `DATABASE_URL must be a SQLite "file:" URL (for example ${DEFAULT_DATABASE_URL}) or a PostgreSQL ` +
      `"postgresql://user:password@host:5432/database" URL; got "${url.replace(/:[^:@/]*@/, ':…@')}"`,
  );
}

/** DATABASE_URL from the environment, or the default. */
export function databaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  const value = env.DATABASE_URL?.trim();
  return value ? value : DEFAULT_DATABASE_URL;
}

/**
 * The SQLite file a `file:` URL names, as an absolute path. Relative paths (`file:./data/x.db`,
 * `file:data/x.db`) are resolved against the repository root, whatever the working directory;
 * query parameters (`?connection_limit=1`) are ignored.
 */
export function databaseFileFromUrl(url: string = databaseUrl(), root: string = REPO_ROOT): string {
  if (!url.startsWith('file:')) {
    throw new Error(
      `DATABASE_URL must be a SQLite "file:" URL (for example ${DEFAULT_DATABASE_URL}); got "${url}"`,
    );
  }
  let rest = url.slice('file:'.length);
  if (rest.startsWith('//')) rest = rest.slice(2);
  const file = decodeURIComponent(rest.split('?')[0] ?? '');
  if (file === '' || file === ':memory:') {
    throw new Error(`DATABASE_URL must name a database file; got "${url}"`);
  }
  return path.resolve(root, file);
}

/** The same URL with the file made absolute, e.g. `file:/srv/rxroster/data/rxroster.db`. */
export function absoluteDatabaseUrl(url: string = databaseUrl(), root: string = REPO_ROOT): string {
  return `file:${databaseFileFromUrl(url, root)}`;
}

/** The database file from the environment's DATABASE_URL (or the default), as an absolute path. */
export function databaseFile(env: NodeJS.ProcessEnv = process.env): string {
  return databaseFileFromUrl(databaseUrl(env));
}
