/**
 * A name that is data, not chrome (a unit, an indicator, a category): its English when the
 * registry has one, else the Chinese, marked in English as untranslated (`lang="zh-CN"` and a
 * small "zh" tag) so a reader knows why it is Chinese and the English-chrome check skips it.
 */
import { useI18n } from '../app/i18n-context.tsx';

export function DataText({ zh, en }: { zh: string; en?: string | null }) {
  const { lang } = useI18n();
  if (lang === 'zh') return <>{zh}</>;
  if (en) return <>{en}</>;
  return (
    <span lang="zh-CN" data-untranslated="">
      {zh}
      <sup className="zh-mark" aria-hidden="true">
        zh
      </sup>
    </span>
  );
}
