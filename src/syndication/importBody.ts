/**
 * Reads an XZuFi import body without ever holding more than the limit or blocking the event loop:
 * gzip (by Content-Encoding or by its magic bytes) is inflated as a stream in zlib's thread pool
 * with a running count, and a body that does not start like XML is refused after its first few
 * kilobytes — a small gzip of megabytes of white space costs nothing. The body stays UTF-8 bytes:
 * a large one is decoded (and checked) by the worker that reads it (messageReader.ts).
 */
import type { Readable } from 'node:stream';
import type { Request } from 'express';
import { createGunzip, type Gunzip } from 'node:zlib';
import { AppError } from '../shared/errors';

/** Decoded characters looked at before deciding that a body does not start like XML. */
const HEAD_CHARS = 4096;

export function readImportBody(req: Request, limit: number): Promise<{ body: Buffer; bytes: number }> {
  return readImportStream(req, req.get('content-encoding'), limit);
}

/** The same for any stream of a message (an uploaded file: gzip recognised by its magic bytes). */
export function readImportStream(req: Readable, contentEncoding: string | undefined, limit: number): Promise<{ body: Buffer; bytes: number }> {
  return new Promise((resolve, reject) => {
    const encoding = (contentEncoding ?? 'identity').trim().toLowerCase();
    if (!['identity', 'gzip', 'x-gzip'].includes(encoding)) {
      reject(new AppError('unsupported_media_type', `Content-Encoding ${encoding} is not supported; send identity or gzip`, [{ path: 'header.Content-Encoding', message: 'must be gzip or absent' }]));
      req.resume();
      return;
    }
    const decoder = new TextDecoder('utf-8', { fatal: true });
    const parts: Buffer[] = [];
    let received = 0;
    let decoded = 0;
    let headChars = 0;
    let settled = false;
    let gunzip: Gunzip | undefined;
    let started = false;

    const fail = (err: AppError) => {
      if (settled) return;
      settled = true;
      gunzip?.destroy();
      req.unpipe();
      req.removeAllListeners('data');
      req.resume(); // the rest of the body is discarded unread
      reject(err);
    };
    const take = (chunk: Buffer) => {
      if (settled) return;
      decoded += chunk.length;
      if (decoded > limit) return fail(new AppError('body_too_large', `The unpacked message exceeds the limit of ${limit} bytes`));
      if (headChars < HEAD_CHARS) {
        let text: string;
        try {
          text = decoder.decode(chunk.subarray(0, HEAD_CHARS), { stream: true });
        } catch {
          return fail(new AppError('xml_not_utf8', 'The message must be encoded in UTF-8', [{ path: 'body', message: 'is not valid UTF-8' }]));
        }
        const start = /[^\s\uFEFF]/.exec(text);
        if (start && text[start.index] !== '<') return fail(new AppError('xml_malformed', 'The body is not an XML document: it does not start with an XML declaration or element', [{ path: 'body', message: 'not XML' }]));
        if (start) headChars = HEAD_CHARS;
        else if ((headChars += text.length) >= HEAD_CHARS) return fail(new AppError('xml_malformed', 'The body is not an XML document: it starts with white space only', [{ path: 'body', message: 'not XML' }]));
      }
      parts.push(chunk);
    };
    const finish = () => {
      if (settled) return;
      const body = parts.length === 1 ? parts[0]! : Buffer.concat(parts, decoded);
      if (decoded === 0 || headChars === 0) return fail(new AppError('bad_request', 'Send the XZuFi message as the request body', [{ path: 'body', message: 'is empty' }]));
      settled = true;
      resolve({ body, bytes: decoded });
    };

    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      received += chunk.length;
      if (received > limit) return fail(new AppError('body_too_large', `The message exceeds the limit of ${limit} bytes`));
      if (!started) {
        started = true;
        if (encoding !== 'identity' || (chunk[0] === 0x1f && chunk[1] === 0x8b)) {
          gunzip = createGunzip();
          gunzip.on('data', take);
          gunzip.on('end', finish);
          gunzip.on('error', (err) => fail(new AppError('bad_request', 'The body is not valid gzip', [{ path: 'body', message: err.message }])));
        }
      }
      if (gunzip) {
        // Backpressure: the request waits while zlib works through what it has.
        if (!gunzip.write(chunk)) {
          req.pause();
          gunzip.once('drain', () => req.resume());
        }
      } else take(chunk);
    });
    req.on('end', () => {
      if (settled) return;
      if (!started) return fail(new AppError('bad_request', 'Send the XZuFi message as the request body', [{ path: 'body', message: 'is empty' }]));
      if (gunzip) gunzip.end();
      else finish();
    });
    req.on('error', () => fail(new AppError('bad_request', 'The request body could not be read')));
  });
}
