/** The cockpit's frame: side menu, header with the language switch and the big-screen button. */
import {
  ApartmentOutlined,
  DashboardOutlined,
  FundProjectionScreenOutlined,
  LineChartOutlined,
  ProfileOutlined,
} from '@ant-design/icons';
import { Button, Layout, Menu, Segmented, Space, Tooltip, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { useI18n } from './i18n-context.tsx';
import type { Lang } from './i18n.ts';

const { Header, Sider, Content } = Layout;

const menuKeyOf = (path: string) => {
  if (path.startsWith('/plans') || path.startsWith('/targets')) return 'plan';
  if (path.startsWith('/indicators')) return 'indicators';
  if (path.startsWith('/units')) return 'units';
  return 'overview';
};

/** Wraps a page in the side menu and header. */
export function Shell({ children }: { children: ReactNode }) {
  const { t, lang, setLang } = useI18n();
  const location = useLocation();
  const navigate = useNavigate();
  const [collapsed, setCollapsed] = useState(false);
  const items = [
    {
      key: 'overview',
      icon: <DashboardOutlined />,
      label: <Link to="/">{t('menu.overview')}</Link>,
    },
    { key: 'plan', icon: <ProfileOutlined />, label: <Link to="/plans">{t('menu.plan')}</Link> },
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
  ];
  return (
    <Layout className="shell" style={{ minHeight: '100vh' }}>
      <Sider
        className="shell-sider no-print"
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        breakpoint="lg"
        width={188}
        theme="dark"
      >
        <div className="brand" title={t('app.title')}>
          <span className="brand-mark">蓝</span>
          {collapsed ? null : <span className="brand-name">{t('app.brand')}</span>}
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
                { label: '中文', value: 'zh' },
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
