import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// What a PostgreSQL set-up refuses before it touches the database (no server needed: the checks
// come first, so the URL below points nowhere).
const NOWHERE = 'postgresql://rxroster:secret@127.0.0.1:9/rxroster';

function run(entry: string[], env: Record<string, string>) {
  const { SESSION_SECRET: _secret, ...rest } = process.env;
  const result = spawnSync(process.execPath, ['--import', 'tsx', ...entry], {
    env: { ...rest, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('on PostgreSQL', () => {
  it('the server refuses to start without SESSION_SECRET, and says why', () => {
    const { status, output } = run(['server/index.ts'], { DATABASE_URL: NOWHERE, SEED_DEMO: 'false' });
    expect(status).toBe(1);
    expect(output.trim()).toBe(
      'SESSION_SECRET (at least 32 characters, the same on every instance) is required with PostgreSQL.',
    );
  });

  it('npm run backup says to use pg_dump or point-in-time recovery instead of copying anything', () => {
    const { status, output } = run(['server/cli/backup-cli.ts', 'backup'], { DATABASE_URL: NOWHERE });
    expect(status).toBe(1);
    expect(output).toContain('back it up with PostgreSQL');
    expect(output).toContain('pg_dump -Fc');
    expect(output).toContain('point-in-time recovery');
    expect(output).toContain('npm run backup and restore copy SQLite files only.');
  });
});
