import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The session secret: SESSION_SECRET when set; otherwise one generated on first start and kept
 * beside the database (mode 600), so sessions survive restarts without a secret in the code.
 */
export function loadOrCreateSessionSecret(configured: string | undefined, databaseFile: string): string {
  if (configured) return configured;
  const file = path.join(path.dirname(databaseFile), '.session-secret');
  if (existsSync(file)) {
    const stored = readFileSync(file, 'utf8').trim();
    if (stored.length >= 32) return stored;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
