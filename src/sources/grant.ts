/**
 * What a source may write, whatever its files say: it acts as a principal of its tenant with its
 * role and ARS limit (the same policy as every write decides each object), and it may touch only
 * its object classes and schemeAgencyIDs. It deletes only what it wrote itself.
 */
import type { Principal, Role } from '../auth/policy';
import type { TenantRow } from '../db/accessStore';
import type { SourceRow } from '../db/sourceStore';
import { canonicalArs } from '../gebiet/ars';
import { AppError } from '../shared/errors';
import type { ImportOptions } from '../syndication/importer';
import type { Klasse } from '../xzufi/objects';

export const SOURCE_ROLES = ['landesredakteur', 'fachressort', 'kommunalredakteur'] as const;
export const SOURCE_KLASSEN: readonly Klasse[] = ['Leistung', 'LeistungSpezialisierung', 'Organisationseinheit', 'Onlinedienst', 'Zustaendigkeit'];

export function sourcePrincipal(source: SourceRow, tenant: TenantRow): Principal {
  const tenantArea = tenant.ars ? canonicalArs(tenant.ars) : null;
  return {
    id: `source:${source.name}`, kind: 'token', role: source.role as Role, tenantId: tenant.id,
    area: source.arsPrefix ?? tenantArea, limit: source.arsPrefix, leistungsgruppierungen: tenant.leistungsgruppierungen,
  };
}

export const identityKey = (klasse: string, schemeAgencyId: string, xzufiId: string) => `${klasse}\u0000${schemeAgencyId}\u0000${xzufiId}`;

/** The importer's admission check for this source; `own` holds the identities it wrote (identityKey). */
export function admission(source: SourceRow, own: Set<string>): NonNullable<ImportOptions['admit']> {
  return (op, klasse, id) => {
    if (!source.klassen.includes(klasse)) return new AppError('forbidden', `This source may not write ${klasse} objects (it may write ${source.klassen.join(', ')})`);
    if (!source.schemeAgencyIds.includes(id.schemeAgencyID)) return new AppError('forbidden', `This source may not write objects of schemeAgencyID ${id.schemeAgencyID} (it may write ${source.schemeAgencyIds.join(', ')})`);
    if (op === 'loesche' && !own.has(identityKey(klasse, id.schemeAgencyID, id.id))) return { skip: 'not written by this source; kept (a source deletes only what it wrote)' };
    return undefined;
  };
}
