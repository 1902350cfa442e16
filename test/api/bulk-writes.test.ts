/**
 * The write paths an import takes in bulk, on the real database: rows sent as one JSON parameter
 * (src/db/jsonRows.ts) arrive exactly as Drizzle's own INSERT would write them — every column
 * type the object tables use, defaults, NULLs, computed columns, order — and the LeiKa catalogue
 * a long transaction reads once answers as the per-key queries do.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../src/db/client';
import { insertJsonRows } from '../../src/db/jsonRows';
import { leikaKnown, prefetchLeika } from '../../src/db/leikaStore';
import { getObject, insertObjects, rowColumns, rowsOf } from '../../src/db/objectStore';
import { auditLog, leikaEintraege, organisationseinheiten } from '../../src/db/schema';
import { createTestDatabase, type TestDatabase } from '../helpers/testDb';

let t: TestDatabase;
let db: Db;

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.database.db;
});
afterAll(() => t.close());

/** Rolls back whatever the test wrote. */
async function inRolledBack(fn: (tx: Db) => Promise<void>): Promise<void> {
  const undo = new Error('undo');
  await expect(db.transaction(async (tx) => {
    await fn(tx as unknown as Db);
    throw undo;
  })).rejects.toBe(undo);
}

describe('insertJsonRows', () => {
  it('writes what Drizzle writes: jsonb, text[], timestamps, NULLs, defaults; returns rows as Drizzle reads them', async () => {
    await inRolledBack(async (tx) => {
      const base = { schemeAgencyId: 'S06000', tenantId: null, status: 'entwurf' as const, createdBy: 'test', changedBy: 'test', search: sql`''::tsvector` };
      const content = { name: [{ languageCode: 'de', value: 'Bürgeramt „Mitte“ — 100 % \\ "zitiert"' }], nested: { a: [1, 2.5, null, true] } };
      const returning = rowColumns(organisationseinheiten);
      const [viaDrizzle] = await tx.insert(organisationseinheiten).values({ ...base, xzufiId: 'drizzle', content, ars: ['066360013013', '065340014014'] }).returning(returning as never) as Array<Record<string, unknown>>;
      const [viaJson] = await insertJsonRows(tx, organisationseinheiten, [{ ...base, search: undefined, xzufiId: 'json', content, ars: ['066360013013', '065340014014'] }], {
        computed: { search: sql`''::tsvector` },
        returning,
      });
      const stored = await getObject(tx, organisationseinheiten, viaJson!.uuid as string);
      const comparable = (r: Record<string, unknown>) => {
        const { uuid: _u, seq: _s, xzufiId: _x, changeSeq: _c, changeXid: _i, ...rest } = r;
        return rest;
      };
      expect(comparable(viaJson!)).toEqual(comparable(stored!));
      expect(comparable(stored!)).toEqual(comparable(viaDrizzle!));
      expect(stored!.content).toEqual(content);
      expect(stored!.createdAt).toBeInstanceOf(Date);
      expect(stored!.version).toBe(1);
      expect(Number(viaJson!.seq)).toBeGreaterThan(Number(viaDrizzle!.seq));
    });
  });

  it('keeps the order of the rows (creation order), reads extra keys through `e`, and refuses a defaulted column missing from some rows and SQL among the values', async () => {
    await inRolledBack(async (tx) => {
      const rows = Array.from({ length: 30 }, (_, i) => ({
        schemeAgencyId: 'S06000', xzufiId: `bulk-${String(29 - i).padStart(2, '0')}`, tenantId: null, status: 'entwurf', createdBy: 'test', changedBy: 'test',
        content: { i }, ars: [], words: `Wort${i} Standesamt`,
      }));
      const written = await insertJsonRows(tx, organisationseinheiten, rows, {
        computed: { search: sql`to_tsvector('german', e->>'words')` },
        returning: { uuid: organisationseinheiten.uuid, seq: organisationseinheiten.seq, xzufiId: organisationseinheiten.xzufiId },
      });
      expect(written.map((r) => r.xzufiId)).toEqual(rows.map((r) => r.xzufiId));
      const seqs = written.map((r) => Number(r.seq));
      expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
      const found = rowsOf<{ xzufi_id: string }>(await tx.execute(sql`SELECT xzufi_id FROM organisationseinheiten WHERE search @@ to_tsquery('german', 'standesamt') AND xzufi_id LIKE 'bulk-%'`));
      expect(found).toHaveLength(30);

      const uneven = [{ ...rows[0]!, xzufiId: 'a', version: 3 }, { ...rows[1]!, xzufiId: 'b' }];
      await expect(insertJsonRows(tx, organisationseinheiten, uneven, { computed: { search: sql`''::tsvector` } })).rejects.toThrow(/version has a default and is missing from some rows/);
      await expect(insertJsonRows(tx, organisationseinheiten, [{ ...rows[0]!, search: sql`''::tsvector` }])).rejects.toThrow(/search is an SQL expression/);
    });
  });

  it('insertObjects: published and working versions in one batch, search text or none', async () => {
    await inRolledBack(async (tx) => {
      const write = (xzufiId: string, status: 'entwurf' | 'veroeffentlicht', searchText?: string) => ({
        schemeAgencyId: 'S06000', xzufiId, tenantId: null, content: { xzufiId }, ars: ['066360013013'], actor: 'importer', columns: {}, status, searchText,
      });
      const rows = await insertObjects(tx, organisationseinheiten, [write('pub', 'veroeffentlicht', 'Ordnungsamt Wanfried'), write('draft', 'entwurf')]);
      expect(rows.map((r) => r.xzufiId)).toEqual(['pub', 'draft']);
      const [pub, draft] = rows;
      expect(pub).toMatchObject({ status: 'veroeffentlicht', publishedVersion: 1, publishedBy: 'importer', createdBy: 'importer' });
      expect(pub!.publishedAt).toBeInstanceOf(Date);
      expect(draft).toMatchObject({ status: 'entwurf', publishedVersion: null, publishedBy: null, publishedAt: null });
      const vectors = rowsOf<{ xzufi_id: string; search: string }>(await tx.execute(sql`SELECT xzufi_id, search::text FROM organisationseinheiten WHERE xzufi_id IN ('pub', 'draft') ORDER BY xzufi_id`));
      expect(vectors).toEqual([{ xzufi_id: 'draft', search: '' }, { xzufi_id: 'pub', search: expect.stringContaining("'ordnungsamt'") }]);
    });
  });

  it('writes audit entries whose optional columns some rows leave out', async () => {
    await inRolledBack(async (tx) => {
      const uuid = crypto.randomUUID();
      await insertJsonRows(tx, auditLog, [
        { actorId: 'a', actorKind: 'user', objectTable: 'leistungen', objectUuid: uuid, action: 'create', versionAfter: 1, detail: { x: [1] } },
        { actorId: 'b', actorKind: 'token', objectTable: 'leistungen', objectUuid: uuid, action: 'update', versionBefore: 1, versionAfter: 2 },
      ]);
      const rows = await tx.select().from(auditLog).where(eq(auditLog.objectUuid, uuid)).orderBy(auditLog.id);
      expect(rows.map((r) => [r.actorId, r.versionBefore, r.versionAfter, r.detail])).toEqual([['a', null, 1, { x: [1] }], ['b', 1, 2, null]]);
      expect(rows[0]!.at).toBeInstanceOf(Date);
    });
  });
});

describe('LeiKa entries read ahead for a transaction', () => {
  it('answers as the per-key queries do, unknown keys and keys not read ahead included', async () => {
    const sample = (await db.select({ key: leikaEintraege.key }).from(leikaEintraege).orderBy(leikaEintraege.key).limit(40)).map((r) => r.key);
    expect(sample).toHaveLength(40);
    const asks = Array.from({ length: 20 }, (_, i) => [sample[i * 2]!, sample[i * 2 + 1]!, `99${String(i).padStart(12, '0')}`]);
    const expected = await Promise.all(asks.map((keys) => leikaKnown(db, keys)));
    await inRolledBack(async (tx) => {
      // Half of the keys read ahead, the rest asked for later.
      await prefetchLeika(tx, asks.slice(0, 10).flat());
      for (const [i, keys] of asks.entries()) expect(await leikaKnown(tx, keys)).toEqual(expected[i]);
    });
    for (const [i, keys] of asks.entries()) expect(expected[i]!.size).toBe(keys.filter((k) => sample.includes(k)).length);
  });
});
