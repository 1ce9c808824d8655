/** The cockpit's frame: side menu, header with the user menu, the language switch and the big-screen button. */
import {
  ApartmentOutlined,
  AuditOutlined,
  AlertOutlined,
  CarryOutOutlined,
  TrophyOutlined,
  ClockCircleOutlined,
  FileTextOutlined,
  DashboardOutlined,
  FormOutlined,
  FundProjectionScreenOutlined,
  LineChartOutlined,
  LoginOutlined,
  LogoutOutlined,
  ProfileOutlined,
  SettingOutlined,
  ProjectOutlined,
  UserOutlined,
} from '@ant-design/icons';
import {
  App,
  Button,
  Dropdown,
  Grid,
  Layout,
  Menu,
  Segmented,
  Space,
  Tooltip,
  Typography,
} from 'antd';
import { useState, type ReactNode } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { useI18n } from './i18n-context.tsx';
import { DataText } from '../components/data-text.tsx';
import { NoticeBell } from './notice-bell.tsx';
import type { Lang, MessageKey } from './i18n.ts';
import { useSession } from './session-context.tsx';
import { loginPathFor } from './session.ts';

const { Header, Sider, Content } = Layout;

const menuKeyOf = (path: string) => {
  if (path.startsWith('/plans') || path.startsWith('/targets')) return 'plan';
  if (path.startsWith('/indicators')) return 'indicators';
  if (path.startsWith('/units')) return 'units';
  if (path.startsWith('/entry')) return 'entry';
  if (path.startsWith('/todo')) return 'todo';
  if (path.startsWith('/review')) return 'review';
  if (path.startsWith('/timeliness')) return 'timeliness';
  if (path.startsWith('/settings')) return 'settings';
  if (path.startsWith('/documents')) return 'documents';
  if (path.startsWith('/warnings')) return 'warnings';
  if (path.startsWith('/rankings')) return 'rankings';
  if (path.startsWith('/projects')) return 'projects';
  return 'overview';
};

const roleKey = (role: string): MessageKey =>
  (['admin', 'planner', 'reviewer', 'reporter', 'viewer'] as const).includes(role as 'admin')
    ? (`role.${role}` as MessageKey)
    : 'role.viewer';

/** The header's user menu: name, roles and units, and logout; a login button without a session. */
function UserMenu() {
  const { t } = useI18n();
  const { user, status, logout } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  if (status === 'loading') return null;
  if (!user)
    return location.pathname === '/login' ? null : (
      <Button
        icon={<LoginOutlined />}
        onClick={() => void navigate(loginPathFor(`${location.pathname}${location.search}`))}
        data-testid="login-link"
      >
        {t('auth.login')}
      </Button>
    );
  const roles = user.roles.map((r) => t(roleKey(r))).join('、');
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          {
            key: 'who',
            disabled: true,
            label: (
              <div className="user-menu-who">
                <div>
                  <strong>{user.displayName || user.username}</strong> ({user.username})
                </div>
                <div data-testid="user-roles">{roles}</div>
                {user.units.length > 0 ? (
                  <div>{user.units.map((u) => u.name).join('、')}</div>
                ) : null}
              </div>
            ),
          },
          { type: 'divider' },
          {
            key: 'logout',
            icon: <LogoutOutlined />,
            label: <span data-testid="logout">{t('auth.logout')}</span>,
            onClick: () => {
              void logout().then(
                () => void navigate('/'),
                () => void message.error(t('auth.logoutFailed')),
              );
            },
          },
        ],
      }}
    >
      <Button icon={<UserOutlined />} data-testid="user-menu" data-username={user.username}>
        <span className="user-menu-name">
          <DataText zh={user.displayName || user.username} />
        </span>
        <span className="user-menu-roles">{roles}</span>
      </Button>
    </Dropdown>
  );
}

/** Wraps a page in the side menu and header. */
export function Shell({ children }: { children: ReactNode }) {
  const { t, lang, setLang } = useI18n();
  const location = useLocation();
  const navigate = useNavigate();
  const [collapsed, setCollapsed] = useState(false);
  // A phone has no room for even the icon rail: the menu folds away behind its trigger.
  const isPhone = Grid.useBreakpoint().md === false;
  const items = [
    {
      key: 'overview',
      icon: <DashboardOutlined />,
      label: <Link to="/">{t('menu.overview')}</Link>,
    },
    { key: 'plan', icon: <ProfileOutlined />, label: <Link to="/plans">{t('menu.plan')}</Link> },
    {
      key: 'projects',
      icon: <ProjectOutlined />,
      label: <Link to="/projects">{t('menu.projects')}</Link>,
    },
    {
      key: 'indicators',
      icon: <LineChartOutlined />,
      label: <Link to="/indicators">{t('menu.indicators')}</Link>,
    },
    {
      key: 'units',
      icon: <ApartmentOutlined />,
      label: <Link to="/units">{t('menu.units')}</Link>,
    },
    {
      key: 'todo',
      icon: <CarryOutOutlined />,
      label: <Link to="/todo">{t('menu.todo')}</Link>,
    },
    {
      key: 'entry',
      icon: <FormOutlined />,
      label: <Link to="/entry">{t('menu.entry')}</Link>,
    },
    {
      key: 'review',
      icon: <AuditOutlined />,
      label: <Link to="/review">{t('menu.review')}</Link>,
    },
    {
      key: 'timeliness',
      icon: <ClockCircleOutlined />,
      label: <Link to="/timeliness">{t('menu.timeliness')}</Link>,
    },
    {
      key: 'settings',
      icon: <SettingOutlined />,
      label: <Link to="/settings">{t('menu.settings')}</Link>,
    },
    {
      key: 'documents',
      icon: <FileTextOutlined />,
      label: <Link to="/documents">{t('menu.documents')}</Link>,
    },
    {
      key: 'warnings',
      icon: <AlertOutlined />,
      label: <Link to="/warnings">{t('menu.warnings')}</Link>,
    },
    {
      key: 'rankings',
      icon: <TrophyOutlined />,
      label: <Link to="/rankings">{t('menu.rankings')}</Link>,
    },
  ];
  return (
    <Layout className="shell" style={{ minHeight: '100vh' }}>
      <Sider
        className="shell-sider no-print"
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        breakpoint="lg"
        collapsedWidth={isPhone ? 0 : 80}
        width={188}
        theme="dark"
      >
        <div className="brand" title={t('app.title')}>
          {/* The product's name is bilingual by design: marked Chinese, not untranslated chrome. */}
          <span className="brand-mark" lang="zh-CN">
            蓝
          </span>
          {collapsed ? null : (
            <span className="brand-name" lang={lang === 'zh' ? undefined : 'zh-CN'}>
              {t('app.brand')}
            </span>
          )}
        </div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={[menuKeyOf(location.pathname)]}
          items={items}
          data-testid="side-menu"
        />
      </Sider>
      <Layout>
        <Header className="shell-header no-print">
          <Typography.Text strong className="shell-title">
            {t('app.title')}
          </Typography.Text>
          <Space size={12}>
            <NoticeBell />
            <UserMenu />
            <Tooltip title={t('screen.big')}>
              <Button
                icon={<FundProjectionScreenOutlined />}
                onClick={() => void navigate('/?screen=big')}
                data-testid="big-screen"
              >
                {t('screen.big')}
              </Button>
            </Tooltip>
            <Segmented<Lang>
              aria-label={t('lang.label')}
              data-testid="lang-switch"
              value={lang}
              onChange={setLang}
              options={[
                { label: <span lang="zh-CN">中文</span>, value: 'zh' },
                { label: 'English', value: 'en' },
              ]}
            />
          </Space>
        </Header>
        <Content className="shell-content">{children}</Content>
      </Layout>
    </Layout>
  );
}
