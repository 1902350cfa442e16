import { gzipSync } from 'node:zlib';
import { seedDemo } from '../../src/seed/demo';
import { decodeMessage, encodeMessage, TRANSFER_ROOT, type Loesche } from '../../src/xzufi/message';
import type { XzufiObject } from '../../src/xzufi/objects';
import { XZUFI_NS } from '../../src/xzufi/xml';
import { HESSEN, WANFRIED } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/testApp';

let source: TestApp;
let target: TestApp;

beforeAll(async () => {
  [source, target] = await Promise.all([createTestApp(), createTestApp()]);
  await seedDemo(source.database, source.config.schemeAgencyId);
});
afterAll(async () => { await Promise.all([source.close(), target.close()]); });

const AGENCY = 'S06000';
const de = (value: string) => [{ languageCode: 'de', value }];
const produkt = { produktbezeichnung: 'Kommunal-CMS', produkthersteller: 'Test', produktversion: '1' };
const kopf = { nachrichtUUID: '00000000-0000-4000-8000-000000000001', erstelltDatumZeit: '2026-11-25T08:00:00Z', sender: 'kommune-wanfried' };

type Item = { op: 'schreibe'; object: XzufiObject } | { op: 'loesche'; loesche: Loesche };
const schreibe = (object: XzufiObject): Item => ({ op: 'schreibe', object });
const message = (items: Item[]) => encodeMessage(produkt, kopf, items);

function leistung(id: string, leika: string, extra: Record<string, unknown> = {}): XzufiObject {
  return {
    klasse: 'Leistung',
    id: { schemeAgencyID: AGENCY, id },
    content: { referenzLeiKa: leika, modulText: [{ leikaTextmodul: '02', inhalt: de(`Leistung ${id}`) }, { leikaTextmodul: '05', inhalt: de(`Kurztext ${id}`) }], gueltigkeitGebietID: [HESSEN], ...extra },
  };
}

const post = (t: TestApp, xml: string | Buffer, query = '', type = 'application/xml') =>
  t.api.post(`/xzufi/v1/import${query}`).set('Content-Type', type).send(typeof xml === 'string' ? Buffer.from(xml) : xml);

/** The published state of an installation as XZuFi objects by identity, without local version data. */
async function exportedState(t: TestApp): Promise<Map<string, XzufiObject>> {
  const index = await t.api.get('/xzufi/v1/index.txt');
  const state = new Map<string, XzufiObject>();
  for (const f of index.text.split('\n').filter(Boolean)) {
    for (const item of decodeMessage((await t.api.get(`/xzufi/v1/${f}`)).text).items) {
      if (item.op !== 'schreibe') continue;
      // Version data is each installation's own: its versionsinformation, and the sprachversion made from it.
      const { versionsinformation, ...object } = item.object;
      const { sprachversion, ...content } = object.content;
      state.set(`${object.klasse} ${object.id.schemeAgencyID}/${object.id.id}`, { ...object, content });
    }
  }
  return state;
}

async function count(t: TestApp, path: string, query = ''): Promise<number> {
  let n = 0;
  let cursor: string | null = null;
  do {
    const res = await t.api.get(`/api/v1/${path}?limit=200${query}${cursor ? `&cursor=${cursor}` : ''}`);
    n += res.body.items.length;
    cursor = res.body.nextCursor;
  } while (cursor);
  return n;
}

describe('import of the demo export into an empty database', () => {
  let files: string[];

  beforeAll(async () => {
    const index = await source.api.get('/xzufi/v1/index.txt');
    files = [];
    for (const f of index.text.split('\n').filter(Boolean)) files.push((await source.api.get(`/xzufi/v1/${f}`)).text);
  });

  it('reproduces the published state object for object', async () => {
    for (const xml of files) {
      const res = await post(target, xml);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'applied', errors: [] });
    }
    const [before, after] = await Promise.all([exportedState(source), exportedState(target)]);
    expect(after.size).toBe(before.size);
    expect(Object.fromEntries(after)).toEqual(Object.fromEntries(before));
  });

  it('changes nothing when the same files come again', async () => {
    const countsBefore = await Promise.all(['leistungen', 'organisationseinheiten', 'zustaendigkeiten', 'kategorien'].map((p) => count(target, p)));
    const feedBefore = (await target.api.get('/xzufi/v1/changes?limit=1000')).headers['xzufi-next-cursor'];
    for (const xml of files) {
      const res = await post(target, xml);
      expect(res.status).toBe(200);
      for (const [klasse, c] of Object.entries(res.body.counts as Record<string, Record<string, number>>)) {
        expect({ klasse, created: c.created, updated: c.updated, deleted: c.deleted, failed: c.failed }).toEqual({ klasse, created: 0, updated: 0, deleted: 0, failed: 0 });
      }
    }
    expect(await Promise.all(['leistungen', 'organisationseinheiten', 'zustaendigkeiten', 'kategorien'].map((p) => count(target, p)))).toEqual(countsBefore);
    const feed = await target.api.get(`/xzufi/v1/changes?since=${feedBefore}`);
    expect(decodeMessage(feed.text).items).toEqual([]);
  });
});

describe('atomic and partial imports', () => {
  const items = (): Item[] => [
    schreibe(leistung('L-A', '99102013201000')),
    schreibe(leistung('L-B', '99102013202000', { gueltigkeitGebietID: ['069999999999'] })),
    schreibe({ klasse: 'LeistungSpezialisierung', id: { schemeAgencyID: AGENCY, id: 'SP-X' }, content: { leistungId: { schemeAgencyID: AGENCY, id: 'L-FEHLT' }, gebietID: [WANFRIED] } }),
    schreibe(leistung('L-C', '99102013203000')),
  ];

  it('stores nothing when one object is wrong, and reports every problem with position', async () => {
    const xml = message(items());
    const res = await post(target, xml);
    expect(res.status).toBe(422);
    expect(res.body.status).toBe('rejected');
    // Problems point at the schreibe element, two lines above the object's id.
    const schreibeLine = (id: string) => xml.split('\n').findIndex((l) => l.includes(`>${id}<`)) + 1 - 2;
    expect(res.body.errors).toEqual([
      expect.objectContaining({ index: 1, klasse: 'Leistung', id: 'L-B', path: '/gueltigkeitGebietID[1]', line: schreibeLine('L-B'), column: 3, message: expect.stringContaining('069999999999') }),
      expect.objectContaining({ index: 2, klasse: 'LeistungSpezialisierung', id: 'SP-X', path: '/leistungID', message: expect.stringContaining('L-FEHLT') }),
    ]);
    expect(res.body.counts.Leistung).toEqual({ created: 0, updated: 0, unchanged: 0, deleted: 0, failed: 1 });
    expect(await count(target, 'leistungen', '&leikaKey=991020132')).toBe(0);
  });

  it('in partial mode stores the valid objects and reports the rest', async () => {
    const res = await post(target, message(items()), '?mode=partial');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('partially_applied');
    expect(res.body.counts.Leistung).toEqual({ created: 2, updated: 0, unchanged: 0, deleted: 0, failed: 1 });
    expect(res.body.counts.LeistungSpezialisierung.failed).toBe(1);
    expect(await count(target, 'leistungen', '&leikaKey=991020132')).toBe(2);
  });

  it('deletes with loesche, leaves a tombstone for the feed, and treats a repeated loesche as done', async () => {
    const cursor = (await target.api.get('/xzufi/v1/changes?limit=1000')).headers['xzufi-next-cursor'];
    const loesche: Item = { op: 'loesche', loesche: { klasse: 'Leistung', id: { schemeAgencyID: AGENCY, id: 'L-C' } } };
    const first = await post(target, message([loesche]));
    expect(first.body.counts.Leistung.deleted).toBe(1);
    const feed = decodeMessage((await target.api.get(`/xzufi/v1/changes?since=${cursor}`)).text);
    expect(feed.items.map((i) => i.op === 'loesche' && i.loesche.id.id)).toEqual(['L-C']);
    const second = await post(target, message([loesche]));
    expect(second.status).toBe(200);
    expect(second.body.counts.Leistung).toMatchObject({ deleted: 0, unchanged: 1 });
    expect(second.body.warnings).toEqual([expect.objectContaining({ id: 'L-C', message: expect.stringContaining('not present') })]);
  });

  it('refuses to delete what is still referenced, naming the reference', async () => {
    const res = await post(target, message([{ op: 'loesche', loesche: { klasse: 'Leistung', id: { schemeAgencyID: AGENCY, id: 'L-PERSONALAUSWEIS' } } }]));
    expect(res.status).toBe(422);
    expect(res.body.errors[0]).toMatchObject({ id: 'L-PERSONALAUSWEIS', message: expect.stringMatching(/still referenced/) });
  });

  it('refuses an object written twice, or written and deleted, in one message', async () => {
    const res = await post(target, message([
      schreibe(leistung('L-D', '99102013204000')), schreibe(leistung('L-D', '99102013204000')),
      schreibe(leistung('L-E', '99102013205000')), { op: 'loesche', loesche: { klasse: 'Leistung', id: { schemeAgencyID: AGENCY, id: 'L-E' } } },
    ]));
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { index: number }) => e.index)).toEqual([1, 3]);
  });

  it('writes new objects together, each with its version and audit entry, and an office below another of the same message', async () => {
    const oe = (id: string, parent?: string): XzufiObject => ({
      klasse: 'Organisationseinheit', id: { schemeAgencyID: AGENCY, id },
      content: { name: de(`Amt ${id}`), anschrift: [{ typ: '002', ort: 'Wanfried', ars: WANFRIED }], ...(parent ? { uebergeordneteOrganisationseinheitId: { schemeAgencyID: AGENCY, id: parent } } : {}) },
    });
    const res = await post(target, message([schreibe(leistung('L-F', '99102013271000')), schreibe(leistung('L-G', '99102013272000')), schreibe(oe('OE-KIND', 'OE-ELTERN')), schreibe(oe('OE-ELTERN'))]));
    expect(res.status).toBe(200);
    expect(res.body.counts.Leistung.created).toBe(2);
    expect(res.body.counts.Organisationseinheit.created).toBe(2);
    const kind = (await target.api.get('/api/v1/organisationseinheiten?q=OE-KIND')).body.items.find((o: { xzufiId: string }) => o.xzufiId === 'OE-KIND');
    const eltern = (await target.api.get('/api/v1/organisationseinheiten?q=OE-ELTERN')).body.items.find((o: { xzufiId: string }) => o.xzufiId === 'OE-ELTERN');
    expect(kind.uebergeordneteOrganisationseinheitId).toBe(eltern.id);
    const versions = (await target.api.get(`/api/v1/organisationseinheiten/${kind.id}/versions`)).body.items;
    expect(versions).toEqual([expect.objectContaining({ version: 1, status: 'veroeffentlicht' })]);
    expect((await target.api.get(`/api/v1/organisationseinheiten/${kind.id}/versions/1`)).body.content).toMatchObject({ name: de('Amt OE-KIND'), uebergeordneteOrganisationseinheitId: eltern.id });
    const audit = (await target.api.get(`/api/v1/audit?object=${kind.id}`)).body.items;
    expect(audit).toEqual([expect.objectContaining({ action: 'create', versionAfter: 1 })]);
  });

  it('reports a duplicate the checks cannot see for its own object, and keeps the others in partial mode', async () => {
    // Two new Leistungen with one LeiKa key: the database refuses the batch, so its objects are written one by one.
    const res = await post(target, message([schreibe(leistung('L-H', '99102013273000')), schreibe(leistung('L-I', '99102013273000')), schreibe(leistung('L-J', '99102013274000'))]), '?mode=partial');
    expect(res.status).toBe(200);
    expect(res.body.counts.Leistung).toMatchObject({ created: 2, failed: 1 });
    expect(res.body.errors).toEqual([expect.objectContaining({ index: 1, id: 'L-I', path: '/referenzLeiKa[1]', message: expect.stringContaining('„Leistung L-H“') })]);
    expect(await count(target, 'leistungen', '&leikaKey=99102013273')).toBe(1);
    expect(await count(target, 'leistungen', '&leikaKey=99102013274')).toBe(1);
  });
});

describe('PVOG text rules', () => {
  it('reduces HTML to the allowed tags with a warning and stores the reduced text', async () => {
    const html = '<p class="x">Text <script>alert(1)</script><span style="color:red">mehr</span> <a href="https://example.org" onclick="x()">Link</a></p>';
    const res = await post(target, message([schreibe(leistung('L-HTML', '99102013206000', { modulText: [{ leikaTextmodul: '02', inhalt: de('HTML') }, { leikaTextmodul: '06', inhalt: de(html) }] }))]));
    expect(res.status).toBe(200);
    expect(res.body.warnings).toEqual([expect.objectContaining({ id: 'L-HTML', path: '/modulText[2]/inhalt[1]', message: expect.stringContaining('HTML reduced') })]);
    const stored = (await target.api.get('/api/v1/leistungen?leikaKey=99102013206000')).body.items[0];
    expect(stored.modulText[1].inhalt[0].value).toBe('<p>Text mehr <a href="https://example.org">Link</a></p>');
  });

  it('refuses characters outside String.Latin and languages other than de and en', async () => {
    const res = await post(target, message([
      schreibe(leistung('L-KYR', '99102013207000', { modulText: [{ leikaTextmodul: '02', inhalt: de('Пример') }] })),
      schreibe(leistung('L-FR', '99102013208000', { modulText: [{ leikaTextmodul: '02', inhalt: [{ languageCode: 'fr', value: 'Exemple' }] }] })),
    ]));
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([
      expect.objectContaining({ id: 'L-KYR', path: '/modulText[1]/inhalt[1]', message: expect.stringContaining('U+041F') }),
      expect.objectContaining({ id: 'L-FR', path: '/modulText[1]/inhalt[1]/@languageCode', message: expect.stringContaining('de or en') }),
    ]);
  });
});

describe('message checks before anything is applied', () => {
  const valid = () => message([schreibe(leistung('L-OK', '99102013209000'))]);

  it('accepts xzufiVersion 2.2 and 2.2.0, refuses others and foreign namespaces with 422', async () => {
    expect((await post(target, valid().replace('xzufiVersion="2.2.0"', 'xzufiVersion="2.2"'))).status).toBe(200);
    const v3 = await post(target, valid().replace('xzufiVersion="2.2.0"', 'xzufiVersion="2.3.1"'));
    expect(v3.status).toBe(422);
    expect(v3.body.error.code).toBe('xzufi_version');
    const ns = await post(target, valid().replace(XZUFI_NS, 'http://xoev.de/schemata/xzufi/2_1_0'));
    expect(ns.status).toBe(422);
    expect(ns.body.error.code).toBe('xzufi_namespace');
  });

  it('refuses a message whose frame does not validate against the XSD, with line numbers, and stores nothing', async () => {
    // Open content is allowed inside objects (kept), not in the message frame.
    const xml = valid().replace('<xzufi:schreibe>', '<xzufi:unbekannt>x</xzufi:unbekannt>\n  <xzufi:schreibe>');
    const res = await post(target, xml, '?mode=partial');
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('xzufi_schema_invalid');
    expect(res.body.error.details[0]).toMatchObject({ line: xml.split('\n').findIndex((l) => l.includes('unbekannt')) + 1, message: expect.stringContaining('unbekannt') });
    expect(await count(target, 'leistungen', '&leikaKey=99102013274')).toBe(1); // only the one from the version test
  });

  it('reports malformed XML with line and column', async () => {
    const res = await post(target, '<?xml version="1.0"?>\n<a>\n  <b></c>\n</a>');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('xml_malformed');
    expect(res.body.error.details[0]).toMatchObject({ line: 3 });
  });

  it('accepts gzip by Content-Encoding and as application/gzip', async () => {
    const xml = message([schreibe(leistung('L-GZ', '99102013210000'))]);
    const encoded = await target.api.post('/xzufi/v1/import').set('Content-Type', 'application/xml').set('Content-Encoding', 'gzip').send(gzipSync(xml));
    expect(encoded.status).toBe(200);
    expect(encoded.body.counts.Leistung.created).toBe(1);
    const file = await post(target, gzipSync(xml), '', 'application/gzip');
    expect(file.status).toBe(200);
    expect(file.body.counts.Leistung.unchanged).toBe(1);
  });

  it('refuses other media types, empty bodies and text that is not UTF-8', async () => {
    expect((await post(target, valid(), '', 'application/json')).status).toBe(415);
    expect((await post(target, '')).status).toBe(400);
    const latin1 = Buffer.from(valid().replace('Leistung L-OK', 'Leistung Stra\u00dfe'), 'latin1');
    const res = await post(target, latin1);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/UTF-8/);
  });
});

describe('hostile XML', () => {
  const head = `<?xml version="1.0"?>\n`;
  const root = (inner: string) => `<${TRANSFER_ROOT} xmlns="${XZUFI_NS}" produktbezeichnung="x" produkthersteller="y" produktversion="1" xzufiVersion="2.2.0">${inner}</${TRANSFER_ROOT}>`;

  async function expectRefused(xml: string, code: string) {
    const before = await count(target, 'leistungen');
    const res = await post(target, xml);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe(code);
    expect(await count(target, 'leistungen')).toBe(before);
    expect((await target.api.get('/healthz')).status).toBe(200);
  }

  it('never resolves external entities (XXE)', async () => {
    await expectRefused(`${head}<!DOCTYPE m [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n${root('<nachrichtenkopf><nachrichtUUID>&xxe;</nachrichtUUID></nachrichtenkopf>')}`, 'xml_doctype_forbidden');
  });

  it('never expands entity definitions (billion laughs)', async () => {
    const entities = ['<!ENTITY lol "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`)].join('');
    await expectRefused(`${head}<!DOCTYPE lolz [${entities}]>\n${root('<nachrichtenkopf><nachrichtUUID>&lol9;</nachrichtUUID></nachrichtenkopf>')}`, 'xml_doctype_forbidden');
  });

  it('limits the nesting depth', async () => {
    await expectRefused(head + root('<a>'.repeat(100_000) + '</a>'.repeat(100_000)), 'xml_too_deep');
  });

  it('limits the size of a tag and its attributes', async () => {
    await expectRefused(head + root(`<nachrichtenkopf x="${'a'.repeat(200_000)}"/>`), 'xml_tag_too_large');
  });

  it('refuses bodies over the limit with 413', async () => {
    const small = await createTestApp({ IMPORT_BODY_LIMIT: '2kb' });
    try {
      const big = message(Array.from({ length: 20 }, (_, i) => schreibe(leistung(`L-BIG-${i}`, `991020133${String(i).padStart(2, '0')}000`))));
      const res = await post(small, big);
      expect(res.status).toBe(413);
      expect(res.body.error.code).toBe('body_too_large');
      const bomb = await post(small, gzipSync(Buffer.alloc(10 * 1024 * 1024, 0x20)), '', 'application/gzip');
      expect(bomb.status).toBe(413);
    } finally {
      await small.close();
    }
  });
});

describe('long imports run as jobs', () => {
  it('answers 202 with a job to poll, which ends with the report', async () => {
    const xml = message(Array.from({ length: 150 }, (_, i) => schreibe(leistung(`L-JOB-${i}`, `99102014${String(i).padStart(3, '0')}000`))));
    const res = await post(target, xml, '?async=true');
    expect(res.status).toBe(202);
    expect(res.headers.location).toBe(`/xzufi/v1/import/${res.body.id}`);
    let job = res.body;
    for (let i = 0; i < 200 && !['done', 'rejected', 'failed'].includes(job.status); i++) {
      await new Promise((r) => setTimeout(r, 100));
      job = (await target.api.get(`/xzufi/v1/import/${res.body.id}`)).body;
    }
    expect(job.status).toBe('done');
    expect(job.progress).toEqual({ done: 150, total: 150 });
    expect(job.report.counts.Leistung.created).toBe(150);
    expect((await target.api.get('/xzufi/v1/import/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('records a refused message in the job', async () => {
    const res = await post(target, '<a>', '?async=true');
    expect(res.status).toBe(202);
    let job = res.body;
    for (let i = 0; i < 100 && (job.status === 'queued' || job.status === 'running'); i++) {
      await new Promise((r) => setTimeout(r, 50));
      job = (await target.api.get(`/xzufi/v1/import/${res.body.id}`)).body;
    }
    expect(job).toMatchObject({ status: 'rejected', report: { error: { code: 'xml_malformed' } } });
  });
});
