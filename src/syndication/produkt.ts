/** How this system names itself in the head of every XZuFi message it writes. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Produkt } from '../xzufi/message';

const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { name: string; version: string };

export const PRODUKT: Produkt = {
  produktbezeichnung: pkg.name,
  produkthersteller: 'fim-redaktion contributors',
  produktversion: pkg.version,
};
