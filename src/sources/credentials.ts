/**
 * A source's credentials, encrypted at rest with AES-256-GCM under a key derived (HKDF-SHA256)
 * from CREDENTIALS_KEY. The source's id is the additional data, so a ciphertext copied to another
 * source does not open; the key's fingerprint is stored beside it, so a changed key is reported as
 * such. Credentials are never returned by the API, shown in pages or written to logs.
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { AppError } from '../shared/errors';
import type { CredentialsKind } from '../db/schema';

export type Credentials =
  | { kind: 'none' }
  | { kind: 'bearer'; token: string }
  | { kind: 'basic'; username: string; password: string }
  | { kind: 'oauth2'; tokenUrl: string; clientId: string; clientSecret: string; scope?: string };

export interface CredentialsKey { key: Buffer; fingerprint: string }

export function credentialsKey(secret: string): CredentialsKey {
  const key = Buffer.from(hkdfSync('sha256', secret, 'fim-redaktion', 'source credentials v1', 32));
  return { key, fingerprint: createHash('sha256').update(key).digest('hex').slice(0, 12) };
}

export function sealCredentials(key: CredentialsKey, sourceId: string, credentials: Credentials): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv);
  cipher.setAAD(Buffer.from(sourceId));
  const body = Buffer.concat([cipher.update(JSON.stringify(credentials), 'utf8'), cipher.final()]);
  return ['v1', key.fingerprint, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

export class CredentialsUnreadable extends Error {}

export function openCredentials(key: CredentialsKey | undefined, sourceId: string, sealed: string | null): Credentials {
  if (!sealed) return { kind: 'none' };
  if (!key) throw new CredentialsUnreadable('the source has credentials, but CREDENTIALS_KEY is not set');
  const [version, fingerprint, iv, tag, body] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || !body) throw new CredentialsUnreadable('the stored credentials are not in a known format');
  if (fingerprint !== key.fingerprint) throw new CredentialsUnreadable('the credentials were stored under another CREDENTIALS_KEY; enter them again');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(sourceId));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return JSON.parse(Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8')) as Credentials;
  } catch {
    throw new CredentialsUnreadable('the stored credentials cannot be decrypted');
  }
}

const text = (body: Record<string, unknown>, name: string, path: string, max = 4096): string => {
  const v = body[name];
  if (typeof v !== 'string' || v.trim() === '' || v.length > max) throw new AppError('validation_failed', `credentials.${name} is required`, [{ path: `${path}/${name}`, message: `must be a non-empty string of at most ${max} characters` }]);
  return v.trim();
};

/** Credentials from a request body (`{kind, …}`); the URL of an OAuth2 token endpoint is checked by the caller. */
export function parseCredentials(raw: unknown, path = '/credentials'): Credentials {
  if (raw === undefined || raw === null) return { kind: 'none' };
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new AppError('validation_failed', 'credentials must be an object', [{ path, message: 'must be an object with kind' }]);
  const body = raw as Record<string, unknown>;
  switch (body.kind as CredentialsKind | undefined) {
    case 'none': return { kind: 'none' };
    case 'bearer': return { kind: 'bearer', token: text(body, 'token', path) };
    case 'basic': return { kind: 'basic', username: text(body, 'username', path, 256), password: text(body, 'password', path) };
    case 'oauth2': {
      const scope = typeof body.scope === 'string' && body.scope.trim() !== '' ? body.scope.trim() : undefined;
      return { kind: 'oauth2', tokenUrl: text(body, 'tokenUrl', path, 2048), clientId: text(body, 'clientId', path, 256), clientSecret: text(body, 'clientSecret', path), ...(scope ? { scope } : {}) };
    }
    default:
      throw new AppError('validation_failed', 'credentials.kind must be none, bearer, basic or oauth2', [{ path: `${path}/kind`, message: 'must be none, bearer, basic or oauth2' }]);
  }
}
