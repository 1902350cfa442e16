/**
 * Reading a pushed or pulled message before anything touches the database: parse (guarded, see
 * xzufi/xml.ts), decode, apply the PVOG text rules to every object, and validate against the XSD.
 * Large messages are read in a worker thread (messageReaderWorker.ts) that gets the bytes handed
 * over (not copied) and runs xmllint from there, so that the portal and the API keep answering
 * while megabytes of XML are walked; the objects come back one JSON text each and are taken in on
 * the main thread in slices, between which the event loop runs.
 */
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../shared/worker';
import { decodeMessage, type DecodedMessage, type MessageItem } from '../xzufi/message';
import { applyTextRules, type TextProblem } from '../xzufi/textRules';
import { XmlInputError, type Position } from '../xzufi/xml';
import type { SchemaProblem, SchemaValidator } from '../xzufi/schemaValidator';

export interface ReadMessage {
  message: DecodedMessage;
  /** The text rules' findings per item index (HTML already reduced in the content). */
  textProblems: Array<{ index: number; problems: TextProblem[] }>;
  /** The XSD's findings, when the reader validated too. */
  schemaProblems?: SchemaProblem[];
}

/** Messages above this size (characters) are read off the main thread. */
export const OFF_THREAD_CHARS = 256 * 1024;

/** The text of a message sent as bytes: UTF-8, or refused. */
export function messageText(xml: string | Uint8Array): string {
  if (typeof xml === 'string') return xml;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(xml);
  } catch {
    throw new XmlInputError('xml_not_utf8', 'The message must be encoded in UTF-8');
  }
}

export function readMessageHere(input: string | Uint8Array): ReadMessage {
  const message = decodeMessage(messageText(input));
  const textProblems: ReadMessage['textProblems'] = [];
  for (const item of message.items) {
    if (item.op !== 'schreibe') continue;
    const problems = applyTextRules(item.object.content);
    if (problems.length > 0) textProblems.push({ index: item.index, problems });
  }
  return { message, textProblems };
}

/** What crosses from the worker: the message without its items, and each item as JSON text. */
export interface WorkerReply {
  id: number;
  head?: Omit<DecodedMessage, 'items'>;
  items?: string[];
  textProblems?: ReadMessage['textProblems'];
  schemaProblems?: SchemaProblem[];
  error?: { code: string; message: string; position?: Position; xml: boolean };
}

/**
 * Reader workers waiting for the next large message: starting one costs 50–200 ms, a tenth of
 * reading a file of a directory import. An idle worker is ended after IDLE_MS, so that the parse
 * tree a message left behind in its heap is given back; one that failed is never reused.
 */
const IDLE_MS = 3000;
const MAX_IDLE = 2;
const idleWorkers: Array<{ worker: Worker; timer: NodeJS.Timeout }> = [];

function takeWorker(): Worker {
  const kept = idleWorkers.pop();
  if (kept) {
    clearTimeout(kept.timer);
    kept.worker.ref();
    return kept.worker;
  }
  return startWorker(__dirname, 'messageReaderWorker');
}

function keepWorker(worker: Worker): void {
  if (idleWorkers.length >= MAX_IDLE) {
    void worker.terminate();
    return;
  }
  // An idle worker does not keep the process alive (a CLI import ends when its work does).
  worker.unref();
  const entry = {
    worker,
    timer: setTimeout(() => {
      idleWorkers.splice(idleWorkers.indexOf(entry), 1);
      void worker.terminate();
    }, IDLE_MS).unref(),
  };
  idleWorkers.push(entry);
}

/** Reads one large message in a worker of its own for the time (taken from the idle ones or started). */
function readOffThread(xml: string | Uint8Array, validate: { officialDir: string | undefined; mode: 'read' | 'write' } | undefined): Promise<WorkerReply> {
  return new Promise<WorkerReply>((resolve) => {
    const worker = takeWorker();
    let answered = false;
    const onMessage = (reply: WorkerReply) => finish(reply, true);
    const onError = (err: Error) => finish({ id: 0, error: { code: 'internal_error', message: `message reader failed: ${err.message}`, xml: false } }, false);
    const onExit = (code: number) => finish({ id: 0, error: { code: 'internal_error', message: `message reader stopped (${code})`, xml: false } }, false);
    const finish = (reply: WorkerReply, healthy: boolean) => {
      if (answered) return;
      answered = true;
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      if (healthy) keepWorker(worker);
      else void worker.terminate();
      resolve(reply);
    };
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    // Bytes of their own are handed over, not copied (the caller has no further use for them).
    const own = typeof xml !== 'string' && xml.byteOffset === 0 && xml.byteLength === xml.buffer.byteLength && xml.buffer instanceof ArrayBuffer;
    worker.postMessage({ id: 0, xml, validate }, own ? [(xml as Uint8Array).buffer as ArrayBuffer] : []);
  });
}

const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The size (characters of JSON) of each object read off the main thread, for whoever batches them by size (the import). */
const objectChars = new WeakMap<object, number>();
export const jsonSizeOf = (object: object): number | undefined => objectChars.get(object);
const SLICE_CHARS = 256 * 1024;

/**
 * `xml` as text or as UTF-8 bytes (an import body stays bytes until the worker decodes it; its
 * buffer is handed to the worker and unusable afterwards). With `validator`, a large message is
 * also validated in the worker (`schemaProblems` is then set); a small one is left to the caller.
 */
export async function readMessage(xml: string | Uint8Array, validator?: Pick<SchemaValidator, 'officialDir' | 'mode'>): Promise<ReadMessage> {
  if (xml.length <= OFF_THREAD_CHARS) return readMessageHere(xml);
  const reply = await readOffThread(xml, validator ? { officialDir: validator.officialDir, mode: validator.mode } : undefined);
  if (reply.error) {
    if (reply.error.xml) throw new XmlInputError(reply.error.code, reply.error.message, reply.error.position);
    throw new Error(reply.error.message);
  }
  // Taken in a slice at a time (~256 K characters of JSON: 25 Leistungen or 200 offices), the event loop running between slices.
  const items: MessageItem[] = [];
  let chars = 0;
  for (const text of reply.items!) {
    const item = JSON.parse(text) as MessageItem;
    if (item.op === 'schreibe') objectChars.set(item.object, text.length);
    items.push(item);
    chars += text.length;
    if (chars > SLICE_CHARS) {
      chars = 0;
      await pause();
    }
  }
  return { message: { ...reply.head!, items }, textProblems: reply.textProblems!, schemaProblems: reply.schemaProblems };
}
