/** Prometheus metrics: request counts and latency by route. One registry per app instance. */
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ReplicaStatus } from '../db/replicas';

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
