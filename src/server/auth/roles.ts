/**
 * Roles (issue 6). Anonymous visitors are the public: they see published material only.
 * - admin: everything, including accounts;
 * - editor: bureau staff who compile plans and record supplies (局内经办人员);
 * - reviewer: other departments (发改、住建、财政…) who read and comment;
 * - approver: the county government, which approves plans and adjustments;
 * - viewer: upper levels (州、自治区、部), read-only.
 */
import { z } from 'zod';

export const ROLES = ['admin', 'editor', 'reviewer', 'approver', 'viewer'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

export const ROLE_NAMES: Record<Role, { zh: string; en: string }> = {
  admin: { zh: '系统管理员', en: 'administrator' },
  editor: { zh: '自然资源局经办人员', en: 'bureau editor' },
  reviewer: { zh: '相关部门审核人员', en: 'department reviewer' },
  approver: { zh: '县人民政府审批人员', en: 'county approver' },
  viewer: { zh: '上级部门查看人员', en: 'upper-level viewer' },
};

/** Who may call a route: the public (anyone, logged in or not) or a list of roles. */
export type Access = 'public' | readonly Role[];

export const ALL_ROLES: readonly Role[] = ROLES;
/** Everyone who works inside the system (not the anonymous public). */
export const STAFF: readonly Role[] = ROLES;
/** Those who change the plan's execution: record and check supplies. */
export const WRITERS: readonly Role[] = ['admin', 'editor'];
/**
 * Those who may record a supply despite an error finding, with a reason (the county government's
 * approver, or an administrator); binding quotas are never lifted (services/record-supply).
 */
export const OVERRIDERS: readonly Role[] = ['admin', 'approver'];
/** Those who may run checks that write nothing but belong to the work (review, approve). */
export const CHECKERS: readonly Role[] = ['admin', 'editor', 'reviewer', 'approver'];

export function allows(access: Access, roles: readonly Role[] | undefined): boolean {
  if (access === 'public') return true;
  return roles !== undefined && roles.some((r) => access.includes(r));
}

export function isRole(s: string): s is Role {
  return (ROLES as readonly string[]).includes(s);
}
