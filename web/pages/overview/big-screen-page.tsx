/** The big-screen Overview: a dark 1920×1080 canvas for the control room, scaled to the display. */
import { FullscreenExitOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import {
  formatCount,
  formatSignedPercent,
  formatYearToDate,
  formatPeriod,
  todayInOffice,
} from '../../app/format.ts';
import { useI18n } from '../../app/i18n-context.tsx';
import { pickLang } from '../../app/i18n.ts';
import { laggingTargets, lightOrder, upcomingDeadlines } from '../../app/plan-rows.ts';
import { useApi } from '../../app/use-api.ts';
import { Chart } from '../../charts/chart.tsx';
import {
  buildGroupLightsOption,
  buildLightPieOption,
  buildSparklineOption,
} from '../../charts/options.ts';
import { lightStyles } from '../../components/light-style.ts';
import { LightIcon } from '../../components/light-tag.tsx';
import { Async, NoData } from '../../components/page-state.tsx';
import { DataText, dataSlot, fillDataSlot } from '../../components/data-text.tsx';
import { loadHeadlines, loadOverview, type OverviewData } from './overview-data.ts';

const WIDTH = 1920;
const HEIGHT = 1080;

function useFitScale() {
  const fit = () => Math.min(window.innerWidth / WIDTH, window.innerHeight / HEIGHT);
  const [scale, setScale] = useState(fit);
  useEffect(() => {
    const onResize = () => setScale(fit());
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return scale;
}

/**
 * A headline figure as the cockpit writes it (format.ts `formatCount`): large counts in 万/亿
 * in Chinese, the digits and the unit's English in English.
 */
function BigFigure({ value, unit, decimals }: { value: number; unit: string; decimals: number }) {
  const { lang } = useI18n();
  const shown = formatCount(value, unit, lang, decimals);
  return (
    <div style={{ fontSize: 24, fontWeight: 700 }} data-testid="bs-headline-value">
      {shown.value}
      <span style={{ fontSize: 13, color: '#9fb3c8', marginLeft: 4 }} className="unit">
        {shown.unit}
      </span>
    </div>
  );
}

function Screen({ data }: { data: Extract<OverviewData, { tree: unknown }> }) {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const { plan, tree, summary, targets } = data;
  const headlineState = useApi((signal) => loadHeadlines(plan, signal), [plan]);
  const headlines = headlineState.status === 'ok' ? headlineState.data : [];
  const pie = useMemo(() => buildLightPieOption(summary.lights, lang, true), [summary, lang]);
  const groups = useMemo(() => buildGroupLightsOption(summary.groups, lang, true), [summary, lang]);
  const total = lightOrder.reduce((s, l) => s + summary.lights[l], 0);
  // The lists scroll (styles.css) rather than cut off; deadlines count from today, as 及时率 does.
  const lagging = laggingTargets(targets);
  const deadlines = upcomingDeadlines(targets, todayInOffice(), 30);
  return (
    <>
      <div className="bs-title">
        <h1>
          {fillDataSlot(t('screen.title', { unit: dataSlot, year: tree.year }), {
            zh: tree.unit.name,
          })}
        </h1>
        <div
          style={{ display: 'flex', gap: 16, alignItems: 'center', fontSize: 18, color: '#9fb3c8' }}
        >
          <span>{t('common.asOf', { date: tree.asOf })}</span>
          <Button
            icon={<FullscreenExitOutlined />}
            onClick={() => void navigate('/')}
            data-testid="exit-big-screen"
          >
            {t('screen.exit')}
          </Button>
        </div>
      </div>
      <div className="bs-stats">
        <div className="bs-stat">
          <div className="n" data-testid="bs-total">
            {total}
          </div>
          <div className="l">{t('overview.targets')}</div>
        </div>
        {lightOrder.map((l) => (
          <div className="bs-stat" key={l}>
            <div className="n" style={{ color: lightStyles[l].color }} data-testid={`bs-${l}`}>
              {summary.lights[l]}
            </div>
            <div className="l">
              <LightIcon light={l} /> {t(lightStyles[l].long)}
            </div>
          </div>
        ))}
      </div>
      <div className="bs-panel">
        <h3>{t('overview.byLight')}</h3>
        <Chart option={pie} height="100%" dark />
      </div>
      <div className="bs-panel">
        <h3>{t('overview.byGroup')}</h3>
        <Chart option={groups} height="100%" dark />
      </div>
      <div className="bs-panel bs-list">
        <h3>{t('overview.lagging')}</h3>
        {lagging.length === 0 ? (
          <NoData title={t('empty.noLagging')} />
        ) : (
          <ul>
            {lagging.map((x) => (
              <li key={x.target.id}>
                <LightIcon light={x.target.assessment.light} /> <DataText zh={x.target.metric} />
                <div
                  style={{
                    fontSize: 13,
                    color: '#9fb3c8',
                    whiteSpace: 'nowrap',
                    overflow: 'hidden',
                    textOverflow: 'ellipsis',
                  }}
                >
                  {pickLang(lang, x.target.assessment.reason.zh, x.target.assessment.reason.en)}
                </div>
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="bs-panel" style={{ gridColumn: 'span 2' }}>
        <h3>{t('overview.headline')}</h3>
        <div
          style={{
            display: 'grid',
            gridTemplateColumns: '1fr 1fr 1fr',
            gap: 12,
            flex: 1,
            minHeight: 0,
          }}
        >
          {headlines.slice(0, 6).map(({ indicator, headline }) => (
            <div key={indicator.code} style={{ minWidth: 0 }} data-indicator={indicator.code}>
              <div
                style={{
                  color: '#9fb3c8',
                  fontSize: 14,
                  whiteSpace: 'nowrap',
                  overflow: 'hidden',
                  textOverflow: 'ellipsis',
                }}
              >
                <DataText zh={indicator.name} en={indicator.nameEn} />
              </div>
              <BigFigure
                value={headline.value}
                unit={indicator.unit}
                decimals={indicator.decimals}
              />
              <div style={{ fontSize: 12, color: '#9fb3c8' }}>
                {headline.isYearToDate
                  ? formatYearToDate(headline.periodId, lang)
                  : formatPeriod(headline.periodId, lang)}{' '}
                {headline.yoyPercent !== null
                  ? `${t('overview.yoy')} ${formatSignedPercent(headline.yoyPercent)}`
                  : ''}
                {headline.isSimulated ? ` · ${t('source.simulated')}` : ''}
              </div>
              <Chart option={buildSparklineOption(headline.spark, '#5ab0ff')} height={56} dark />
            </div>
          ))}
        </div>
      </div>
      <div className="bs-panel bs-list">
        <h3>{t('overview.deadlines')}</h3>
        {deadlines.length === 0 ? (
          <NoData title={t('empty.noDeadlines')} />
        ) : (
          <ul>
            {deadlines.map((d) => (
              <li
                key={d.item.target.id}
                style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}
              >
                <span
                  style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
                >
                  <LightIcon light={d.item.target.assessment.light} />{' '}
                  <DataText zh={d.item.target.metric} />
                </span>
                <span style={{ color: d.daysLeft < 0 ? '#ff7875' : '#9fb3c8', flex: 'none' }}>
                  {d.daysLeft < 0
                    ? t('common.overdue', { count: -d.daysLeft })
                    : t('common.days', { count: d.daysLeft })}
                </span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </>
  );
}

/** The big-screen page (`/?screen=big`). */
export default function BigScreenPage() {
  const { t } = useI18n();
  const scale = useFitScale();
  const state = useApi((signal) => loadOverview(signal), []);
  return (
    <div className="big-screen-host" data-page="big-screen">
      <div className="big-screen" style={{ transform: `scale(${scale})` }}>
        <Async state={state} rows={12} wrapClassName="bs-full">
          {(data) =>
            data.plan ? (
              <Screen data={data} />
            ) : (
              <div style={{ gridColumn: '1 / -1' }}>
                <NoData title={t('empty.noPlan')} hint={t('empty.noPlanHint')} />
              </div>
            )
          }
        </Async>
      </div>
    </div>
  );
}
