import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { ApiFailure, post, setCsrf } from '../api.js';
import { useI18n } from '../i18n.js';
import { navigate } from '../router.js';
import { useSession, type User } from '../session.js';

export function LoginPage() {
  const { t } = useI18n();
  const { setUser } = useSession();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (v: { username: string; password: string }): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const s = await post<{ user: User; csrfToken: string }>('/api/session', v);
      setCsrf(s.csrfToken);
      setUser(s.user);
      navigate('/dashboard');
    } catch (e) {
      setError(e instanceof ApiFailure ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={t('login')} style={{ maxWidth: 400, margin: '48px auto' }}>
      <Form layout="vertical" onFinish={(v: { username: string; password: string }) => void submit(v)}>
        <Form.Item label={t('username')} name="username" rules={[{ required: true }]}>
          <Input autoComplete="username" data-testid="login-username" />
        </Form.Item>
        <Form.Item label={t('password')} name="password" rules={[{ required: true }]}>
          <Input.Password autoComplete="current-password" data-testid="login-password" />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
        <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
          {t('login')}
        </Button>
      </Form>
      <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0 }}>
        <a onClick={() => navigate('/plan')}>{t('publicView')}</a>
      </Typography.Paragraph>
    </Card>
  );
}
