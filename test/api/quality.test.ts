import { create, createDraft, leistungBody, publish, transition, onlinedienstBody, organisationseinheitBody, WANFRIED } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/testApp';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

const de = (value: string) => [{ languageCode: 'de', value }];
const quality = async (path: string, id: string) => (await t.api.get(`/api/v1/${path}/${id}/quality`)).body;

describe('quality gate', () => {
  it('passes a complete Leistung', async () => {
    // A key of the bundled catalogue (Typisierung 1 there as here).
    const l = await create(t, 'leistungen', leistungBody({ referenzLeiKa: '99001011005000', typisierung: ['1'] }));
    expect(await quality('leistungen', l.id)).toEqual({ ok: true, version: 1, problems: [], overridable: [], warnings: [] });
  });

  it('lists every problem: missing modules, HTML outside the allowed tags, foreign characters; http links as warnings', async () => {
    const l = await createDraft(t, 'leistungen', leistungBody({
      referenzLeiKa: '99003004098000', typisierung: ['1'],
      modulText: [
        { leikaTextmodul: '03', inhalt: de('Hund anmelden Ω') },
        { leikaTextmodul: '07', inhalt: de('<div>§ 1</div>'), weiterfuehrenderLink: [{ uri: 'http://gesetze.example/hstg', titel: 'HStG' }] },
      ],
    }));
    const result = await quality('leistungen', l.id);
    expect(result.ok).toBe(false);
    expect(result.problems.map((p: { path: string }) => p.path).sort()).toEqual([
      '/modulText', '/modulText/0/inhalt/0/value', '/modulText/1/inhalt/0/value',
    ]);
    expect(result.warnings).toEqual([{ path: '/modulText/1/weiterfuehrenderLink/0/uri', message: 'links should be absolute https URLs' }]);
    expect(result.problems.find((p: { path: string }) => p.path === '/modulText').message).toContain('Kurztext (05) or Volltext (06)');
  });

  it('warns about a master text of the Land that nobody is responsible for yet, and publishes it', async () => {
    const l = await createDraft(t, 'leistungen', leistungBody({ referenzLeiKa: '99110009014001', typisierung: ['2/3'] }));
    const result = await quality('leistungen', l.id);
    expect(result).toMatchObject({ ok: true, problems: [] });
    expect(result.warnings).toEqual([expect.objectContaining({ path: '/', message: expect.stringContaining('no Zuständigkeit or Onlinedienst yet') })]);
    expect((await publish(t, 'leistungen', l.id)).status).toBe('veroeffentlicht');
    const oe = await create(t, 'organisationseinheiten', organisationseinheitBody());
    await create(t, 'zustaendigkeiten', { leistungId: l.id, organisationseinheitId: oe.id, gebietID: WANFRIED });
    expect((await quality('leistungen', l.id)).warnings).toEqual([]);
  });

  it('wants someone responsible for a Leistung valid only in a Gemeinde', async () => {
    const l = await createDraft(t, 'leistungen', leistungBody({ referenzLeiKa: '99102013405000', typisierung: ['3'], gueltigkeitGebietID: [WANFRIED] }));
    expect((await quality('leistungen', l.id)).problems).toEqual([expect.objectContaining({ message: expect.stringContaining('valid only in its Kreise or Gemeinden') })]);
    const oe = await create(t, 'organisationseinheiten', organisationseinheitBody());
    await create(t, 'zustaendigkeiten', { leistungId: l.id, organisationseinheitId: oe.id, gebietID: WANFRIED });
    expect((await quality('leistungen', l.id)).ok).toBe(true);
    expect((await publish(t, 'leistungen', l.id)).status).toBe('veroeffentlicht');
  });

  it('checks the LeiKa keys against the bundled catalogue: unknown keys warn, a contradicting Typisierung needs a reason', async () => {
    const unknown = await createDraft(t, 'leistungen', leistungBody({ referenzLeiKa: ['99003007000000', '99999001001000'], typisierung: ['1'] }));
    expect((await quality('leistungen', unknown.id)).warnings).toEqual([{ path: '/referenzLeiKa/1', message: expect.stringContaining('99999001001000 is not in the bundled LeiKa catalogue') }]);

    // Hundesteuer Festsetzung is Typisierung 4 in the catalogue.
    const l = await createDraft(t, 'leistungen', leistungBody({ referenzLeiKa: '99102013002000', typisierung: ['1'] }));
    const result = await quality('leistungen', l.id);
    expect(result).toMatchObject({ ok: false, problems: [] });
    expect(result.overridable).toEqual([{ path: '/typisierung', message: expect.stringMatching(/Typisierung 1 contradicts the LeiKa catalogue, which gives 4 for 99102013002000 \(Hundesteuer Festsetzung\)/) }]);
    await transition(t, 'leistungen', l.id, 'in_pruefung');
    await transition(t, 'leistungen', l.id, 'freigegeben');
    const refused = await t.api.post(`/api/v1/leistungen/${l.id}/transitions`).send({ to: 'veroeffentlicht' });
    expect(refused.status).toBe(422);
    expect(refused.body.error.details).toEqual([expect.objectContaining({ path: '/typisierung' })]);
    // Planned for later without a reason: refused as well; the job would publish without one.
    expect((await t.api.post(`/api/v1/leistungen/${l.id}/transitions`).send({ to: 'veroeffentlicht', at: new Date(Date.now() + 3600_000).toISOString() })).status).toBe(422);
    const published = await t.api.post(`/api/v1/leistungen/${l.id}/transitions`).send({ to: 'veroeffentlicht', comment: 'Bundesrecht: Vollzug durch den Bund (Sonderfall)' });
    expect(published.status).toBe(200);
    const history = await t.api.get(`/api/v1/leistungen/${l.id}/transitions`);
    expect(history.body.items.map((i: { kommentar: string | null }) => i.kommentar)).toContain('Bundesrecht: Vollzug durch den Bund (Sonderfall)');
  });

  it('wants https for Onlinedienst links', async () => {
    const od = await createDraft(t, 'onlinedienste', onlinedienstBody({ link: [{ typ: '01', link: 'http://dienst.example/start' }] }));
    expect((await quality('onlinedienste', od.id)).problems).toEqual([{ path: '/link/0/link', message: 'Onlinedienst links must be absolute https URLs' }]);
  });

  it('refuses publishing with 422 listing every problem, and changes nothing', async () => {
    const l = await createDraft(t, 'leistungen', leistungBody({
      referenzLeiKa: '99102013404000', typisierung: ['1'],
      modulText: [{ leikaTextmodul: '02', inhalt: de('<span>Hund</span>') }],
    }));
    await transition(t, 'leistungen', l.id, 'in_pruefung');
    await transition(t, 'leistungen', l.id, 'freigegeben');
    const refused = await t.api.post(`/api/v1/leistungen/${l.id}/transitions`).send({ to: 'veroeffentlicht' });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('quality_gate_failed');
    expect(refused.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['/modulText', '/modulText/0/inhalt/0/value']);
    expect((await t.api.get(`/api/v1/leistungen/${l.id}`)).body.status).toBe('freigegeben');
    expect((await t.anonymous.get(`/api/v1/leistungen/${l.id}`)).status).toBe(404);
    // A scheduled publication is refused the same way: the gate is checked when it is planned.
    const scheduled = await t.api.post(`/api/v1/leistungen/${l.id}/transitions`).send({ to: 'veroeffentlicht', at: new Date(Date.now() + 3600_000).toISOString() });
    expect(scheduled.status).toBe(422);
  });
});
