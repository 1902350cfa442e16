/**
 * A directory export's second thread (exportWorker.ts): the main thread reads the files' rows
 * from the database — with PGlite the database itself runs on the main thread — and the worker
 * turns them into XML and writes the files, so that both cores work. At most a few messages wait
 * for the worker at a time, however fast the database is. (Two writers, each given whole files,
 * were as fast on PGlite and 10 % faster on PostgreSQL, for 80 MB more RSS: not worth it.)
 */
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../shared/worker';
import type { ExportMessage, ExportReply } from './exportWorker';

const IN_FLIGHT = 4;
/**
 * The worker's young generation, set: as fast as V8's default here with 50–70 MB less RSS at the
 * export's peak (A/B runs); at 16 MB the export was a fifth slower (building XML makes millions
 * of short-lived strings, and a small nursery promotes them).
 */
const YOUNG_GENERATION_MB = 64;

type Body<M> = M extends unknown ? Omit<M, 'id'> : never;

export class ExportThread {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve(r: ExportReply): void; reject(e: Error): void }>();
  private readonly inFlight: Array<Promise<ExportReply>> = [];
  private next = 0;
  private failed: Error | undefined;

  constructor() {
    this.worker = startWorker(__dirname, 'exportWorker', { resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
    this.worker.on('message', (reply: ExportReply) => {
      const w = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if (reply.error) w?.reject(new Error(`export worker: ${reply.error}`));
      else w?.resolve(reply);
    });
    this.worker.on('error', (err) => this.fail(err));
    this.worker.on('exit', (code) => { if (this.waiting.size > 0) this.fail(new Error(`export worker stopped (${code})`)); });
  }

  private fail(err: Error): void {
    this.failed ??= err;
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
  }

  private send(message: Body<ExportMessage>): Promise<ExportReply> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.next++;
    const reply = new Promise<ExportReply>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    reply.catch(() => undefined); // awaited later (inFlight) or by the caller
    this.worker.postMessage({ ...message, id });
    return reply;
  }

  /**
   * Queues a message and returns its reply (a close answers the file's bytes); waits only while
   * too many messages are queued.
   */
  async queue(message: Body<ExportMessage>): Promise<{ reply: Promise<ExportReply> }> {
    const reply = this.send(message);
    this.inFlight.push(reply);
    while (this.inFlight.length > IN_FLIGHT) await this.inFlight.shift();
    return { reply };
  }

  /** Waits until the worker has done everything queued. */
  async drain(): Promise<void> {
    for (const p of this.inFlight.splice(0)) await p;
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}
