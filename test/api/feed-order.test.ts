/**
 * The delta feed orders by transaction id across a change in the number of digits: ids 998, 999,
 * 1000, 1001 … page in numeric order. (The feed once ordered each table's part by the text of
 * the id, so a page of `1000 …` skipped `998`, `999` for good — a lost change for every portal.)
 */
import { sql } from 'drizzle-orm';
import { advancePast } from '../../src/db/transactionIds';
import { createDraft, leistungBody, publish } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/testApp';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

it('pages through changes whose transaction ids gain a digit, in order, without skipping any', async () => {
  const names: string[] = [];
  for (let i = 0; i < 6; i++) {
    const l = await createDraft(t, 'leistungen', leistungBody({ xzufiId: `L-XID-${i}`, referenzLeiKa: `9910201330${i}000` }));
    await publish(t, 'leistungen', l.id);
    names.push(`L-XID-${i}`);
  }
  // The ids as a long-running installation has them: three below 1000, three from 1000 on (a new
  // database's counter is moved past them first, else the feed would still wait for them).
  await advancePast(t.database, 1003n);
  for (const [i, xid] of [998, 999, 1000, 1001, 1002, 1003].entries()) {
    await t.database.db.execute(sql`UPDATE leistungen SET change_xid = ${String(xid)}::xid8 WHERE xzufi_id = ${`L-XID-${i}`}`);
  }
  const seen: string[] = [];
  let cursor = '';
  for (let page = 0; page < 20; page++) {
    const res = await t.api.get(`/xzufi/v1/changes?limit=2${cursor ? `&since=${cursor}` : ''}`);
    seen.push(...[...res.text.matchAll(/<xzufi:id[^>]*>(L-XID-\d)</g)].map((m) => m[1]!));
    cursor = res.headers['xzufi-next-cursor'] as string;
    if (res.headers['xzufi-complete'] === 'true') break;
  }
  expect(seen).toEqual(names);
});
