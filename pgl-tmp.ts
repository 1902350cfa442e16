import { PGlite } from '@electric-sql/pglite';
(async () => {
  const a = new PGlite();
  await a.exec('create table t(x int); insert into t values (1);');
  const dump = await a.dumpDataDir('none');
  console.log('dump size', dump.size);
  await a.close();
  const b = new PGlite(undefined, { loadDataDir: dump });
  console.log(await b.query('select * from t').catch(e => e.message));
  const c = new PGlite({ loadDataDir: dump });
  console.log(await c.query('select * from t').then(r=>r.rows).catch(e => e.message));
})();
