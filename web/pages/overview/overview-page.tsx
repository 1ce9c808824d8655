/** Overview: the plan's attainment at a glance — lights, groups, headline indicators, lagging targets, deadlines. */
import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  FundProjectionScreenOutlined,
} from '@ant-design/icons';
import {
  Button,
  Card,
  Col,
  List,
  Row,
  Skeleton,
  Space,
  Statistic,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useMemo } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import type { Light } from '../../../src/contract/common.ts';
import type { PlanListItem, PlanSummary } from '../../../src/contract/plan.ts';
import {
  formatCount,
  todayInOffice,
  formatPointChange,
  formatPeriod,
  formatSignedPercent,
  formatYearToDate,
} from '../../app/format.ts';
import { useI18n } from '../../app/i18n-context.tsx';
import { pickLang, type Lang } from '../../app/i18n.ts';
import {
  laggingTargets,
  lightOrder,
  upcomingDeadlines,
  type TargetInContext,
} from '../../app/plan-rows.ts';
import { useApi } from '../../app/use-api.ts';
import type { ExportColumn } from '../../app/xlsx.ts';
import { Chart } from '../../charts/chart.tsx';
import {
  buildGroupLightsOption,
  buildLightPieOption,
  buildSparklineOption,
} from '../../charts/options.ts';
import { ExportButton } from '../../components/export-button.tsx';
import { DataList, DataText } from '../../components/data-text.tsx';
import { lightStyles } from '../../components/light-style.ts';
import { LightIcon, LightTag } from '../../components/light-tag.tsx';
import { Async, ErrorState, NoData } from '../../components/page-state.tsx';
import { SourceTag } from '../../components/source-tag.tsx';
import {
  loadDefaultPlan,
  loadHeadlines,
  loadPlanView,
  type HeadlineItem,
  type PlanView,
} from './overview-data.ts';
import { TimelinessCard } from './timeliness-card.tsx';

/** The headline card of one indicator: value, year-on-year, sparkline. */
export function HeadlineCard({ item }: { item: HeadlineItem }) {
  const { t, lang } = useI18n();
  const { indicator, headline } = item;
  const change = headline.yoyPercent ?? headline.changePoints;
  const isUp = change !== null && change > 0;
  const better = indicator.direction === 'lower' ? !isUp : isUp;
  return (
    <Link to={`/indicators/${encodeURIComponent(indicator.code)}`}>
      <Card
        size="small"
        hoverable
        className="headline-card"
        data-testid="headline-card"
        data-indicator={indicator.code}
      >
        <Space orientation="vertical" size={2} style={{ width: '100%' }}>
          <Typography.Text
            type="secondary"
            ellipsis
            title={pickLang(lang, indicator.name, indicator.nameEn)}
          >
            {pickLang(lang, indicator.name, indicator.nameEn)}
          </Typography.Text>
          <div>
            <span className="value" data-testid="headline-value">
              {formatCount(headline.value, indicator.unit, lang, indicator.decimals).value}
            </span>
            <span className="unit">
              {formatCount(headline.value, indicator.unit, lang, indicator.decimals).unit}
            </span>
          </div>
          <Space size={6} wrap>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {headline.isYearToDate
                ? formatYearToDate(headline.periodId, lang)
                : formatPeriod(headline.periodId, lang)}
            </Typography.Text>
            {change !== null ? (
              <span
                className={better ? 'down' : 'up'}
                style={{ fontSize: 12, color: better ? '#2f9e44' : '#d9363e' }}
              >
                {t('overview.yoy')} {isUp ? <ArrowUpOutlined /> : <ArrowDownOutlined />}{' '}
                {headline.yoyPercent !== null
                  ? formatSignedPercent(headline.yoyPercent)
                  : formatPointChange(headline.changePoints, lang)}
              </span>
            ) : null}
            <SourceTag source={headline.isSimulated ? 'simulated' : headline.source} />
            {headline.partialPeriods.length > 0 ? (
              <Tooltip
                title={t('overview.partialNote', {
                  periods: headline.partialPeriods.map((p) => formatPeriod(p, lang)).join('、'),
                })}
              >
                <Tag color="orange" data-testid="headline-partial" style={{ marginInlineEnd: 0 }}>
                  {t('target.completenessPartial')}
                </Tag>
              </Tooltip>
            ) : null}
          </Space>
          <Chart option={buildSparklineOption(headline.spark)} height={44} />
        </Space>
      </Card>
    </Link>
  );
}

function LightStats({ counts, planId }: { counts: Record<Light, number>; planId: string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const total = lightOrder.reduce((s, l) => s + counts[l], 0);
  return (
    <Row gutter={[12, 12]}>
      <Col xs={12} sm={8} lg={4}>
        <Card
          size="small"
          className="stat-card"
          hoverable
          onClick={() => void navigate(`/plans/${planId}`)}
          data-testid="stat-total"
        >
          <Statistic title={t('overview.targets')} value={total} />
        </Card>
      </Col>
      {lightOrder.map((l) => (
        <Col xs={12} sm={8} lg={4} key={l}>
          <Card
            size="small"
            className="stat-card"
            hoverable
            onClick={() => void navigate(`/plans/${planId}?light=${l}`)}
            data-testid={`stat-${l}`}
          >
            <Statistic
              title={
                <>
                  <LightIcon light={l} /> {t(lightStyles[l].long)}
                </>
              }
              value={counts[l]}
              styles={{ content: { color: lightStyles[l].color } }}
            />
          </Card>
        </Col>
      ))}
    </Row>
  );
}

function LaggingTable({ items, fileName }: { items: TargetInContext[]; fileName: string }) {
  const { t, lang } = useI18n();
  const columns: ExportColumn<TargetInContext>[] = [
    { header: t('plan.col.light'), value: (r) => t(lightStyles[r.target.assessment.light].word) },
    { header: t('plan.kind.target'), value: (r) => r.target.metric },
    { header: t('plan.kind.task'), value: (r) => `${r.node.label} ${r.node.title}` },
    { header: t('plan.col.lead'), value: (r) => r.leadUnits.map((u) => u.name).join('、') },
    {
      header: t('plan.col.reason'),
      value: (r) => pickLang(lang, r.target.assessment.reason.zh, r.target.assessment.reason.en),
    },
  ];
  return (
    <Card
      title={t('overview.lagging')}
      extra={<ExportButton fileName={fileName} columns={columns} rows={items} />}
      size="small"
    >
      <Table<TargetInContext>
        size="small"
        rowKey={(r) => r.target.id}
        dataSource={items}
        pagination={items.length > 8 ? { pageSize: 8, size: 'small' } : false}
        locale={{ emptyText: <NoData title={t('empty.noLagging')} /> }}
        data-testid="lagging-table"
        columns={[
          {
            title: t('plan.col.light'),
            width: 84,
            render: (_, r) => <LightTag light={r.target.assessment.light} />,
          },
          {
            title: t('plan.kind.target'),
            render: (_, r) => (
              <Space orientation="vertical" size={0}>
                <Link to={`/targets/${r.target.id}`}>
                  <DataText zh={r.target.metric} />
                </Link>
                <span className="lagging-reason">
                  {pickLang(lang, r.target.assessment.reason.zh, r.target.assessment.reason.en)}
                </span>
              </Space>
            ),
          },
          {
            title: t('plan.col.lead'),
            width: 140,
            responsive: ['lg'],
            render: (_, r) => <DataList names={r.leadUnits.map((u) => u.name)} />,
          },
        ]}
      />
    </Card>
  );
}

function Deadlines({ items }: { items: TargetInContext[] }) {
  const { t, lang } = useI18n();
  // Days left count from today, the clock the timeliness rates use; the data date dates the data only.
  const list = upcomingDeadlines(items, todayInOffice());
  return (
    <Card title={t('overview.deadlines')} size="small">
      <List
        size="small"
        dataSource={list}
        locale={{ emptyText: <NoData title={t('empty.noDeadlines')} /> }}
        data-testid="deadlines"
        renderItem={(d) => (
          <List.Item
            extra={
              <Tag color={d.daysLeft < 0 ? 'red' : d.daysLeft <= 30 ? 'orange' : 'default'}>
                {d.daysLeft < 0
                  ? t('common.overdue', { count: -d.daysLeft })
                  : d.daysLeft === 0
                    ? t('common.today')
                    : t('common.days', { count: d.daysLeft })}
              </Tag>
            }
          >
            <List.Item.Meta
              avatar={<LightIcon light={d.item.target.assessment.light} />}
              title={
                <Link to={`/targets/${d.item.target.id}`}>
                  <DataText zh={d.item.target.metric} />
                </Link>
              }
              description={`${t('overview.due')} ${formatPeriod(d.item.target.duePeriodId, lang)} · ${d.dueDate}`}
            />
          </List.Item>
        )}
      />
    </Card>
  );
}

/**
 * The headline cards: one request of their own, sent beside the plan tree's, so the figures
 * show as soon as they arrive; the sparklines draw once ECharts has loaded.
 */
function HeadlineSection({ plan }: { plan: PlanListItem }) {
  const { t } = useI18n();
  const state = useApi((signal) => loadHeadlines(plan, signal), [plan]);
  if (state.status === 'ok' && state.data.length === 0) return null;
  return (
    <Card
      title={t('overview.headline')}
      size="small"
      extra={
        <Tooltip title={t('source.simulatedNote')}>
          <SourceTag source="simulated" />
        </Tooltip>
      }
    >
      {state.status === 'ok' ? (
        // overview-ready: what bench/web.bench.ts times — the headline cards with their figures.
        <Row gutter={[12, 12]} data-testid="overview-ready">
          {state.data.map((h) => (
            <Col xs={24} sm={12} md={8} xl={4} key={h.indicator.code}>
              <HeadlineCard item={h} />
            </Col>
          ))}
        </Row>
      ) : state.status === 'error' ? (
        <ErrorState error={state.error} retry={state.retry} />
      ) : (
        <Skeleton active paragraph={{ rows: 3 }} />
      )}
    </Card>
  );
}

/** The Overview page. */
export default function OverviewPage() {
  const { t } = useI18n();
  const state = useApi(() => loadDefaultPlan(), []);
  return (
    <div data-page="overview">
      <Async state={state} rows={12}>
        {(plan) =>
          plan ? (
            <PlanOverview plan={plan} />
          ) : (
            <NoData title={t('empty.noPlan')} hint={t('empty.noPlanHint')} />
          )
        }
      </Async>
    </div>
  );
}

/** The Overview of one plan: the tree and the headline figures load side by side. */
function PlanOverview({ plan }: { plan: PlanListItem }) {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  // The tree's parts (lights, charts, lists) render after the headline cards have painted.
  const state = useApi((signal) => loadPlanView(plan, signal), [plan], { asTransition: true });
  const view: PlanView | null = state.status === 'ok' ? state.data : null;
  const noneYet =
    view !== null &&
    view.targets.length > 0 &&
    view.targets.every((x) => x.target.assessment.light === 'none');
  return (
    // Keyed: Space numbers its children, and a child that comes or goes would remount the
    // ones after it (the headline cards would load twice).
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <div className="page-header" key="header">
        <div>
          <Typography.Title level={3} data-testid="plan-title">
            <DataText zh={view?.tree.title ?? plan.title} />
          </Typography.Title>
          <div className="page-sub">
            {t('overview.title')} · <DataText zh={view?.tree.unit.name ?? plan.unitName} />
            {view
              ? ` · ${t(view.tree.dataPartial ? 'common.asOfPartial' : 'common.asOf', {
                  date: view.tree.dataThrough ?? view.tree.asOf,
                })}`
              : null}
          </div>
        </div>
        <Space>
          <Button onClick={() => void navigate(`/plans/${plan.id}`)}>
            {t('overview.openPlan')}
          </Button>
          <Button
            icon={<FundProjectionScreenOutlined />}
            onClick={() => void navigate('/?screen=big')}
          >
            {t('screen.big')}
          </Button>
        </Space>
      </div>
      {noneYet ? <NoData key="none-yet" title={t('empty.planNoData')} /> : null}
      {view ? (
        <LightStats key="lights" counts={view.summary.lights} planId={plan.id} />
      ) : (
        <Async key="lights" state={state} rows={6}>
          {() => null}
        </Async>
      )}
      {view ? <OverviewCharts key="charts" summary={view.summary} lang={lang} /> : null}
      <HeadlineSection key="headlines" plan={plan} />
      {view ? (
        <Row key="lists" gutter={[16, 16]}>
          <Col xs={24} xl={15}>
            <LaggingTable
              items={laggingTargets(view.targets)}
              fileName={`${view.tree.title}-${t('overview.lagging')}`}
            />
          </Col>
          <Col xs={24} xl={9}>
            <Space orientation="vertical" size={16} style={{ width: '100%' }}>
              <Deadlines items={view.targets} />
              <TimelinessCard year={view.tree.year} />
            </Space>
          </Col>
        </Row>
      ) : null}
    </Space>
  );
}

function OverviewCharts({ summary, lang }: { summary: PlanSummary; lang: Lang }) {
  const { t } = useI18n();
  const pie = useMemo(() => buildLightPieOption(summary.lights, lang), [summary, lang]);
  const groups = useMemo(() => buildGroupLightsOption(summary.groups, lang), [summary, lang]);
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={9}>
        <Card title={t('overview.byLight')} size="small">
          <Chart
            option={pie}
            height={320}
            testId="chart-lights"
            ariaLabel={t('overview.byLight')}
          />
        </Card>
      </Col>
      <Col xs={24} lg={15}>
        <Card title={t('overview.byGroup')} size="small">
          <Chart
            option={groups}
            height={320}
            testId="chart-groups"
            ariaLabel={t('overview.byGroup')}
          />
        </Card>
      </Col>
    </Row>
  );
}
