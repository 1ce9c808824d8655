/** A target's share done against its expected progress, as a bar with a mark for the expected share. */
import { Progress, Tooltip } from 'antd';
import type { TargetView } from '../../../src/contract/plan.ts';
import { formatNumber, formatShare } from '../../app/format.ts';
import { useI18n } from '../../app/i18n-context.tsx';
import { lightStyles } from '../../components/light-style.ts';

/** The progress of one target; a figure instead of a bar when there is no share (growths, rates). */
export function ProgressCell({ target }: { target: TargetView }) {
  const { t } = useI18n();
  const a = target.assessment;
  if (a.shareOfTarget === null) {
    if (a.actual === null) return <span style={{ color: '#9aa0a6' }}>—</span>;
    const unit = target.measure === 'growth' ? '%' : target.comparedUnit || target.unit;
    return (
      <span data-testid="actual">
        {formatNumber(a.actual, target.indicator?.decimals ?? 2)}
        {unit}
      </span>
    );
  }
  const percent = Math.max(0, Math.min(100, a.shareOfTarget * 100));
  const expected =
    a.expectedShare === null ? null : Math.max(0, Math.min(100, a.expectedShare * 100));
  return (
    <Tooltip
      title={`${t('target.share')} ${formatShare(a.shareOfTarget)}${
        a.expectedShare === null ? '' : ` · ${t('target.expected')} ${formatShare(a.expectedShare)}`
      }`}
    >
      <div className="progress-cell">
        <div style={{ position: 'relative' }}>
          <Progress
            percent={percent}
            size="small"
            showInfo={false}
            strokeColor={lightStyles[a.light].color}
            style={{ margin: 0 }}
          />
          {expected === null ? null : (
            <span className="expected-mark" style={{ left: `calc(${expected}% - 1px)` }} />
          )}
        </div>
        <div style={{ fontSize: 12, color: '#4a5561' }}>
          <span data-testid="share">{formatShare(a.shareOfTarget)}</span>
          {a.expectedShare === null ? null : (
            <span style={{ color: '#8a94a6' }}>
              {' '}
              / {t('plan.expected', { share: formatShare(a.expectedShare) })}
            </span>
          )}
        </div>
      </div>
    </Tooltip>
  );
}
