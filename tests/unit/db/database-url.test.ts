import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  absoluteDatabaseUrl,
  databaseFile,
  databaseProvider,
  databaseFileFromUrl,
  databaseUrl,
  DEFAULT_DATABASE_URL,
  REPO_ROOT,
} from '../../../server/db/database-url';

describe('database-url', () => {
  it('defaults to data/rxroster.db under the repository root', () => {
    expect(databaseUrl({})).toBe(DEFAULT_DATABASE_URL);
    expect(databaseUrl({ DATABASE_URL: '  ' })).toBe(DEFAULT_DATABASE_URL);
    expect(databaseFile({})).toBe(path.join(REPO_ROOT, 'data', 'rxroster.db'));
  });

  it('resolves relative file: URLs against the repository root, whatever the working directory', () => {
    expect(databaseFileFromUrl('file:./db/x.db')).toBe(path.join(REPO_ROOT, 'db', 'x.db'));
    expect(databaseFileFromUrl('file:db/x.db')).toBe(path.join(REPO_ROOT, 'db', 'x.db'));
    expect(databaseFileFromUrl('file:../elsewhere/x.db', '/srv/app')).toBe('/srv/elsewhere/x.db');
  });

  it('keeps absolute paths and drops query parameters', () => {
    expect(databaseFileFromUrl('file:/var/lib/rxroster/x.db?connection_limit=1')).toBe(
      '/var/lib/rxroster/x.db',
    );
    expect(databaseFileFromUrl('file:///var/lib/rx%20roster/x.db')).toBe('/var/lib/rx roster/x.db');
    expect(absoluteDatabaseUrl('file:./x.db', '/srv/app')).toBe('file:/srv/app/x.db');
  });

  it('tells the provider from the URL, and names both forms when it is neither', () => {
    expect(databaseProvider('file:./data/rxroster.db')).toBe('sqlite');
    expect(databaseProvider('postgresql://rx:secret@db:5432/rxroster')).toBe('postgresql');
    expect(databaseProvider('postgres://rx@db/rxroster')).toBe('postgresql');
    expect(() => databaseProvider('mysql://rx:secret@db/rxroster')).toThrow(
      'DATABASE_URL must be a SQLite "file:" URL (for example file:./data/rxroster.db) or a PostgreSQL "postgresql://user:password@host:5432/database" URL; got "mysql://rx:…@db/rxroster"',
    );
  });

  it('rejects URLs that are not a SQLite file', () => {
    expect(() => databaseFileFromUrl('postgresql://localhost/rx')).toThrow(/must be a SQLite "file:" URL/);
    expect(() => databaseFileFromUrl('file::memory:')).toThrow(/must name a database file/);
    expect(() => databaseFileFromUrl('file:')).toThrow(/must name a database file/);
  });
});
