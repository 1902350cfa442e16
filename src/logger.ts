import pino, { type Logger } from 'pino';
import type { Config } from './config';

/**
 * Secrets never reach a log line: credentials in headers (also of responses: session cookies),
 * and fields named like secrets anywhere up to three levels deep (error details, job payloads).
 */
const SECRET_KEYS = ['authorization', 'cookie', 'set-cookie', 'password', 'passwort', 'secret', 'token', 'passwordHash', 'secretHash', 'clientSecret', 'credentials'];
export const REDACT_PATHS = [
  ...SECRET_KEYS.map((k) => `["${k}"]`),
  ...SECRET_KEYS.map((k) => `*["${k}"]`),
  ...SECRET_KEYS.map((k) => `*.*["${k}"]`),
  'req.headers', 'res.headers',
];

export function createLogger(config: Pick<Config, 'logLevel'>, destination?: pino.DestinationStream): Logger {
  return pino({ level: config.logLevel, base: { service: 'fim-redaktion' }, redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, destination);
}
