/**
 * Starts a worker thread from a module beside the caller: the compiled `.js` in a production build
 * (`dist/`), else the TypeScript source through tsx (development, jest — where the parent itself
 * may run transpiled code that a plain worker could not load).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';

export function startWorker(dir: string, name: string, options: WorkerOptions = {}): Worker {
  const compiled = join(dir, `${name}.js`);
  if (existsSync(compiled)) return new Worker(compiled, options);
  const source = join(dir, `${name}.ts`);
  return new Worker(`require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(source)});`, { ...options, eval: true });
}
