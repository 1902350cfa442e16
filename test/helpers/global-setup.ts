import { writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { openDatabase } from '../../src/db/client';
import { prepareDatabase } from '../../src/bootstrap';

export default async function globalSetup(): Promise<void> {
  // One id per run, inherited by the workers, so parallel runs never share templates.
  process.env.JEST_RUN_ID = randomBytes(4).toString('hex');
  const { testConfig, PGLITE_TEMPLATE_FILE, PG_TEMPLATE_DB, adminQuery, serverUrl } = await import('./template');
  if (testConfig.target === 'postgres') {
    await adminQuery(`DROP DATABASE IF EXISTS ${PG_TEMPLATE_DB}`);
    await adminQuery(`CREATE DATABASE ${PG_TEMPLATE_DB}`);
    const database = await openDatabase({ kind: 'postgres', url: serverUrl(PG_TEMPLATE_DB), poolSize: 2 });
    await prepareDatabase(database, { demoData: false, schemeAgencyId: 'S06000' });
    await database.close();
  } else {
    const database = await openDatabase({ kind: 'pglite' });
    await prepareDatabase(database, { demoData: false, schemeAgencyId: 'S06000' });
    const dump = await database.dump!();
    writeFileSync(PGLITE_TEMPLATE_FILE, Buffer.from(await dump.arrayBuffer()));
    await database.close();
  }
}
