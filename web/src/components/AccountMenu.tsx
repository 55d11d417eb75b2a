/**
 * The logged-in user's menu: their name, opening "change my password". The change needs the
 * current password and the new one twice; the server ends the user's other sessions and renews
 * this one (a new CSRF token, adopted here).
 */
import { useState } from 'react';
import { Alert, App, Dropdown, Form, Input, Modal, Typography } from 'antd';
import { ApiFailure, post, setCsrf } from '../api.js';
import { useI18n } from '../i18n.js';
import { useSession, type User } from '../session.js';

interface Values {
  currentPassword: string;
  newPassword: string;
  repeat: string;
}

export function AccountMenu({ user }: { user: User }) {
  const { pick } = useI18n();
  const { setUser } = useSession();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<Values>();
  const close = (): void => {
    setOpen(false);
    setError(null);
    form.resetFields();
  };
  const submit = async (v: Values): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const s = await post<{ user: User; csrfToken: string }>('/api/session/password', { currentPassword: v.currentPassword, newPassword: v.newPassword });
      setCsrf(s.csrfToken);
      setUser(s.user);
      close();
      void message.success(pick({ zh: '密码已修改；其他设备上的登录已退出', en: 'Password changed; your other sessions have ended' }));
    } catch (e) {
      if (e instanceof ApiFailure && e.details.length) {
        // The server names the field: show its message under that field.
        form.setFields(e.details.map((d) => ({ name: d.path.replace(/^body\./, '') as keyof Values, errors: [d.message] })));
      } else setError(e instanceof ApiFailure ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const required = { required: true, message: pick({ zh: '必填', en: 'required' }) };
  return (
    <>
      <Dropdown
        trigger={['click']}
        menu={{ items: [{ key: 'password', label: <span data-testid="menu-change-password">{pick({ zh: '修改密码', en: 'Change password' })}</span> }], onClick: () => setOpen(true) }}
      >
        <Typography.Link style={{ color: '#fff' }} data-testid="account-menu">
          <span data-testid="current-user">{user.displayName}</span> ▾
        </Typography.Link>
      </Dropdown>
      <Modal
        open={open}
        title={pick({ zh: '修改密码', en: 'Change password' })}
        okText={pick({ zh: '修改', en: 'Change' })}
        cancelText={pick({ zh: '取消', en: 'Cancel' })}
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={close}
        okButtonProps={{ 'data-testid': 'password-submit' } as Record<`data-${string}`, string>}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">
          {pick({ zh: '新密码至少 12 个字符，不得包含用户名；修改后其他设备上的登录将退出。', en: 'At least 12 characters, not containing your user name; your other sessions end.' })}
        </Typography.Paragraph>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="password-error" />}
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} preserve={false}>
          <Form.Item name="currentPassword" label={pick({ zh: '当前密码', en: 'Current password' })} rules={[required]}>
            <Input.Password autoComplete="current-password" data-testid="password-current" />
          </Form.Item>
          <Form.Item name="newPassword" label={pick({ zh: '新密码', en: 'New password' })} rules={[required, { min: 12, message: pick({ zh: '至少 12 个字符', en: 'at least 12 characters' }) }, { max: 256 }]}>
            <Input.Password autoComplete="new-password" data-testid="password-new" />
          </Form.Item>
          <Form.Item
            name="repeat"
            label={pick({ zh: '再次输入新密码', en: 'New password again' })}
            dependencies={['newPassword']}
            rules={[
              required,
              ({ getFieldValue }) => ({
                validator: (_r, v: string | undefined) => (!v || v === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(pick({ zh: '两次输入的新密码不一致', en: 'the two entries differ' })))),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" data-testid="password-repeat" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
