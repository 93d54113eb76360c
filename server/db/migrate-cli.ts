// `npm run db:migrate`: applies pending committed migrations to the database named by DATABASE_URL
// (default file:./data/rxroster.db), exactly as the server does at start-up.
import fs from 'node:fs';
import path from 'node:path';
import { databaseFileFromUrl, databaseUrl } from './database-url';
import { applyMigrations, MigrationError } from './migrate';

function main(): number {
  const file = databaseFileFromUrl(databaseUrl());
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const applied = applyMigrations(file);
  if (applied.length === 0) {
    console.log(`${file} is up to date.`);
  } else {
    console.log(`Applied ${applied.length} migration(s) to ${file}:`);
    for (const name of applied) console.log(`  ${name}`);
  }
  return 0;
}

try {
  process.exitCode = main();
} catch (error) {
  if (error instanceof MigrationError) {
    console.error(error.message);
    process.exitCode = 1;
  } else {
    throw error;
  }
}
