import path from 'node:path';
import { databaseFile, databaseProvider, databaseUrl } from '../db/database-url';
import { backupDatabase, restoreDatabase } from './backup';

// npm run backup                 → data/backups/rxroster-<UTC timestamp>.db
// npm run backup -- --dir DIR    → into DIR
// npm run restore -- FILE        → replaces DATABASE_URL's file with FILE (stop the server first)
async function main() {
  const [command, ...args] = process.argv.slice(2);
  if (databaseProvider(databaseUrl()) === 'postgresql') {
    throw new Error(
      "DATABASE_URL is a PostgreSQL database: back it up with PostgreSQL's own tools — pg_dump -Fc for a " +
        'consistent copy (pg_restore to restore it), or continuous archiving for point-in-time recovery. ' +
        'npm run backup and restore copy SQLite files only.',
    );
  }
  const file = databaseFile();
  if (command === 'restore') {
    const source = args[0];
    if (!source) throw new Error('Usage: npm run restore -- <backup file>');
    await restoreDatabase(path.resolve(source), file);
    console.log(`Restored ${file} from ${source}. Start the server again with npm start.`);
    return;
  }
  const dirFlag = args.indexOf('--dir');
  const dir =
    dirFlag >= 0 && args[dirFlag + 1]
      ? path.resolve(args[dirFlag + 1]!)
      : path.join(path.dirname(file), 'backups');
  const target = await backupDatabase(file, dir);
  console.log(`Backed up ${file} to ${target}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
