/** The state of a value (草稿 / 已提交 / 已审核 / 已退回, or 未填报) or of a task update, as a tag. */
import {
  CheckCircleOutlined,
  ClockCircleOutlined,
  EditOutlined,
  LockOutlined,
  MinusCircleOutlined,
  RollbackOutlined,
} from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../app/i18n-context.tsx';
import type { MessageKey } from '../app/i18n.ts';

const styles: Record<string, { key: MessageKey; color: string; icon: ReactNode }> = {
  missing: { key: 'obs.state.missing', color: 'default', icon: <MinusCircleOutlined /> },
  'not-started': { key: 'todo.state.not-started', color: 'default', icon: <MinusCircleOutlined /> },
  partial: { key: 'todo.state.partial', color: 'warning', icon: <EditOutlined /> },
  draft: { key: 'obs.state.draft', color: 'default', icon: <EditOutlined /> },
  submitted: { key: 'obs.state.submitted', color: 'processing', icon: <ClockCircleOutlined /> },
  approved: { key: 'obs.state.approved', color: 'success', icon: <LockOutlined /> },
  accepted: { key: 'progress.state.accepted', color: 'success', icon: <CheckCircleOutlined /> },
  returned: { key: 'obs.state.returned', color: 'error', icon: <RollbackOutlined /> },
};

/** The word for a state in the current language; an unknown state as it is. */
export function useStateLabel(): (state: string | null | undefined) => string {
  const { t } = useI18n();
  return (state) => {
    if (!state) return '';
    const s = styles[state];
    return s ? t(s.key) : state;
  };
}

/** A state as a tag with an icon, so it reads without colour; `reason` (why it was returned) as a tooltip. */
export function StateTag({ state, reason }: { state: string | null | undefined; reason?: string }) {
  const label = useStateLabel();
  if (!state) return null;
  const s = styles[state];
  const tag = (
    <Tag
      color={s?.color ?? 'default'}
      icon={s?.icon}
      data-state-tag={state}
      style={{ marginInlineEnd: 0 }}
    >
      {label(state)}
    </Tag>
  );
  return reason ? <Tooltip title={reason}>{tag}</Tooltip> : tag;
}
