/** The login page (`/login?next=/entry`): username and password, then back where the user was going. */
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { useI18n } from '../../app/i18n-context.tsx';
import { useSession } from '../../app/session-context.tsx';
import { landingPathFor, safeNextPath } from '../../app/session.ts';
import { useErrorMessage } from '../../components/page-state.tsx';

interface Credentials {
  readonly username: string;
  readonly password: string;
}

// Kept here rather than in i18n.ts while that table is being reworked; move it there after.
const closedSubtitle = [
  '请登录后查看驾驶舱、填报和审核数据',
  'Log in to read the cockpit and to enter or review data',
] as const;

/** The login page. */
export default function LoginPage() {
  const { t, lang } = useI18n();
  const { user, status, login, publicRead } = useSession();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const errorMessage = useErrorMessage();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const asked = params.get('next');
  const next = safeNextPath(asked);
  // Without a page to return to, each role lands on its day's work (issue 11).
  if (status === 'ready' && user && !busy)
    return <Navigate to={asked ? next : landingPathFor(user)} replace />;
  const submit = async (values: Credentials) => {
    setBusy(true);
    setError(null);
    try {
      await login(values.username.trim(), values.password);
      // Without `next`, the render above sends the user to their landing page once the session is in.
      if (asked) void navigate(next, { replace: true });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div data-page="login" className="login-page">
      <Card className="login-card">
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('auth.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          {publicRead ? t('auth.subtitle') : closedSubtitle[lang === 'zh' ? 0 : 1]}
        </Typography.Paragraph>
        {error ? (
          <Alert
            type="error"
            showIcon
            title={error}
            style={{ marginBottom: 16 }}
            data-testid="login-error"
          />
        ) : null}
        <Form<Credentials> layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false}>
          <Form.Item
            name="username"
            label={t('auth.username')}
            rules={[{ required: true, message: t('auth.usernameRequired') }]}
          >
            <Input
              prefix={<UserOutlined />}
              autoComplete="username"
              autoFocus
              data-testid="login-username"
            />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('auth.password')}
            rules={[{ required: true, message: t('auth.passwordRequired') }]}
          >
            <Input.Password
              prefix={<LockOutlined />}
              autoComplete="current-password"
              data-testid="login-password"
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
            {t('auth.login')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
