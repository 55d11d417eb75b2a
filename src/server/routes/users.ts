/**
 * Accounts, for administrators with a grant for every jurisdiction (`user.manage` in
 * domain/access.ts): list, add, set grants per jurisdiction, disable or enable, reset a password.
 * Each change that concerns login (password, grants, disabling) ends the user's sessions.
 */
import { z } from 'zod';
import { mayAnywhere, ROLES, rolesFor } from '../../domain/access.js';
import { safeName } from '../../domain/text.js';
import type { Store } from '../../store/database.js';
import { addAccount, changePassword, getAccount, listAccounts, setAccountDisabled, setGrants, type Account } from '../../services/accounts.js';
import { ApiError } from '../errors.js';
import type { SessionUser } from '../auth/sessions.js';
import { defineRoute, type AnyRoute } from '../route.js';
import { accountSchema, type AccountDto } from '../schemas.js';

const grantSchema = z.strictObject({ role: z.enum(ROLES), jurisdictionCode: z.string().regex(/^\d{6}$/).nullable() });

const usernameParam = z.object({ username: z.string().regex(/^[A-Za-z0-9_.@-]{2,64}$/) });
const password = z.string().min(1).max(256);

function dto(a: Account): AccountDto {
  return { username: a.username, displayName: a.displayName, disabled: a.disabled, locked: a.locked, grants: a.grants.map((g) => ({ role: g.role, jurisdictionCode: g.jurisdictionCode })), createdAt: a.createdAt };
}

/** Account management needs an administrator grant for every jurisdiction, not one county's. */
export function requireUserManager(user: SessionUser | undefined): SessionUser {
  if (!user) throw new ApiError('unauthenticated');
  if (!mayAnywhere(user.grants, 'user.manage')) throw new ApiError('forbidden');
  return user;
}

export function userRoutes(store: Store): AnyRoute[] {
  const access = rolesFor('user.manage');
  const found = async (username: string): Promise<Account> => {
    const a = await getAccount(store.db, username);
    if (!a) throw new ApiError('not-found');
    return a;
  };
  return [
    defineRoute({
      method: 'GET',
      url: '/api/users',
      tag: 'users',
      summary: { zh: '用户列表（管理员）', en: 'accounts (administrators)' },
      access,
      response: z.object({ users: z.array(accountSchema) }),
      handler: async ({ user }) => {
        requireUserManager(user);
        return { users: (await listAccounts(store.db)).map(dto) };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/users',
      tag: 'users',
      summary: { zh: '新增用户（管理员）', en: 'add an account (administrators)' },
      access,
      body: z.strictObject({ username: usernameParam.shape.username, displayName: safeName(100), password, grants: z.array(grantSchema).max(50) }),
      response: accountSchema,
      status: 201,
      handler: async ({ body, user }) => dto(await addAccount(store, { username: body.username, displayName: body.displayName, password: body.password, grants: body.grants }, requireUserManager(user).username)),
    }),
    defineRoute({
      method: 'PUT',
      url: '/api/users/:username/grants',
      tag: 'users',
      summary: { zh: '设置用户的角色与行政区（管理员）', en: "set an account's roles per jurisdiction (administrators)" },
      access,
      params: usernameParam,
      body: z.strictObject({ grants: z.array(grantSchema).max(50) }),
      response: accountSchema,
      handler: async ({ params, body, user }) => {
        const me = requireUserManager(user);
        await found(params.username);
        if (params.username === me.username && !body.grants.some((g) => g.role === 'admin' && g.jurisdictionCode === null)) {
          throw new ApiError('conflict', { zh: '不能撤销自己的全局管理员角色', en: 'you cannot revoke your own global administrator role' });
        }
        return dto(await setGrants(store, params.username, body.grants, me.username));
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/users/:username/disabled',
      tag: 'users',
      summary: { zh: '停用或启用用户（管理员）', en: 'disable or enable an account (administrators)' },
      access,
      params: usernameParam,
      body: z.strictObject({ disabled: z.boolean() }),
      response: accountSchema,
      handler: async ({ params, body, user }) => {
        const me = requireUserManager(user);
        await found(params.username);
        if (params.username === me.username && body.disabled) throw new ApiError('conflict', { zh: '不能停用自己的账号', en: 'you cannot disable your own account' });
        return dto(await setAccountDisabled(store, params.username, body.disabled, me.username));
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/users/:username/password',
      tag: 'users',
      summary: { zh: '重设用户密码（管理员）', en: "reset an account's password (administrators)" },
      access,
      params: usernameParam,
      body: z.strictObject({ password }),
      response: accountSchema,
      handler: async ({ params, body, user }) => {
        const me = requireUserManager(user);
        await found(params.username);
        await changePassword(store, params.username, body.password, me.username);
        return dto(await found(params.username));
      },
    }),
  ];
}
