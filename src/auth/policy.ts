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
 * area: objects whose territory lies inside the principal's area (an object of such a principal
 *   always has a territory: "valid everywhere" is the Landesredaktion's alone); for reads also
 *   everything published.
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
  /**
   * A token's ARS limit (canonical prefix), whatever its role: it writes and takes workflow steps
   * only on objects inside it, reads working versions only inside it, and pulls exports, feeds and
   * webhooks of it alone. null = no limit.
   */
  limit: string | null;
  /** Fachressort: the three-digit Leistungsgruppierungen it is responsible for. */
  leistungsgruppierungen: readonly string[];
}

export const ANONYMOUS: Principal = { id: 'anonymous', kind: 'anonymous', role: 'anonymous', tenantId: null, area: null, limit: null, leistungsgruppierungen: [] };
export const systemPrincipal = (what: string): Principal => ({ id: `system:${what}`, kind: 'system', role: 'system', tenantId: null, area: null, limit: null, leistungsgruppierungen: [] });

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
 * The area a caller may pull from exports and feeds and subscribe to: a token's limit (any role),
 * a municipal editor's area; null = unlimited.
 */
export const pullLimit = (p: Principal): string | null => p.limit ?? (p.role === 'kommunalredakteur' ? p.area : null);

export const canDo = (p: Principal, capability: Capability) => CAPABILITIES[p.role].includes(capability);
export const scopeOf = (p: Principal, resource: Resource, action: Action): Scope | undefined => POLICY[p.role][resource]?.[action];

/** Every ARS of a territory lies within the prefix; an object without territory (valid everywhere) never does. */
const inside = (prefix: string, ars: readonly string[]) => ars.length > 0 && ars.every((a) => a.startsWith(prefix));

/** Inside the principal's area (always, for a principal without one). */
export function withinArea(p: Principal, facts: ObjectFacts): boolean {
  return p.area === null || inside(p.area, facts.ars);
}

/** Inside the principal's token limit (always, without one). */
export function withinLimit(p: Principal, facts: ObjectFacts): boolean {
  return p.limit === null || inside(p.limit, facts.ars);
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

function describeScope(p: Principal, scope: Scope, facts: ObjectFacts): string {
  if (facts.ars.length === 0 && (scope === 'area' || p.limit !== null)) return `with a territory inside ARS ${p.limit ?? p.area} (only the Landesredaktion keeps objects valid everywhere)`;
  if (!withinLimit(p, facts)) return `inside this token's limit, ARS ${p.limit}`;
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
    return scope !== undefined && inScope(p, scope, 'read', facts) && (facts.published || withinLimit(p, facts));
  })();
  if (action === 'read') return readable ? { ok: true } : { ok: false, status: 404, message: `${resource} not found` };
  const scope = scopeOf(p, resource, action);
  if (scope === undefined) {
    if (p.kind === 'anonymous') return { ok: false, status: 401, message: 'Sign in or send a token to change data' };
    return { ok: false, status: 403, message: `The role ${p.role} may not ${action} ${resource} objects` };
  }
  if (inScope(p, scope, action, facts) && withinLimit(p, facts)) return { ok: true };
  if (!readable && action !== 'create') return { ok: false, status: 404, message: `${resource} not found` };
  return { ok: false, status: 403, message: `The role ${p.role}${p.tenantId ? ` of ${p.tenantId}` : ''} may only ${action} ${resource} objects ${describeScope(p, scope, facts)}` };
}

/** May the principal do this at all, on some object (before any object is looked at)? */
export function mayEver(p: Principal, action: Action, resource: Resource): Decision {
  if (scopeOf(p, resource, action) !== undefined) return { ok: true };
  if (p.kind === 'anonymous') return { ok: false, status: 401, message: 'Sign in or send a token to change data' };
  return { ok: false, status: 403, message: `The role ${p.role} may not ${action} ${resource} objects` };
}

/**
 * The rows a principal may read, as parameters for the database's filter (visibleWhere):
 * published rows for everyone who reads, working versions within the scope and token limit.
 */
export function visibilityOf(p: Principal, resource: Resource): Visibility {
  return { scope: scopeOf(p, resource, 'read'), area: p.area, limit: p.limit, leistungsgruppierungen: p.leistungsgruppierungen, listLimit: p.role === 'portal' ? p.limit : null };
}

export interface Visibility {
  scope: Scope | undefined;
  /** Canonical ARS prefix of the principal's area. */
  area: string | null;
  /** A token's limit: working versions only inside it. */
  limit: string | null;
  leistungsgruppierungen: readonly string[];
  /** A portal token's limit also narrows the published rows it lists (to those overlapping it or valid everywhere). */
  listLimit: string | null;
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
  if (inScope(p, scope, 'update', facts) && withinLimit(p, facts)) return { ok: true };
  return { ok: false, status: 403, message: `The role ${p.role}${p.tenantId ? ` of ${p.tenantId}` : ''} may only ${step} ${resource} objects ${describeScope(p, scope, facts)}` };
}

/** Does the principal hold any workflow step on objects of this type (before looking at one)? */
export function mayStepEver(p: Principal, resource: Resource): Decision {
  if (STEPS.some((s) => stepScope(p, resource, s) !== undefined)) return { ok: true };
  if (p.kind === 'anonymous') return { ok: false, status: 401, message: 'Sign in or send a token to change data' };
  return { ok: false, status: 403, message: `The role ${p.role} may not change the status of ${resource} objects` };
}
