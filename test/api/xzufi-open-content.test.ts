/**
 * Nothing a foreign system sends is lost, through the database: objects with foreign elements at
 * arbitrary legal places import, export with them where they stood, import again as unchanged, and
 * export again identically (after canonicalisation: version data is each installation's own).
 */
import fc from 'fast-check';
import { decodeMessage, encodeMessage } from '../../src/xzufi/message';
import type { XzufiObject } from '../../src/xzufi/objects';
import { withForeignElements } from '../helpers/openContent';
import { createTestApp, type TestApp } from '../helpers/testApp';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

const de = (value: string) => [{ languageCode: 'de', value }];
let n = 0;
const bases = (): XzufiObject[] => {
  n++;
  return [
    { klasse: 'Leistung', id: { schemeAgencyID: 'S99001', id: `L-${n}` }, content: {
      referenzLeiKa: [`99102${100 + n}001000`], typisierung: ['1'], gueltigkeitGebietID: ['060000000000'],
      struktur: { typ: 'lov', leistungsgruppierung: '102', leistungsobjektID: { id: `99102${100 + n}000000` }, verrichtung: '001' },
      modulText: [{ leikaTextmodul: '02', inhalt: de(`Leistung ${n}`) }, { leikaTextmodul: '05', inhalt: de('Kurz'), weiterfuehrenderLink: [{ uri: 'https://a.example/' }] }],
      modulKosten: { kosten: [{ frei: {} }], beschreibung: de('Keine') },
    } },
    { klasse: 'Organisationseinheit', id: { schemeAgencyID: 'S99001', id: `OE-${n}` }, content: { name: de(`Amt ${n}`), anschrift: [{ typ: '002', ort: 'Wanfried', ars: '066360013013' }], kommunikation: [{ kanal: '01', kennung: 'amt@wanfried.example' }] } },
    { klasse: 'Onlinedienst', id: { schemeAgencyID: 'S99001', id: `OD-${n}` }, content: { bezeichnung: de(`Dienst ${n}`), link: [{ typ: '01', link: 'https://dienst.example/' }], gueltigkeitGebietID: ['066360013013'] } },
  ];
};
const produkt = { produktbezeichnung: 'p', produkthersteller: 'h', produktversion: '1' };
const kopf = { nachrichtUUID: 'u', erstelltDatumZeit: '2026-12-01T00:00:00Z' };
const post = (xml: string) => t.api.post('/xzufi/v1/import').set('Content-Type', 'application/xml').send(Buffer.from(xml));
const canonical = (o: XzufiObject) => {
  const { sprachversion: _s, modulFachlicheFreigabe: _f, ...content } = o.content;
  return { klasse: o.klasse, id: o.id, content };
};

async function exportOf(ids: string[], since: string): Promise<{ objects: XzufiObject[]; cursor: string }> {
  const res = await t.api.get(`/xzufi/v1/changes?limit=1000&since=${since}`);
  const objects = decodeMessage(res.text).items.filter((i): i is Extract<typeof i, { op: 'schreibe' }> => i.op === 'schreibe' && ids.includes(i.object.id.id)).map((i) => i.object);
  return { objects, cursor: res.headers['xzufi-next-cursor'] as string };
}

it('keeps foreign elements through import, export and import again', async () => {
  await fc.assert(fc.asyncProperty(fc.constant(null).chain(() => fc.tuple(...bases().map(withForeignElements))), async (objects) => {
    const start = (await t.api.get('/xzufi/v1/changes?limit=1')).headers['xzufi-next-cursor'] as string;
    const first = await post(encodeMessage(produkt, kopf, objects.map((object) => ({ op: 'schreibe' as const, object }))));
    expect({ error: first.body.error, errors: first.body.errors }).toEqual({ error: undefined, errors: [] });
    const ids = objects.map((o) => o.id.id);
    const out = await exportOf(ids, '0.0');
    expect(out.objects.map(canonical)).toEqual(objects.map(canonical));
    const again = await post(encodeMessage(produkt, kopf, out.objects.map((object) => ({ op: 'schreibe' as const, object }))));
    expect(again.body.status).toBe('applied');
    expect(Object.values(again.body.counts as Record<string, { created: number; updated: number }>).every((c) => c.created === 0 && c.updated === 0)).toBe(true);
    const second = await exportOf(ids, '0.0');
    expect(second.objects).toEqual(out.objects);
    void start;
  }), { numRuns: 12 });
});
