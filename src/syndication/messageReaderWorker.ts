/** The worker thread of messageReader.ts: reads one message per request and answers by id. */
import { parentPort } from 'node:worker_threads';
import { XmlInputError } from '../xzufi/xml';
import { readMessageHere, type WorkerReply } from './messageReader';

parentPort!.on('message', ({ id, xml }: { id: number; xml: string }) => {
  let reply: WorkerReply;
  try {
    const { message, textProblems } = readMessageHere(xml);
    const { items, ...head } = message;
    reply = { id, head, items: items.map((i) => JSON.stringify(i)), textProblems };
  } catch (err) {
    reply = err instanceof XmlInputError
      ? { id, error: { code: err.code, message: err.message, position: err.position, xml: true } }
      : { id, error: { code: 'internal_error', message: (err as Error).message, xml: false } };
  }
  parentPort!.postMessage(reply);
});
