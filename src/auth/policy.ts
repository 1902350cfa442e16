/**
 * Who may do what: the one place where rights are declared. Every write path (REST and XZuFi
 * import) asks `decide` inside its transaction; reads filter with the same scopes. The tests
 * generate their authorisation matrix from `POLICY` and `CAPABILITIES`.
 */

export const ROLES = ['admin', 'landesredakteur', 'fachressort', 'kommunalredakteur', 'portal', 'anonymous', 'system'] as const;
export type Role = (typeof ROLES)[number];

export const RESOURCES = ['Leistung', 'Spezialisierung', 'Organisationseinheit', 'Onlinedienst', 'Zustaendigkeit', 'Kategorie'] as const;
export type Resource = (typeof RESOURCES)[number];

export const ACTIONS = ['read', 'create', 'update', 'delete'] as const;
export type Action = (typeof ACTIONS)[number];

/**
 * all: everything of the installation.
 * area: objects whose territory lies inside the principal's area (or, without territory, that
 *   belong to its tenant); for reads also everything published.
 * gruppierung: Leistungen whose LeiKa key falls into the tenant's Leistungsgruppierungen; for reads
 *   also everything published.
 * published: published objects only (reads).
 */
export type Scope = 'all' | 'area' | 'gruppierung' | 'published';

type Rules = Partial<Record<Resource, Partial<Record<Action, Scope>>>>;

const everything = (scope: Scope, actions: readonly Action[] = ACTIONS): Rules =>
  Object.fromEntries(RESOURCES.map((r) => [r, Object.fromEntries(actions.map((a) => [a, scope]))]));
const readPublished = everything('published', ['read']);
const LOCAL: Resource[] = ['Spezialisierung', 'Organisationseinheit', 'Onlinedienst', 'Zustaendigkeit'];

export const POLICY: Record<Role, Rules> = {
  /** Manages tenants, users and tokens; reads everything, edits no content. */
  admin: everything('all', ['read']),
  /** Master texts and Kategorien, and any object of the state. */
  landesredakteur: everything('all'),
  /** Edits (and approves) the Leistungen of its Leistungsgruppierungen; nothing else. */
  fachressort: { ...readPublished, Leistung: { read: 'gruppierung', update: 'gruppierung' } },
  /** Local objects inside its area; master texts read-only. */
  kommunalredakteur: {
    ...readPublished,
    ...Object.fromEntries(LOCAL.map((r) => [r, { read: 'area', create: 'area', update: 'area', delete: 'area' }])),
  },
  portal: readPublished,
  anonymous: readPublished,
  /** The operator's command line and start-up jobs. */
  system: everything('all'),
};

export const CAPABILITIES_LIST = ['manage_access', 'read_audit', 'xzufi_import', 'xzufi_export', 'request_leika', 'decide_leika'] as const;
export type Capability = (typeof CAPABILITIES_LIST)[number];

export const CAPABILITIES: Record<Role, readonly Capability[]> = {
  admin: ['manage_access', 'read_audit'],
  landesredakteur: ['read_audit', 'xzufi_import', 'xzufi_export', 'request_leika', 'decide_leika'],
  fachressort: ['xzufi_import', 'request_leika'],
  kommunalredakteur: ['xzufi_import', 'xzufi_export', 'request_leika'],
  portal: ['xzufi_export'],
  anonymous: [],
  system: CAPABILITIES_LIST,
};

/** The acting party of a request or a command. */
export interface Principal {
  /** User name, token id, `anonymous` or `system:<what>`; recorded as created_by / changed_by. */
  id: string;
  kind: 'user' | 'token' | 'anonymous' | 'system';
  role: Role;
  tenantId: string | null;
  /** Canonical ARS prefix the principal works in (tenant's ARS, narrowed by a token's limit); null = unlimited. */
  area: string | null;
  /** Fachressort: the three-digit Leistungsgruppierungen it is responsible for. */
  leistungsgruppierungen: readonly string[];
}

export const ANONYMOUS: Principal = { id: 'anonymous', kind: 'anonymous', role: 'anonymous', tenantId: null, area: null, leistungsgruppierungen: [] };
export const systemPrincipal = (what: string): Principal => ({ id: `system:${what}`, kind: 'system', role: 'system', tenantId: null, area: null, leistungsgruppierungen: [] });

/** What the policy needs to know about an object (stored or about to be). */
export interface ObjectFacts {
  /** Canonical ARS of its territory. */
  ars: readonly string[];
  tenantId: string | null;
  leikaKey?: string | null;
  published: boolean;
}

export type Decision = { ok: true } | { ok: false; status: 401 | 403 | 404; message: string };

/**
 * The area a caller may pull from feeds and subscribe to: a portal token's limit, a municipal
 * editor's area; null = unlimited.
 */
export const pullLimit = (p: Principal): string | null => (p.role === 'portal' || p.role === 'kommunalredakteur' ? p.area : null);

export const canDo = (p: Principal, capability: Capability) => CAPABILITIES[p.role].includes(capability);
export const scopeOf = (p: Principal, resource: Resource, action: Action): Scope | undefined => POLICY[p.role][resource]?.[action];

/** Inside the area: every ARS within it; without territory, the tenant's own object. */
export function withinArea(p: Principal, facts: ObjectFacts): boolean {
  if (p.area === null) return true;
  if (facts.ars.length === 0) return facts.tenantId !== null && facts.tenantId === p.tenantId;
  return facts.ars.every((a) => a.startsWith(p.area!));
}

const gruppierungOf = (leikaKey: string | null | undefined) => (leikaKey ? leikaKey.slice(2, 5) : undefined);

function inScope(p: Principal, scope: Scope, action: Action, facts: ObjectFacts): boolean {
  switch (scope) {
    case 'all': return true;
    case 'published': return facts.published;
    case 'area': return (action === 'read' && facts.published) || withinArea(p, facts);
    case 'gruppierung': {
      const g = gruppierungOf(facts.leikaKey);
      return (action === 'read' && facts.published) || (g !== undefined && p.leistungsgruppierungen.includes(g));
    }
  }
}

function describeScope(p: Principal, scope: Scope): string {
  switch (scope) {
    case 'area': return `inside ARS ${p.area}`;
    case 'gruppierung': return `of the Leistungsgruppierungen ${p.leistungsgruppierungen.join(', ') || '(none)'}`;
    case 'published': return 'that are published';
    default: return '';
  }
}

/**
 * May `p` do `action` on this object? Objects the principal may not even read are reported as
 * 404, so that their existence does not leak; missing rights as 403 naming the right.
 */
export function decide(p: Principal, action: Action, resource: Resource, facts: ObjectFacts): Decision {
  const readable = (() => {
    const scope = scopeOf(p, resource, 'read');
    return scope !== undefined && inScope(p, scope, 'read', facts);
  })();
  if (action === 'read') return readable ? { ok: true } : { ok: false, status: 404, message: `${resource} not found` };
  const scope = scopeOf(p, resource, action);
  if (scope === undefined) {
    if (p.kind === 'anonymous') return { ok: false, status: 401, message: 'Sign in or send a token to change data' };
    return { ok: false, status: 403, message: `The role ${p.role} may not ${action} ${resource} objects` };
  }
  if (inScope(p, scope, action, facts)) return { ok: true };
  if (!readable && action !== 'create') return { ok: false, status: 404, message: `${resource} not found` };
  return { ok: false, status: 403, message: `The role ${p.role}${p.tenantId ? ` of ${p.tenantId}` : ''} may only ${action} ${resource} objects ${describeScope(p, scope)}` };
}

// ---------------------------------------------------------------------------------------------
// Workflow: which status changes exist and who may make them.

export const STATUSES = ['entwurf', 'in_pruefung', 'freigegeben', 'zurueckgewiesen', 'veroeffentlicht', 'archiviert'] as const;
export type Status = (typeof STATUSES)[number];

/**
 * submit / withdraw: whoever may edit the object. approve / reject: the Fachliche Freigabe (for
 * Leistungen the Fachressort of the Leistungsgruppierung or the Landesredaktion; for local objects
 * the municipality itself). publish / unpublish: the Landesredaktion, for local objects also the
 * municipality.
 */
export const STEPS = ['submit', 'withdraw', 'approve', 'reject', 'publish', 'unpublish'] as const;
export type Step = (typeof STEPS)[number];

export interface Transition { from: Status; to: Status; step: Step; withoutReview?: true }

export const TRANSITIONS: readonly Transition[] = [
  { from: 'entwurf', to: 'in_pruefung', step: 'submit' },
  { from: 'zurueckgewiesen', to: 'in_pruefung', step: 'submit' },
  { from: 'in_pruefung', to: 'entwurf', step: 'withdraw' },
  { from: 'in_pruefung', to: 'freigegeben', step: 'approve' },
  { from: 'in_pruefung', to: 'zurueckgewiesen', step: 'reject' },
  { from: 'freigegeben', to: 'zurueckgewiesen', step: 'reject' },
  { from: 'freigegeben', to: 'veroeffentlicht', step: 'publish' },
  // Local objects (offices, online services …) may go live straight from the draft, by someone
  // who may approve them; master texts always need their Fachliche Freigabe.
  { from: 'entwurf', to: 'veroeffentlicht', step: 'publish', withoutReview: true },
  // An archived object comes back with the version that was approved and live before.
  { from: 'archiviert', to: 'veroeffentlicht', step: 'publish' },
  { from: 'veroeffentlicht', to: 'archiviert', step: 'unpublish' },
];

/** Object types whose versions need the Fachliche Freigabe before they are published. */
export const REVIEWED: readonly Resource[] = ['Leistung'];

type StepRules = Partial<Record<Resource, Partial<Record<Exclude<Step, 'submit' | 'withdraw'>, Scope>>>>;
const steps = (resources: readonly Resource[], list: Array<Exclude<Step, 'submit' | 'withdraw'>>, scope: Scope): StepRules =>
  Object.fromEntries(resources.map((r) => [r, Object.fromEntries(list.map((s) => [s, scope]))]));

export const STEP_POLICY: Record<Role, StepRules> = {
  admin: {},
  landesredakteur: steps(RESOURCES, ['approve', 'reject', 'publish', 'unpublish'], 'all'),
  fachressort: steps(['Leistung'], ['approve', 'reject'], 'gruppierung'),
  kommunalredakteur: steps(LOCAL, ['approve', 'reject', 'publish', 'unpublish'], 'area'),
  portal: {},
  anonymous: {},
  system: steps(RESOURCES, ['approve', 'reject', 'publish', 'unpublish'], 'all'),
};

export const stepScope = (p: Principal, resource: Resource, step: Step): Scope | undefined =>
  step === 'submit' || step === 'withdraw' ? scopeOf(p, resource, 'update') : STEP_POLICY[p.role][resource]?.[step];

/** The transition from → to, if the workflow has one for this type. */
export function findTransition(resource: Resource, from: Status, to: Status): Transition | undefined {
  return TRANSITIONS.find((t) => t.from === from && t.to === to && !(t.withoutReview && REVIEWED.includes(resource)));
}

/** May `p` take this workflow step on the object? (The caller has checked it may read it.) */
export function decideStep(p: Principal, step: Step, resource: Resource, facts: ObjectFacts): Decision {
  const scope = stepScope(p, resource, step);
  if (scope === undefined) {
    if (p.kind === 'anonymous') return { ok: false, status: 401, message: 'Sign in or send a token to change data' };
    return { ok: false, status: 403, message: `The role ${p.role} may not ${step} ${resource} objects` };
  }
  if (inScope(p, scope, 'update', facts)) return { ok: true };
  return { ok: false, status: 403, message: `The role ${p.role}${p.tenantId ? ` of ${p.tenantId}` : ''} may only ${step} ${resource} objects ${describeScope(p, scope)}` };
}
