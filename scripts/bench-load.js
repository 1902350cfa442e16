#!/usr/bin/env node
/**
 * Load generator for `npm run bench`, in a process of its own (so that it does not share the
 * server's event loop): autocannon with 32 connections against `base`, each request taking the
 * next path of the list in turn; with `unique` set to a query parameter the page reads but does
 * not depend on for this value (`seite`, `druck`), `x<n>` is appended as that parameter, so that no
 * two requests ask for the same URL. Prints one JSON object: requests per second and the latency percentiles,
 * p95 computed from every response time (autocannon itself reports p90 and p97.5).
 *
 *   echo '{"base":"http://127.0.0.1:3000","paths":["/suche?q=a","/suche?q=b"],"seconds":10,"unique":"seite"}' | node scripts/bench-load.js
 */
const autocannon = require('autocannon');

const spec = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
const paths = spec.paths;
let n = 0;
const times = [];
const instance = autocannon({
  url: spec.base,
  connections: spec.connections ?? 32,
  duration: spec.seconds ?? 10,
  requests: [{
    setupRequest(req) {
      const path = paths[n % paths.length];
      n++;
      return { ...req, path: spec.unique ? `${path}${path.includes('?') ? '&' : '?'}${spec.unique}=x${n}` : path };
    },
  }],
}, (err, result) => {
  if (err) {
    console.error(err);
    process.exit(1);
  }
  times.sort((a, b) => a - b);
  const at = (q) => (times.length ? Math.round(10 * times[Math.min(times.length - 1, Math.floor(q * times.length))]) / 10 : null);
  console.log(JSON.stringify({
    rps: result.requests.average,
    total: result.requests.total,
    p50: at(0.5), p95: at(0.95), p99: at(0.99),
    errors: result.errors, non2xx: result.non2xx,
    distinctPaths: paths.length,
  }));
});
instance.on('response', (_client, _status, _bytes, responseTime) => { times.push(responseTime); });
