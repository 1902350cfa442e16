/** Prometheus metrics: request counts and latency by route. One registry per app instance. */
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

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
