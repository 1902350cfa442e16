/**
 * Command line: `npm run cli -- <command>`.
 *   db:migrate   apply pending migrations (and load the Gebiete) on DATABASE_URL or DATA_DIR
 */
import { openDatabase } from '../src/db/client';
import { migrate } from '../src/db/migrate';
import { loadGebiete } from '../src/gebiet/repository';
import { databaseSource } from '../src/bootstrap';
import { ConfigError, loadConfig } from '../src/config';

const USAGE = `usage: npm run cli -- <command>

commands:
  db:migrate   apply pending migrations and load the Gebiete`;

async function main(argv: string[]): Promise<number> {
  const [command] = argv;
  const config = loadConfig();
  switch (command) {
    case 'db:migrate': {
      const database = await openDatabase(databaseSource(config));
      try {
        const applied = await migrate(database);
        const gebiete = await loadGebiete(database.db);
        console.log(applied.length ? `applied: ${applied.join(', ')}` : 'schema is current');
        if (gebiete) console.log(`loaded ${gebiete} Gebiete`);
      } finally {
        await database.close();
      }
      return 0;
    }
    default:
      console.error(USAGE);
      return command ? 2 : 0;
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code), (err) => {
  console.error(err instanceof ConfigError ? `Configuration error: ${err.message}` : err);
  process.exit(1);
});
