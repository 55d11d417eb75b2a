/**
 * The route guard's view of roles. Who may do what is defined once, in src/domain/access.ts;
 * these are its role lists under the names the routes use.
 */
import { z } from 'zod';
import { ROLES, rolesFor, type Role } from '../../domain/access.js';

export { ROLES, ROLE_NAMES, isRole, type Role } from '../../domain/access.js';
export const roleSchema = z.enum(ROLES);

/** Who may call a route: the public (anyone, logged in or not) or a list of roles. */
export type Access = 'public' | readonly Role[];

export const ALL_ROLES: readonly Role[] = ROLES;
/** Everyone who works inside the system (not the anonymous public): reads the register. */
export const STAFF: readonly Role[] = rolesFor('register.read');
/** Those who change the plan's execution: record supplies. */
export const WRITERS: readonly Role[] = rolesFor('supply.record');
/** Those who may record a supply despite an error finding, with a reason; binding quotas are never lifted. */
export const OVERRIDERS: readonly Role[] = rolesFor('supply.override');
/** Those who may run checks that write nothing but belong to the work (review, approve). */
export const CHECKERS: readonly Role[] = rolesFor('supply.check');

export function allows(access: Access, roles: readonly Role[] | undefined): boolean {
  if (access === 'public') return true;
  return roles !== undefined && roles.some((r) => access.includes(r));
}
