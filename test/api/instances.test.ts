import { readFileSync } from 'node:fs';
import { prepareDatabase } from '../../src/bootstrap';
import { DEMO_FIXTURE } from '../../src/seed/demo';
import { createTestDatabase, type TestDatabase } from '../helpers/testDb';

/** The Leistungen of the shipped demo file. */
const DEMO_LEISTUNGEN = (JSON.parse(readFileSync(DEMO_FIXTURE, 'utf8')) as { leistungen: unknown[] }).leistungen.length;
let t: TestDatabase;
beforeAll(async () => { t = await createTestDatabase(); });
afterAll(async () => { await t.close(); });

describe('several instances on one database', () => {
  it('start together and load the demo data exactly once', async () => {
    // PGlite has one process by design; the race only exists on a PostgreSQL server.
    if (!t.openAnother) return expect(t.database.kind).toBe('pglite');
    const others = await Promise.all([t.openAnother(), t.openAnother(), t.openAnother()]);
    try {
      await Promise.all([t.database, ...others].map((db) => prepareDatabase(db, { demoData: true, schemeAgencyId: 'S06000' })));
      const rows = await t.database.db.query.leistungen.findMany({ columns: { xzufiId: true } });
      expect(rows).toHaveLength(DEMO_LEISTUNGEN);
      expect(new Set(rows.map((r) => r.xzufiId)).size).toBe(DEMO_LEISTUNGEN);
    } finally {
      await Promise.all(others.map((db) => db.close()));
    }
  });
});
