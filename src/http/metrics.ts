/** Prometheus metrics: request counts and latency by route. One registry per app instance. */
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Database } from '../db/client';
import { latestRuns, listSources, runStatistics } from '../db/sourceStore';
import type { ReplicaStatus } from '../db/replicas';
import { noteRequest } from '../shared/activity';

export interface Metrics {
  registry: Registry;
  middleware(req: Request, res: Response, next: NextFunction): void;
}

/**
 * The matched route pattern (`/api/v1/leistungen/:id`), not the raw path, keeps label cardinality
 * bounded. Express has left the routers when the response finishes, so the mount path is
 * rebuilt from the URL: drop as many trailing segments as the route pattern has.
 */
function routePattern(req: Request): string {
  const pattern = req.route?.path;
  if (typeof pattern !== 'string') return 'unmatched';
  const routeSegments = pattern.split('/').filter(Boolean);
  const urlSegments = req.originalUrl.split('?')[0]!.split('/').filter(Boolean);
  const mount = urlSegments.slice(0, urlSegments.length - routeSegments.length);
  return `/${[...mount, ...routeSegments].join('/')}`;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({ name: 'http_requests_total', help: 'HTTP requests by route and status', labelNames: ['method', 'route', 'status'], registers: [registry] });
  const duration = new Histogram({
    name: 'http_request_duration_seconds', help: 'HTTP request latency by route', labelNames: ['method', 'route'],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5], registers: [registry],
  });
  return {
    registry,
    middleware(req, res, next) {
      noteRequest();
      const end = duration.startTimer();
      res.on('finish', () => {
        const route = routePattern(req);
        requests.inc({ method: req.method, route, status: String(res.statusCode) });
        end({ method: req.method, route });
      });
      next();
    },
  };
}

/**
 * The read replicas (DATABASE_READ_URL): how far each is behind the primary at the last check
 * (+Inf when it cannot be asked) and whether it serves reads (0 when it lags too far or is gone).
 */
export function replicaMetrics(registry: Registry, status: () => ReplicaStatus[]): void {
  new Gauge({
    name: 'fim_read_replica_lag_seconds', help: 'Seconds a read replica is behind the primary (last check)', labelNames: ['replica'], registers: [registry],
    collect() {
      this.reset();
      for (const r of status()) this.set({ replica: r.name }, r.lagSeconds);
    },
  });
  new Gauge({
    name: 'fim_read_replica_in_use', help: '1 when the replica serves reads, 0 when reads fall back to the primary', labelNames: ['replica'], registers: [registry],
    collect() {
      this.reset();
      for (const r of status()) this.set({ replica: r.name }, r.inUse ? 1 : 0);
    },
  });
}

/**
 * Pull subscriptions (src/sources), read from the database at each scrape so that every instance
 * reports the same: runs by outcome, failed runs, the end of the last successful run, held runs.
 */
export function sourceMetrics(registry: Registry, database: Database): void {
  let cache: { at: number; rows: Promise<SourceFigures> } | undefined;
  const figures = () => {
    if (!cache || Date.now() - cache.at > 1000) cache = { at: Date.now(), rows: sourceFigures(database) };
    return cache.rows;
  };
  new Counter({
    name: 'fim_source_runs_total', help: 'Runs of a source by outcome', labelNames: ['source', 'status'], registers: [registry],
    async collect() {
      const { stats, names } = await figures();
      this.reset();
      for (const r of stats) this.inc({ source: names.get(r.sourceId) ?? r.sourceId, status: r.status }, r.runs);
    },
  });
  new Counter({
    name: 'fim_source_failures_total', help: 'Runs of a source that failed', labelNames: ['source'], registers: [registry],
    async collect() {
      const { stats, names } = await figures();
      this.reset();
      for (const id of names.keys()) this.inc({ source: names.get(id)! }, stats.filter((r) => r.sourceId === id && r.status === 'failed').reduce((n, r) => n + r.runs, 0));
    },
  });
  new Gauge({
    name: 'fim_source_last_success_timestamp_seconds', help: 'End of the last successful run of a source (Unix time; absent before the first)', labelNames: ['source'], registers: [registry],
    async collect() {
      const { stats, names } = await figures();
      this.reset();
      for (const id of names.keys()) {
        const ends = stats.filter((r) => r.sourceId === id && ['succeeded', 'partial', 'confirmed'].includes(r.status) && r.lastFinished).map((r) => r.lastFinished!.getTime());
        if (ends.length > 0) this.set({ source: names.get(id)! }, Math.max(...ends) / 1000);
      }
    },
  });
  new Gauge({
    name: 'fim_source_held', help: '1 while the newest run of a source is held for review by the deletion guard', labelNames: ['source'], registers: [registry],
    async collect() {
      const { latest, names } = await figures();
      this.reset();
      for (const id of names.keys()) this.set({ source: names.get(id)! }, latest.get(id) === 'held' ? 1 : 0);
    },
  });
}

interface SourceFigures { stats: Awaited<ReturnType<typeof runStatistics>>; names: Map<string, string>; latest: Map<string, string> }

async function sourceFigures(database: Database): Promise<SourceFigures> {
  const [stats, list, latest] = await Promise.all([runStatistics(database.db), listSources(database.db), latestRuns(database.db)]);
  return { stats, names: new Map(list.map((s) => [s.id, s.name])), latest: new Map(latest.map((r) => [r.sourceId, r.status])) };
}
