import { prepareDatabase } from '../../src/bootstrap';
import { createTestDatabase, type TestDatabase } from '../helpers/testDb';

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
      expect(rows).toHaveLength(13);
      expect(new Set(rows.map((r) => r.xzufiId)).size).toBe(13);
    } finally {
      await Promise.all(others.map((db) => db.close()));
    }
  });
});
