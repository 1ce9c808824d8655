/** The designed states of a page: loading (and slow), error with retry, and no data yet. */
import { Alert, Button, Empty, Result, Skeleton, Space } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, isForbidden, isUnauthenticated } from '../app/api.ts';
import { useI18n } from '../app/i18n-context.tsx';
import type { Loaded } from '../app/use-api.ts';

/** A skeleton while data loads; after a while it says the network is slow. */
export function Loading({ isSlow = false, rows = 6 }: { isSlow?: boolean; rows?: number }) {
  const { t } = useI18n();
  return (
    <div className="page-loading" aria-busy="true" data-state="loading">
      {isSlow ? (
        <Alert type="info" showIcon title={t('error.slow')} style={{ marginBottom: 16 }} />
      ) : null}
      <Skeleton active paragraph={{ rows }} />
    </div>
  );
}

/** The message of an error in the current language. */
export function useErrorMessage(): (error: unknown) => string {
  const { lang, t } = useI18n();
  return (error) => {
    if (error instanceof ApiError) return lang === 'en' ? error.messageEn : error.message;
    if (error instanceof Error) return error.message;
    return t('error.title');
  };
}

/**
 * A refusal as a notice: 403 FORBIDDEN (the role does not allow it) or OUT_OF_SCOPE (not
 * within the user's units), with the server's words; a 401 offers the login page.
 */
export function ForbiddenNotice({ error, loginPath }: { error: ApiError; loginPath?: string }) {
  const { t } = useI18n();
  const message = useErrorMessage();
  const isLoginNeeded = error.status === 401;
  const title = isLoginNeeded
    ? t('error.loginNeeded')
    : error.code === 'OUT_OF_SCOPE'
      ? t('error.outOfScope')
      : t('error.forbidden');
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="forbidden"
      data-code={error.code}
      title={title}
      description={message(error)}
      action={
        isLoginNeeded ? (
          <Link to={loginPath ?? '/login'}>
            <Button size="small" type="primary">
              {t('auth.login')}
            </Button>
          </Link>
        ) : null
      }
    />
  );
}

/** A notice that the signed-in user's role does not allow what this page does. */
export function NoRoleNotice({ description }: { description: ReactNode }) {
  const { t } = useI18n();
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 16 }}
      title={t('error.forbidden')}
      description={description}
      data-testid="forbidden"
    />
  );
}

/** An API error as a result page with the server's message and a retry button. */
export function ErrorState({ error, retry }: { error: unknown; retry?: () => void }) {
  const { t } = useI18n();
  const message = useErrorMessage();
  const code = error instanceof ApiError ? error.code : null;
  if (isForbidden(error) || isUnauthenticated(error))
    return (
      <Result
        status="403"
        title={t(isUnauthenticated(error) ? 'error.loginNeeded' : 'error.forbidden')}
        subTitle={<span data-testid="error-message">{message(error)}</span>}
        extra={
          isUnauthenticated(error) ? (
            <Link to="/login">
              <Button type="primary">{t('auth.login')}</Button>
            </Link>
          ) : null
        }
        data-state="forbidden"
      />
    );
  return (
    <Result
      status={error instanceof ApiError && error.status === 404 ? '404' : 'error'}
      title={t('error.title')}
      subTitle={
        <Space orientation="vertical" size={0}>
          <span data-testid="error-message">{message(error)}</span>
          {code ? <code style={{ opacity: 0.6 }}>{code}</code> : null}
        </Space>
      }
      extra={
        retry ? (
          <Button type="primary" onClick={retry} data-testid="retry">
            {t('common.retry')}
          </Button>
        ) : null
      }
      data-state="error"
    />
  );
}

/** A designed "nothing here yet" with a hint. */
export function NoData({
  title,
  hint,
  extra,
}: {
  title: string;
  hint?: string;
  extra?: ReactNode;
}) {
  return (
    <Empty
      data-state="empty"
      image={Empty.PRESENTED_IMAGE_SIMPLE}
      description={
        <Space orientation="vertical" size={2}>
          <strong>{title}</strong>
          {hint ? <span style={{ opacity: 0.7 }}>{hint}</span> : null}
        </Space>
      }
    >
      {extra}
    </Empty>
  );
}

/** Renders loaded data with `children`, or the loading or error state. */
export function Async<T>({
  state,
  children,
  rows,
  wrapClassName,
}: {
  state: Loaded<T> & { retry: () => void };
  children: (data: T) => ReactNode;
  rows?: number;
  /** A class for the box around the loading and error states (to place them in a grid). */
  wrapClassName?: string;
}) {
  if (state.status === 'loading')
    return (
      <div className={wrapClassName}>
        <Loading isSlow={state.isSlow} rows={rows} />
      </div>
    );
  if (state.status === 'error')
    return (
      <div className={wrapClassName}>
        <ErrorState error={state.error} retry={state.retry} />
      </div>
    );
  return <>{children(state.data)}</>;
}
