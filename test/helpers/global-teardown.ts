import { rmSync } from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const { testConfig, PGLITE_TEMPLATE_FILE, PG_TEMPLATE_DB, adminQuery } = await import('./template');
  if (testConfig.target === 'postgres') await adminQuery(`DROP DATABASE IF EXISTS ${PG_TEMPLATE_DB}`);
  else rmSync(PGLITE_TEMPLATE_FILE, { force: true });
}
