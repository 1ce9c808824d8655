/** Where a value came from (document, simulated, entered …); simulated values stand out. */
import { Tag } from 'antd';
import { useI18n } from '../app/i18n-context.tsx';
import type { MessageKey } from '../app/i18n.ts';

const known: Record<string, { key: MessageKey; color: string }> = {
  document: { key: 'source.document', color: 'blue' },
  simulated: { key: 'source.simulated', color: 'purple' },
  entered: { key: 'source.entered', color: 'green' },
  import: { key: 'source.import', color: 'cyan' },
  sensor: { key: 'source.sensor', color: 'geekblue' },
  aggregate: { key: 'source.aggregate', color: 'default' },
};

/** The word for a source, in the current language. */
export function useSourceLabel(): (source: string | null | undefined) => string {
  const { t } = useI18n();
  return (source) => {
    if (!source) return '';
    const k = known[source];
    return k ? t(k.key) : source;
  };
}

/** A value's source as a tag; `simulated` is marked so nobody mistakes it for real data. */
export function SourceTag({ source }: { source: string | null | undefined }) {
  const label = useSourceLabel();
  if (!source) return null;
  return (
    <Tag
      color={known[source]?.color ?? 'default'}
      data-source={source}
      style={{ marginInlineEnd: 0 }}
    >
      {label(source)}
    </Tag>
  );
}
