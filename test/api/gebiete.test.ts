import { readGebieteFixture } from '../../src/gebiet/repository';
import { createTestApp, type TestApp } from '../helpers/testApp';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

describe('Gebiete API', () => {
  it('holds every ARS of the code list with its level', async () => {
    const fixture = readGebieteFixture();
    expect(fixture.filter((g) => g.ebene === 'gemeinde' || g.ebene === 'ortsteil' || g.ebene === 'kreisfreie_stadt').length).toBeGreaterThan(11000);
    let count = 0;
    let cursor: string | null = null;
    do {
      const res = await t.api.get(`/api/v1/gebiete?ars=06&limit=200${cursor ? `&cursor=${cursor}` : ''}`);
      count += res.body.items.length;
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(count).toBe(fixture.filter((g) => g.schluessel.startsWith('06')).length);
  });

  it('finds a place by the start of its name within a prefix', async () => {
    const res = await t.api.get('/api/v1/gebiete?ars=06&q=Wanf');
    expect(res.body.items).toEqual([{
      ars: '066360013013', schluessel: '066360013013', ebene: 'gemeinde', name: 'Wanfried, Stadt', hinweis: null, uebergeordnetesGebiet: '066360000000',
      bevoelkerung: expect.any(Number), flaecheKm2: expect.any(Number), plzVerwaltungssitz: '37281', koordinaten: { laengengrad: expect.any(Number), breitengrad: expect.any(Number) },
    }]);
    const frankenberg = await t.api.get('/api/v1/gebiete?q=frankenberg');
    expect(frankenberg.body.items.map((g: { ars: string }) => g.ars).sort()).toEqual(['066350000000', '066350011011', '145220150150']); // Waldeck-Frankenberg matches after the hyphen
    const kreise = await t.api.get('/api/v1/gebiete?ars=06&ebene=kreisfreie_stadt');
    expect(kreise.body.items.map((g: { name: string }) => g.name)).toContain('Frankfurt am Main, Stadt');
  });

  it('returns one Gebiet with its path up to the Land, by 12-digit ARS or short key', async () => {
    const res = await t.api.get('/api/v1/gebiete/066360013013');
    expect(res.status).toBe(200);
    expect(res.body.pfad.map((g: { ebene: string }) => g.ebene)).toEqual(['kreis', 'regierungsbezirk', 'bundesland']);
    expect(res.body.pfad[2]).toEqual({ ars: '060000000000', ebene: 'bundesland', name: 'Hessen' });
    const kreis = await t.api.get('/api/v1/gebiete/06534');
    expect(kreis.body).toMatchObject({ ars: '065340000000', name: 'Marburg-Biedenkopf', ebene: 'kreis' });
  });

  it('answers unknown keys with 404 and bad filters with 400', async () => {
    expect((await t.api.get('/api/v1/gebiete/069999999999')).status).toBe(404);
    expect((await t.api.get('/api/v1/gebiete/abc')).status).toBe(404);
    expect((await t.api.get('/api/v1/gebiete?ebene=planet')).status).toBe(400);
    expect((await t.api.get('/api/v1/gebiete?ars=x')).status).toBe(400);
  });
});
