/** A light shown as icon and word as well as colour, so it reads in greyscale and on paper. */
import {
  CheckCircleFilled,
  CloseCircleFilled,
  MinusCircleOutlined,
  TrophyFilled,
  WarningFilled,
} from '@ant-design/icons';
import { Space, Tag, Tooltip } from 'antd';
import type { ReactNode } from 'react';
import type { Light, LightCounts } from '../../src/contract/common.ts';
import { useI18n } from '../app/i18n-context.tsx';
import { lightOrder } from '../app/plan-rows.ts';
import { lightStyles } from './light-style.ts';

const icons: Record<Light, ReactNode> = {
  green: <CheckCircleFilled />,
  yellow: <WarningFilled />,
  red: <CloseCircleFilled />,
  done: <TrophyFilled />,
  none: <MinusCircleOutlined />,
};

/** The icon of a light. */
export function LightIcon({ light }: { light: Light }) {
  return <span style={{ color: lightStyles[light].color }}>{icons[light]}</span>;
}

/** A light as a tag: icon and word ("绿", "red"…); `long` gives the phrase ("红灯 · 明显滞后"). */
export function LightTag({
  light,
  long = false,
  title,
}: {
  light: Light;
  long?: boolean;
  title?: string;
}) {
  const { t } = useI18n();
  const style = lightStyles[light];
  const tag = (
    <Tag
      color={style.tagColor}
      icon={icons[light]}
      data-light={light}
      className="light-tag"
      style={{ marginInlineEnd: 0 }}
    >
      {t(long ? style.long : style.word)}
    </Tag>
  );
  return title ? <Tooltip title={title}>{tag}</Tooltip> : tag;
}

/** Light counts as small icon-and-number pairs, skipping zeros (for plan nodes). */
export function LightCountsInline({ counts }: { counts: LightCounts }) {
  const { t } = useI18n();
  const shown = lightOrder.filter((l) => counts[l] > 0);
  if (shown.length === 0) return null;
  return (
    <Space size={8} className="light-counts">
      {shown.map((l) => (
        <Tooltip key={l} title={t(lightStyles[l].long)}>
          <span data-light={l} aria-label={`${t(lightStyles[l].word)} ${counts[l]}`}>
            <LightIcon light={l} /> {counts[l]}
          </span>
        </Tooltip>
      ))}
    </Space>
  );
}
