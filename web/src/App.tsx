import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { App as AntApp, Button, ConfigProvider, Layout, Menu, Segmented, Space, Spin } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { get, api, setApiLang, setCsrf } from './api.js';
import { I18nProvider, useI18n, useLangState, type StringKey } from './i18n.js';
import { navigate, usePath } from './router.js';
import { SessionContext, hasRole, useSession, type Role, type User } from './session.js';
import { LoginPage } from './pages/LoginPage.js';
import { AccountMenu } from './components/AccountMenu.js';
import { NotificationsBell } from './pipeline/NotificationsBell.js';
import { rolesFor } from '../../src/domain/access.js';

const DashboardPage = lazy(() => import('./pages/DashboardPage.js'));
const PlanPage = lazy(() => import('./pages/PlanPage.js'));
const AuditPage = lazy(() => import('./pages/AuditPage.js'));
const ParcelsPage = lazy(() => import('./pages/ParcelsPage.js'));
const SupplyPage = lazy(() => import('./pages/SupplyPage.js'));
const UsersPage = lazy(() => import('./pages/UsersPage.js'));
const RollupPage = lazy(() => import('./pages/RollupPage.js'));
const ReportedPage = lazy(() => import('./pages/ReportedPage.js'));
const PipelinePage = lazy(() => import('./pages/PipelinePage.js'));
const ReservePage = lazy(() => import('./pages/ReservePage.js'));
const CompilePage = lazy(() => import('./plan-life/CompilePage.js'));
const PublicPlanPage = lazy(() => import('./plan-life/PublicPlanPage.js'));

/** Pages and who sees them: the roles come from the one table the server's guard reads (domain/access.ts). */
const PAGES: readonly { path: string; key: StringKey; roles: readonly Role[] | 'public' }[] = [
  { path: '/dashboard', key: 'dashboard', roles: rolesFor('register.read') },
  { path: '/plan', key: 'plan', roles: 'public' },
  { path: '/compile', key: 'compile', roles: rolesFor('register.read') },
  { path: '/consult', key: 'consult', roles: 'public' },
  { path: '/audit', key: 'audit', roles: rolesFor('audit.run') },
  { path: '/parcels', key: 'parcels', roles: rolesFor('register.read') },
  { path: '/supply', key: 'supply', roles: rolesFor('supply.check') },
  { path: '/pipeline', key: 'pipeline', roles: rolesFor('register.read') },
  { path: '/reserve', key: 'reserve', roles: rolesFor('register.read') },
  { path: '/users', key: 'users', roles: rolesFor('user.manage') },
  { path: '/rollup', key: 'rollup', roles: rolesFor('rollup.read') },
];

function Page({ path }: { path: string }) {
  // Roll-up and drill-down pages carry the unit in the path (/rollup/650000, /reported/653130/parcels/7).
  if (path === '/rollup' || path.startsWith('/rollup/')) return <RollupPage path={path} />;
  if (path.startsWith('/reported/')) return <ReportedPage path={path} />;
  switch (path) {
    case '/plan':
      return <PlanPage />;
    case '/audit':
      return <AuditPage />;
    case '/parcels':
      return <ParcelsPage />;
    case '/supply':
      return <SupplyPage />;
    case '/users':
      return <UsersPage />;
    case '/pipeline':
      return <PipelinePage />;
    case '/reserve':
      return <ReservePage />;
    case '/compile':
      return <CompilePage />;
    case '/consult':
      return <PublicPlanPage />;
    default:
      return <DashboardPage />;
  }
}

function Shell() {
  const { t, lang, setLang } = useI18n();
  const { user, setUser } = useSession();
  const path = usePath();
  const logout = async (): Promise<void> => {
    await api('DELETE', '/api/session');
    const s = await get<{ user: User | null; csrfToken: string }>('/api/session');
    setCsrf(s.csrfToken);
    setUser(null);
    navigate('/login');
  };
  const current = path === '/' ? '/dashboard' : path;
  const visible = PAGES.filter((p) => p.roles === 'public' || hasRole(user, p.roles));
  const showLogin = path === '/login' || (user === null && !PAGES.some((p) => p.path === current && p.roles === 'public'));
  return (
    <Layout style={{ minHeight: '100%' }}>
      <Layout.Header style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', columnGap: 12, height: 'auto', minHeight: 64, lineHeight: '48px' }}>
        <span className="lp-brand">{t('appTitle')}</span>
        <Menu
          theme="dark"
          mode="horizontal"
          // Every page stays one click away (no "…" overflow menu hiding pages on narrower screens).
          disabledOverflow
          style={{ flex: '1 1 200px', minWidth: 0, flexWrap: 'wrap', lineHeight: '40px' }}
          selectedKeys={[current.startsWith('/rollup') || current.startsWith('/reported/') ? '/rollup' : current]}
          items={visible.map((p) => ({ key: p.path, label: t(p.key) }))}
          onClick={(e) => navigate(e.key)}
        />
        <Space>
          <Segmented
            size="small"
            value={lang}
            onChange={(v) => setLang(v === 'en' ? 'en' : 'zh')}
            options={[
              { label: '中文', value: 'zh' },
              { label: 'EN', value: 'en' },
            ]}
          />
          {user ? (
            <>
              {hasRole(user, rolesFor('register.read')) && <NotificationsBell />}
              <AccountMenu user={user} />
              <Button size="small" onClick={() => void logout()}>
                {t('logout')}
              </Button>
            </>
          ) : (
            <Button size="small" type="primary" onClick={() => navigate('/login')}>
              {t('login')}
            </Button>
          )}
        </Space>
      </Layout.Header>
      <Layout.Content className="lp-content">
        {showLogin ? (
          <LoginPage />
        ) : (
          <Suspense fallback={<Spin tip={t('loading')} />}>
            <Page path={current} />
          </Suspense>
        )}
      </Layout.Content>
    </Layout>
  );
}

export function App() {
  const [lang, setLangState] = useLangState();
  const [user, setUser] = useState<User | null>(null);
  const [ready, setReady] = useState(false);
  const setLang = useCallback((l: 'zh' | 'en') => {
    setApiLang(l);
    setLangState(l);
  }, [setLangState]);
  setApiLang(lang);
  useEffect(() => {
    void get<{ user: User | null; csrfToken: string }>('/api/session').then((s) => {
      setCsrf(s.csrfToken);
      setUser(s.user);
      setReady(true);
    });
  }, []);
  const session = useMemo(() => ({ user, setUser }), [user]);
  return (
    <ConfigProvider locale={lang === 'en' ? enUS : zhCN} theme={{ token: { colorPrimary: '#1f6f43' } }}>
      <AntApp>
        <I18nProvider lang={lang} setLang={setLang}>
          <SessionContext.Provider value={session}>{ready ? <Shell /> : <Spin />}</SessionContext.Provider>
        </I18nProvider>
      </AntApp>
    </ConfigProvider>
  );
}
