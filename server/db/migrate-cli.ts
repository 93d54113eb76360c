// `npm run db:migrate`: applies pending committed migrations to the database named by DATABASE_URL
// (default file:./data/rxroster.db), exactly as the server does at start-up. With several instances
// on PostgreSQL, run it as the release step before starting them (they would also migrate at start,
// one at a time under the migration lock, but a failed migration then stops every instance).
import { databaseUrl } from './database-url';
import { MigrationError } from './migrate';
import { prepareDatabase } from './prepare';

async function main(): Promise<number> {
  const { where, applied } = await prepareDatabase(databaseUrl());
  if (applied.length === 0) {
    console.log(`${where} is up to date.`);
  } else {
    console.log(`Applied ${applied.length} migration(s) to ${where}:`);
    for (const name of applied) console.log(`  ${name}`);
  }
  return 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  if (error instanceof MigrationError) {
    console.error(error.message);
    process.exitCode = 1;
  } else {
    throw error;
  }
}
