import pino, { type Logger } from 'pino';
import type { Config } from './config';

export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({ level: config.logLevel, base: { service: 'fim-redaktion' }, redact: ['req.headers.authorization', 'req.headers.cookie'] });
}
