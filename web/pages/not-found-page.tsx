/** The page for an address the cockpit does not know. */
import { Button, Result } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../app/i18n-context.tsx';

/** 404. */
export default function NotFoundPage() {
  const { t } = useI18n();
  return (
    <Result
      status="404"
      title={t('error.notFound')}
      subTitle={t('error.notFoundHint')}
      extra={
        <Link to="/">
          <Button type="primary">{t('error.home')}</Button>
        </Link>
      }
    />
  );
}
