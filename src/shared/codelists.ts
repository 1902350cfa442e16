/** Code lists the domain rules check against, loaded from fixtures/codelists.json (derived from the official genericode lists). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CodeList { listURI: string; listVersionID: string; codes: Array<{ code: string; de?: string; en?: string }> }

const lists = JSON.parse(readFileSync(join(__dirname, '..', '..', 'fixtures', 'codelists.json'), 'utf8')) as Record<'anschrifttyp' | 'erreichbarkeit', CodeList>;

export const codelists = lists;

export function hasCode(list: keyof typeof lists, code: string): boolean {
  return lists[list].codes.some((c) => c.code === code);
}
