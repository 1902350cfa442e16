/**
 * The 14-digit LeiKa key (Leistungsschlüssel), e.g. 99059004012000:
 * digits 1–2 catalogue prefix (99 = federal), 3–5 Leistungsgruppierung, 6–8 Leistungskennung,
 * 9–11 Verrichtungskennung, 12–14 Verrichtungsdetail. `000` marks an absent part.
 */

export type LeikaStruktur = 'lo' | 'lov' | 'lovd';

export interface LeikaKey {
  key: string;
  prefix: string;
  leistungsgruppierung: string;
  leistungskennung: string;
  verrichtungskennung: string;
  verrichtungsdetail: string;
  struktur: LeikaStruktur;
}

export interface LeikaProblem { message: string }

export function parseLeikaKey(key: string): LeikaKey | LeikaProblem {
  if (!/^\d{14}$/.test(key)) return { message: 'must be exactly 14 digits' };
  const parts = {
    key,
    prefix: key.slice(0, 2),
    leistungsgruppierung: key.slice(2, 5),
    leistungskennung: key.slice(5, 8),
    verrichtungskennung: key.slice(8, 11),
    verrichtungsdetail: key.slice(11, 14),
  };
  if (parts.leistungsgruppierung === '000') return { message: 'Leistungsgruppierung (digits 3–5) must not be 000' };
  if (parts.leistungskennung === '000') return { message: 'Leistungskennung (digits 6–8) must not be 000' };
  if (parts.verrichtungskennung === '000' && parts.verrichtungsdetail !== '000') {
    return { message: 'a Verrichtungsdetail (digits 12–14) requires a Verrichtungskennung (digits 9–11)' };
  }
  const struktur: LeikaStruktur =
    parts.verrichtungskennung === '000' ? 'lo' : parts.verrichtungsdetail === '000' ? 'lov' : 'lovd';
  return { ...parts, struktur };
}

export function isLeikaProblem(value: LeikaKey | LeikaProblem): value is LeikaProblem {
  return 'message' in value;
}
