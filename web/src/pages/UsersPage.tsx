/**
 * Accounts, for administrators: list, add, set roles per jurisdiction, disable or enable, reset a
 * password. The server enforces the same (admin-only routes under /api/users); password rules
 * are the server's (services/accounts.ts), its refusal is shown as it comes.
 */
import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Form, Input, Modal, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import type { AccountDto, JurisdictionDto } from '../../../src/server/schemas.js';
import { ApiFailure, api, get, post } from '../api.js';
import { useI18n } from '../i18n.js';
import { ROLES, type Role } from '../session.js';

type Grant = AccountDto['grants'][number];

const testId = (id: string): Record<`data-${string}`, string> => ({ 'data-testid': id });

const T = {
  title: { zh: '用户管理', en: 'Accounts' },
  add: { zh: '新增用户', en: 'Add account' },
  displayName: { zh: '显示名称', en: 'Display name' },
  grants: { zh: '角色（行政区）', en: 'Roles (jurisdiction)' },
  all: { zh: '全部行政区', en: 'every jurisdiction' },
  status: { zh: '状态', en: 'Status' },
  enabled: { zh: '启用', en: 'enabled' },
  disabled: { zh: '停用', en: 'disabled' },
  locked: { zh: '已锁定', en: 'locked' },
  editGrants: { zh: '设置角色', en: 'Set roles' },
  resetPassword: { zh: '重设密码', en: 'Reset password' },
  newPassword: { zh: '新密码（至少 12 个字符）', en: 'New password (12 characters or more)' },
  role: { zh: '角色', en: 'Role' },
  jurisdiction: { zh: '行政区', en: 'Jurisdiction' },
  addGrant: { zh: '添加角色', en: 'Add a role' },
  save: { zh: '保存', en: 'Save' },
  done: { zh: '已保存；该用户须重新登录', en: 'Saved; the user logs in again' },
  added: { zh: '已新增用户，可用所设密码登录', en: 'Account added; it logs in with the password set' },
} as const;

const ROLE_TEXT: Record<Role, { zh: string; en: string }> = {
  admin: { zh: '系统管理员', en: 'administrator' },
  editor: { zh: '经办人员', en: 'editor' },
  reviewer: { zh: '相关部门', en: 'reviewer' },
  approver: { zh: '审批人员', en: 'approver' },
  viewer: { zh: '上级查看', en: 'viewer' },
};

function GrantsEditor({ value, onChange, jurisdictions }: { value: Grant[]; onChange(v: Grant[]): void; jurisdictions: JurisdictionDto[] }) {
  const { lang } = useI18n();
  const [role, setRole] = useState<Role>('viewer');
  const [code, setCode] = useState<string>('*');
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        {value.map((g, i) => (
          <Tag key={`${g.role}@${g.jurisdictionCode ?? '*'}`} closable onClose={() => onChange(value.filter((_, k) => k !== i))} data-testid={`grant-${g.role}-${g.jurisdictionCode ?? 'all'}`}>
            {ROLE_TEXT[g.role][lang]} · {g.jurisdictionCode ?? T.all[lang]}
          </Tag>
        ))}
      </Space>
      <Space.Compact>
        <Select value={role} onChange={setRole} style={{ width: 140 }} options={ROLES.map((r) => ({ value: r, label: ROLE_TEXT[r][lang] }))} data-testid="grant-role" />
        <Select value={code} onChange={setCode} style={{ width: 200 }} options={[{ value: '*', label: T.all[lang] }, ...jurisdictions.map((j) => ({ value: j.code, label: `${j.code} ${j.name}` }))]} data-testid="grant-jurisdiction" />
        <Button
          onClick={() => {
            const g: Grant = { role, jurisdictionCode: code === '*' ? null : code };
            if (!value.some((x) => x.role === g.role && x.jurisdictionCode === g.jurisdictionCode)) onChange([...value, g]);
          }}
          data-testid="grant-add"
        >
          {T.addGrant[lang]}
        </Button>
      </Space.Compact>
    </Space>
  );
}

export default function UsersPage() {
  const { lang, t } = useI18n();
  const [users, setUsers] = useState<AccountDto[] | null>(null);
  const [jurisdictions, setJurisdictions] = useState<JurisdictionDto[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [newGrants, setNewGrants] = useState<Grant[]>([]);
  const [editing, setEditing] = useState<AccountDto | null>(null);
  const [editGrants, setEditGrants] = useState<Grant[]>([]);
  const [resetting, setResetting] = useState<AccountDto | null>(null);
  const [form] = Form.useForm<{ username: string; displayName: string; password: string }>();
  const [pwForm] = Form.useForm<{ password: string }>();
  const fail = (e: unknown): void => setError(e instanceof ApiFailure ? [e.message, ...e.details.map((d) => `${d.path}: ${d.message}`)].join('；') : String(e));
  const load = useCallback(() => {
    get<{ users: AccountDto[] }>('/api/users').then((r) => setUsers(r.users), fail);
  }, []);
  useEffect(() => {
    load();
    get<{ jurisdictions: JurisdictionDto[] }>('/api/jurisdictions').then((r) => setJurisdictions(r.jurisdictions), fail);
  }, [load]);
  const act = async (f: () => Promise<unknown>, done: string = T.done[lang]): Promise<boolean> => {
    setError(null);
    setNotice(null);
    try {
      await f();
      setNotice(done);
      load();
      return true;
    } catch (e) {
      fail(e);
      return false;
    }
  };
  const path = (u: AccountDto, rest: string) => `/api/users/${encodeURIComponent(u.username)}/${rest}`;
  return (
    <Card title={T.title[lang]} extra={<Button type="primary" onClick={() => setAdding(true)} data-testid="user-add">{T.add[lang]}</Button>}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="users-error" />}
      {notice && <Alert type="success" showIcon title={notice} style={{ marginBottom: 12 }} />}
      <Table<AccountDto>
        rowKey="username"
        loading={users === null}
        dataSource={users ?? []}
        pagination={false}
        data-testid="users-table"
        columns={[
          { title: t('username'), dataIndex: 'username' },
          { title: T.displayName[lang], dataIndex: 'displayName' },
          {
            title: T.grants[lang],
            render: (_, u) => (
              <Space wrap>
                {u.grants.map((g) => (
                  <Tag key={`${g.role}@${g.jurisdictionCode ?? '*'}`}>
                    {ROLE_TEXT[g.role][lang]} · {g.jurisdictionCode ?? T.all[lang]}
                  </Tag>
                ))}
              </Space>
            ),
          },
          {
            title: T.status[lang],
            render: (_, u) => (
              <Space>
                <Switch
                  checked={!u.disabled}
                  checkedChildren={T.enabled[lang]}
                  unCheckedChildren={T.disabled[lang]}
                  onChange={(on) => void act(() => post(path(u, 'disabled'), { disabled: !on }))}
                  data-testid={`user-enabled-${u.username}`}
                />
                {u.locked && <Tag color="red">{T.locked[lang]}</Tag>}
              </Space>
            ),
          },
          {
            title: '',
            render: (_, u) => (
              <Space>
                <Button size="small" onClick={() => (setEditing(u), setEditGrants([...u.grants]))} data-testid={`user-grants-${u.username}`}>
                  {T.editGrants[lang]}
                </Button>
                <Button size="small" onClick={() => (setResetting(u), pwForm.resetFields())} data-testid={`user-password-${u.username}`}>
                  {T.resetPassword[lang]}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={adding}
        destroyOnHidden
        title={T.add[lang]}
        okText={T.save[lang]}
        onCancel={() => setAdding(false)}
        onOk={() =>
          void form.validateFields().then(async (v) => {
            if (await act(() => post('/api/users', { ...v, grants: newGrants }), T.added[lang])) {
              setAdding(false);
              form.resetFields();
              setNewGrants([]);
            }
          })
        }
        okButtonProps={testId('user-add-save')}
      >
        <Form form={form} layout="vertical">
          <Form.Item label={t('username')} name="username" rules={[{ required: true, pattern: /^[A-Za-z0-9_.@-]{2,64}$/ }]}>
            <Input autoComplete="off" data-testid="user-new-username" />
          </Form.Item>
          <Form.Item label={T.displayName[lang]} name="displayName" rules={[{ required: true, max: 100 }]}>
            <Input data-testid="user-new-display" />
          </Form.Item>
          <Form.Item label={T.newPassword[lang]} name="password" rules={[{ required: true, min: 12 }]}>
            <Input.Password autoComplete="new-password" data-testid="user-new-password" />
          </Form.Item>
          <Form.Item label={T.grants[lang]}>
            <GrantsEditor value={newGrants} onChange={setNewGrants} jurisdictions={jurisdictions} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={editing !== null}
        title={`${T.editGrants[lang]}: ${editing?.username ?? ''}`}
        okText={T.save[lang]}
        onCancel={() => setEditing(null)}
        onOk={() => editing && void act(() => api('PUT', path(editing, 'grants'), { grants: editGrants })).then((ok) => ok && setEditing(null))}
        okButtonProps={testId('user-grants-save')}
      >
        <GrantsEditor value={editGrants} onChange={setEditGrants} jurisdictions={jurisdictions} />
      </Modal>
      <Modal
        open={resetting !== null}
        title={`${T.resetPassword[lang]}: ${resetting?.username ?? ''}`}
        okText={T.save[lang]}
        onCancel={() => setResetting(null)}
        onOk={() => void pwForm.validateFields().then((v) => resetting && act(() => post(path(resetting, 'password'), v)).then((ok) => ok && setResetting(null)))}
        okButtonProps={testId('user-password-save')}
      >
        <Form form={pwForm} layout="vertical">
          <Form.Item label={T.newPassword[lang]} name="password" rules={[{ required: true, min: 12 }]}>
            <Input.Password autoComplete="new-password" data-testid="user-reset-password" />
          </Form.Item>
        </Form>
      </Modal>
      <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
        {lang === 'en' ? 'Changing roles, a password or disabling ends that user’s sessions.' : '修改角色、密码或停用账号后，该用户的登录即时失效。'}
      </Typography.Paragraph>
    </Card>
  );
}
