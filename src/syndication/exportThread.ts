/**
 * A directory export's writer threads (exportWorker.ts): the main thread reads the files' rows
 * from the database — with PGlite the database itself runs on the main thread — and the workers
 * turn them into XML and write the files. Building the XML takes longer than reading the rows
 * (on PGlite, where reading is the main thread's work, the main thread waited 40 % of the time
 * for one worker), so there are two, each given whole files. At most a few messages wait for a
 * worker at a time, however fast the database is.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../shared/worker';
import type { ExportMessage, ExportReply } from './exportWorker';

const IN_FLIGHT = 4;
/**
 * A worker's young generation: building XML makes millions of short-lived strings, and a larger
 * nursery collects fewer of them by promotion (export 5–7 % faster than with 16 MB, in A/B runs).
 */
const YOUNG_GENERATION_MB = 64;

type Body<M> = M extends unknown ? Omit<M, 'id'> : never;

export class ExportThread {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve(r: ExportReply): void; reject(e: Error): void }>();
  private readonly inFlight: Array<Promise<ExportReply>> = [];
  private next = 0;
  private failed: Error | undefined;
  /** Characters of rows sent and not yet answered: how much work waits here. */
  waitingChars = 0;

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
    const chars = message.op === 'batch' ? message.json.length : 0;
    this.waitingChars += chars;
    const reply = this.send(message);
    void reply.then(() => { this.waitingChars -= chars; }, () => undefined);
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

/** The writer threads of one export: a file goes to the one with the least work waiting. */
export class ExportThreads {
  readonly threads: ExportThread[];

  constructor(count = Math.min(2, Math.max(1, availableParallelism()))) {
    this.threads = Array.from({ length: count }, () => new ExportThread());
  }

  /** The thread for the next file. */
  pick(): ExportThread {
    return this.threads.reduce((a, b) => (b.waitingChars < a.waitingChars ? b : a));
  }

  /** Sends every thread the same message (the export's identities). */
  async everyone(message: Body<ExportMessage>): Promise<void> {
    for (const t of this.threads) await t.queue(message);
  }

  async drain(): Promise<void> {
    for (const t of this.threads) await t.drain();
  }

  async stop(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.stop()));
  }
}
