/**
 * The worker thread of a directory export (see exportThread.ts): turns the files' rows into XZuFi
 * XML and writes the files, while the main thread reads the next files' rows from the database.
 * Messages: identities (every object's XZuFi identity, as identityTable reads them, once per
 * export), open (a file with its head), batch (rows as one JSON text, with the Kategorien they
 * name), close (tail; answers the bytes written). Each is answered by its id, or with an error.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import type { Klasse } from '../xzufi/objects';
import type { Ident } from '../xzufi/spec';
import { encodeBatch, identsOfJson, type ResolvedReferences } from './toXzufi';

export type ExportMessage =
  | { op: 'identities'; id: number; json: string }
  | { op: 'open'; id: number; path: string; head: string }
  | { op: 'batch'; id: number; klasse: Klasse; json: string; kategorien: ResolvedReferences['kategorien'] }
  | { op: 'close'; id: number; tail: string };

export type ExportReply = { id: number; bytes?: number; error?: string };

let idents = new Map<string, Ident>();
let fd: number | undefined;
let bytes = 0;
const write = (text: string) => { bytes += writeSync(fd!, text); };

parentPort!.on('message', (m: ExportMessage) => {
  try {
    switch (m.op) {
      case 'identities':
        idents = identsOfJson(m.json);
        break;
      case 'open':
        fd = openSync(m.path, 'w');
        bytes = 0;
        write(m.head);
        break;
      case 'batch':
        write(encodeBatch(m.klasse, m.json, { idents, kategorien: m.kategorien }));
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
