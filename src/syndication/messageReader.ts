/**
 * Reading a pushed or pulled message before anything touches the database: parse (guarded, see
 * xzufi/xml.ts), decode, and apply the PVOG text rules to every object. Large messages are read in
 * a worker thread (messageReaderWorker.ts), so that the portal and the API keep answering while
 * megabytes of XML are walked; the objects come back one JSON text each and are taken in on the
 * main thread in slices, between which the event loop runs.
 */
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../shared/worker';
import { decodeMessage, type DecodedMessage, type MessageItem } from '../xzufi/message';
import { applyTextRules, type TextProblem } from '../xzufi/textRules';
import { XmlInputError, type Position } from '../xzufi/xml';

export interface ReadMessage {
  message: DecodedMessage;
  /** The text rules' findings per item index (HTML already reduced in the content). */
  textProblems: Array<{ index: number; problems: TextProblem[] }>;
}

/** Messages above this size (characters) are read off the main thread. */
export const OFF_THREAD_CHARS = 256 * 1024;

export function readMessageHere(xml: string): ReadMessage {
  const message = decodeMessage(xml);
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
  error?: { code: string; message: string; position?: Position; xml: boolean };
}

/** One worker per large message: it holds the whole parse tree while it works and nothing after. */
function readOffThread(xml: string): Promise<WorkerReply> {
  return new Promise<WorkerReply>((resolve) => {
    const worker: Worker = startWorker(__dirname, 'messageReaderWorker');
    let answered = false;
    const done = (reply: WorkerReply) => {
      if (answered) return;
      answered = true;
      resolve(reply);
      void worker.terminate();
    };
    worker.on('message', done);
    worker.on('error', (err) => done({ id: 0, error: { code: 'internal_error', message: `message reader failed: ${err.message}`, xml: false } }));
    worker.on('exit', (code) => done({ id: 0, error: { code: 'internal_error', message: `message reader stopped (${code})`, xml: false } }));
    worker.postMessage({ id: 0, xml });
  });
}

const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function readMessage(xml: string): Promise<ReadMessage> {
  if (xml.length <= OFF_THREAD_CHARS) return readMessageHere(xml);
  const reply = await readOffThread(xml);
  if (reply.error) {
    if (reply.error.xml) throw new XmlInputError(reply.error.code, reply.error.message, reply.error.position);
    throw new Error(reply.error.message);
  }
  const items: MessageItem[] = [];
  for (const [n, text] of reply.items!.entries()) {
    items.push(JSON.parse(text) as MessageItem);
    if (n % 500 === 499) await pause();
  }
  return { message: { ...reply.head!, items }, textProblems: reply.textProblems! };
}
