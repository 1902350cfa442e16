/**
 * The worker thread of a directory export (see exportThread.ts): turns batches of rows into XZuFi
 * XML and writes the files, while the main thread reads the next batches from the database.
 * Messages: open (a file with its head), batch (rows as JSON text with their references
 * resolved), close (tail; answers the bytes written). Each is answered by its id, or with an error.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import type { Klasse } from '../xzufi/objects';
import { encodeBatch, type ResolvedReferences } from './toXzufi';

export type ExportMessage =
  | { op: 'open'; id: number; path: string; head: string }
  | { op: 'batch'; id: number; klasse: Klasse; json: string[]; refs: ResolvedReferences }
  | { op: 'close'; id: number; tail: string };

export type ExportReply = { id: number; bytes?: number; error?: string };

let fd: number | undefined;
let bytes = 0;
const write = (text: string) => { bytes += writeSync(fd!, text); };

parentPort!.on('message', (m: ExportMessage) => {
  try {
    switch (m.op) {
      case 'open':
        fd = openSync(m.path, 'w');
        bytes = 0;
        write(m.head);
        break;
      case 'batch':
        write(encodeBatch(m.klasse, m.json, m.refs));
        break;
      case 'close':
        write(m.tail);
        closeSync(fd!);
        fd = undefined;
        break;
    }
    parentPort!.postMessage({ id: m.id, bytes } satisfies ExportReply);
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    fd = undefined;
    parentPort!.postMessage({ id: m.id, error: err instanceof Error ? err.stack ?? err.message : String(err) } satisfies ExportReply);
  }
});
