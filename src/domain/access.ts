/**
 * Who may do what: one table of data (ARCHITECTURE: "Who may do what is one table of data in
 * domain/, read by the server's route guard, the services and the web app's menus").
 *
 * Roles (anonymous visitors are the public: they see published material only):
 * - admin: everything, including accounts;
 * - editor: bureau staff who compile plans and record supplies (局内经办人员);
 * - reviewer: other departments (发改、住建、财政…) who read and comment;
 * - approver: the county government, which approves plans and adjustments, and may authorise a
 *   supply despite an error finding (never beyond a binding quota);
 * - viewer: upper levels (州、自治区、部), read-only.
 *
 * A grant gives a role for one jurisdiction or, with `jurisdictionCode: null`, for all. Reading is
 * allowed where a grant names the jurisdiction or one of its ancestors (a prefecture viewer reads
 * its counties); acting (checking or recording a supply, managing a plan) needs a grant for the
 * jurisdiction itself or for all.
 *
 *   may([{ role: 'editor', jurisdictionCode: '653130' }], 'supply.record', ['653130', '653100'])  → true
 *   may([{ role: 'viewer', jurisdictionCode: '653100' }], 'plan.read', ['653130', '653100'])      → true
 *   may([{ role: 'viewer', jurisdictionCode: '653100' }], 'supply.record', ['653130', '653100'])  → false
 */

export const ROLES = ['admin', 'editor', 'reviewer', 'approver', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, { readonly zh: string; readonly en: string }> = {
  admin: { zh: '系统管理员', en: 'administrator' },
  editor: { zh: '自然资源局经办人员', en: 'bureau editor' },
  reviewer: { zh: '相关部门审核人员', en: 'department reviewer' },
  approver: { zh: '县人民政府审批人员', en: 'county approver' },
  viewer: { zh: '上级部门查看人员', en: 'upper-level viewer' },
};

export function isRole(s: string): s is Role {
  return (ROLES as readonly string[]).includes(s);
}

export interface Grant {
  readonly role: Role;
  /** The jurisdiction the role applies to; null = every jurisdiction. */
  readonly jurisdictionCode: string | null;
}

/**
 * What a role can do. `scope: 'read'` actions cover the granted jurisdiction and everything below
 * it; `'act'` actions only the granted jurisdiction itself; `'global'` actions need a grant for all
 * jurisdictions (null).
 */
export const ACTIONS = {
  /** Read plans (drafts included), findings, ledger, dashboards, parcels, idle scans, layers. */
  'register.read': { roles: ROLES, scope: 'read' },
  /** Audit a text or an uploaded document (no database). */
  'audit.run': { roles: ROLES, scope: 'global-any' },
  /** Check a proposed supply against the rules and the ledger (writes nothing). */
  'supply.check': { roles: ['admin', 'editor', 'reviewer', 'approver'], scope: 'act' },
  /** Record a supply decision. */
  'supply.record': { roles: ['admin', 'editor'], scope: 'act' },
  /** Record a supply despite error findings, with a reason (binding quotas still hold). */
  'supply.override': { roles: ['admin', 'approver'], scope: 'act' },
  /** Read roll-ups of a unit and what the counties below it reported (the nation needs a grant for all). */
  'rollup.read': { roles: ROLES, scope: 'read' },
  /** Record a step of a parcel's path, a payment, a reserve cost, 净地 evidence, an inspection (domain/pipeline). */
  'pipeline.record': { roles: ['admin', 'editor'], scope: 'act' },
  /** Record what the county government decides on a parcel's path: the 集体决策 (底价), the 划拨决定书, idle-land determinations and disposals, supplementary agreements. */
  'pipeline.decide': { roles: ['admin', 'editor', 'approver'], scope: 'act' },
  /** See a 底价 before the deal is public (the roles that set it; 39号令 第十条: kept secret). */
  'reservePrice.read': { roles: ['admin', 'editor', 'approver'], scope: 'read' },
  /** Upload evidence (photos, scans) for a parcel's journal. */
  'attachment.upload': { roles: ['admin', 'editor'], scope: 'act' },
  /** Compile a plan: start one, edit a draft or an adjustment, open consultation, request joint review, revise, answer comments and objections, take a demand in, withdraw, close (domain/plan/lifecycle.ts). */
  'plan.edit': { roles: ['admin', 'editor'], scope: 'act' },
  /** Moderate public comments: hide with a reason (never delete), publish the answers. */
  'comment.moderate': { roles: ['admin', 'editor'], scope: 'act' },
  /** Review a version for a department (联审): approve or object with a reason. */
  'plan.review': { roles: ['admin', 'reviewer'], scope: 'act' },
  /** Submit a department's land demand for the year (用地需求). */
  'demand.submit': { roles: ['admin', 'editor', 'reviewer'], scope: 'act' },
  /** Approve a version or an adjustment (批准, with its 文号). */
  'plan.approve': { roles: ['admin', 'approver'], scope: 'act' },
  /** Publish an approved version (公布). */
  'plan.publish': { roles: ['admin', 'editor', 'approver'], scope: 'act' },
  /** Manage accounts: add, grant, disable, reset passwords. */
  'user.manage': { roles: ['admin'], scope: 'global' },
} as const satisfies Record<string, { readonly roles: readonly Role[]; readonly scope: 'read' | 'act' | 'global' | 'global-any' }>;

export type Action = keyof typeof ACTIONS;

/** The roles that may take an action somewhere (the route guard's first check; the menus). */
export function rolesFor(action: Action): readonly Role[] {
  return ACTIONS[action].roles;
}

/** Whether any grant lets the holder take `action` somewhere at all. */
export function mayAnywhere(grants: readonly Grant[], action: Action): boolean {
  const a = ACTIONS[action];
  return grants.some((g) => (a.roles as readonly Role[]).includes(g.role) && (a.scope !== 'global' || g.jurisdictionCode === null));
}

/**
 * Whether the grants allow `action` on a jurisdiction. `lineage` is the jurisdiction followed by
 * its ancestors (nearest first); for 'act' only its first element counts.
 */
export function may(grants: readonly Grant[], action: Action, lineage: readonly string[]): boolean {
  const a = ACTIONS[action];
  const allowed = a.scope === 'read' ? lineage : a.scope === 'act' ? lineage.slice(0, 1) : [];
  return grants.some((g) => (a.roles as readonly Role[]).includes(g.role) && (g.jurisdictionCode === null || allowed.includes(g.jurisdictionCode)));
}

/** Jurisdiction codes a user may read, or 'all' (a grant for every jurisdiction). */
export function readableRoots(grants: readonly Grant[]): 'all' | string[] {
  const roles = ACTIONS['register.read'].roles as readonly Role[];
  const mine = grants.filter((g) => roles.includes(g.role));
  if (mine.some((g) => g.jurisdictionCode === null)) return 'all';
  return [...new Set(mine.map((g) => g.jurisdictionCode!))];
}

/** Whether these grants let their holder authorise an override in a jurisdiction. */
export function mayOverride(grants: readonly Grant[], jurisdictionCode: string): boolean {
  return may(grants, 'supply.override', [jurisdictionCode]);
}
