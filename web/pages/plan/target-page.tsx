/** Target: its chart (actual, target, expected progress, forecast), the observations behind it, its audit trail. */
import { PrinterOutlined } from '@ant-design/icons';
import {
  Alert,
  Breadcrumb,
  Button,
  Card,
  Col,
  Descriptions,
  Row,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useMemo } from 'react';
import { Link, useParams } from 'react-router-dom';
import type { TargetDetail } from '../../../src/contract/plan.ts';
import { api } from '../../app/api.ts';
import {
  formatMeasureUnit,
  formatNodeLabel,
  formatNumber,
  formatPeriod,
  formatShare,
  formatTargetValue,
  formatTimestamp,
} from '../../app/format.ts';
import { useI18n } from '../../app/i18n-context.tsx';
import { screenOnly, usePrintMode } from '../../app/use-print-mode.ts';
import { pickLang, type MessageKey } from '../../app/i18n.ts';
import { describeChange } from '../../app/describe-change.ts';
import { useApi } from '../../app/use-api.ts';
import type { ExportColumn } from '../../app/xlsx.ts';
import { Chart } from '../../charts/chart.tsx';
import { buildTargetChartOption } from '../../charts/options.ts';
import { DataText } from '../../components/data-text.tsx';
import { ExportButton } from '../../components/export-button.tsx';
import { LightTag } from '../../components/light-tag.tsx';
import { Async, NoData } from '../../components/page-state.tsx';
import { SourceTag, useSourceLabel } from '../../components/source-tag.tsx';
import { StateTag } from '../../components/state-tag.tsx';
import { CommentPanel } from './comment-panel.tsx';

type Observation = TargetDetail['observations'][number];

/** A target with the data behind it; `rolledUp` when its unit's values are sums over the units below. */
interface TargetData {
  readonly detail: TargetDetail;
  readonly rows: Observation[];
  readonly rolledUp: boolean;
}

/**
 * Loads a target. A district's figures are often sums of its towns' observations, so when the
 * target's unit has none of its own, the rows come from the indicator's series for the unit.
 */
async function loadTarget(id: string, signal: AbortSignal): Promise<TargetData> {
  const detail = await api.target(id, signal);
  const indicator = detail.target.indicator;
  if (detail.observations.length > 0 || !indicator)
    return { detail, rows: detail.observations, rolledUp: false };
  const plan = (await api.plans()).find((p) => p.id === detail.plan.id);
  if (!plan) return { detail, rows: [], rolledUp: false };
  const series = await api.series(
    indicator.code,
    plan.unitCode,
    { from: `${detail.plan.year - 1}01` },
    signal,
  );
  const rows = [...series.points]
    .reverse()
    .filter((p): p is typeof p & { value: number } => p.value !== null)
    .map((p) => ({
      periodId: p.periodId,
      value: p.value,
      source: p.source ?? '',
      sourceRef: p.descendantsCount > 0 && p.own === null ? `Σ ${p.descendantsCount}` : '',
      state: p.state ?? '',
      updatedAt: '',
      updatedBy: '',
    }));
  return { detail, rows, rolledUp: rows.some((r) => r.source === 'aggregate') };
}

/** One audit record as the target detail sends it. */
interface AuditEntry {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly reason: string;
  readonly oldValue: unknown;
  readonly newValue: unknown;
}

const isAuditEntry = (v: unknown): v is AuditEntry =>
  typeof v === 'object' && v !== null && 'seq' in v && 'action' in v;

const stateKey = (s: string): MessageKey | null =>
  s === 'approved' || s === 'submitted' || s === 'draft' || s === 'returned'
    ? (`obs.state.${s}` as const)
    : null;

function TargetView({ data }: { data: TargetData }) {
  const { detail, rows: observations, rolledUp } = data;
  const { t, lang } = useI18n();
  const isPrinting = usePrintMode();
  const sourceLabel = useSourceLabel();
  const { target, plan, node } = detail;
  const a = target.assessment;
  const decimals = target.indicator?.decimals ?? 2;
  const unit = target.measure === 'growth' ? '%' : target.comparedUnit || target.unit;
  const option = useMemo(() => buildTargetChartOption(detail, lang), [detail, lang]);
  const audit = detail.audit.filter(isAuditEntry);
  const state = (s: string) => {
    const k = stateKey(s);
    return k ? t(k) : s;
  };
  const obsColumns: ExportColumn<Observation>[] = [
    { header: t('common.period'), value: (o) => o.periodId },
    { header: t('common.value'), value: (o) => o.value },
    { header: t('common.source'), value: (o) => sourceLabel(o.source) },
    { header: t('obs.sourceRef'), value: (o) => o.sourceRef },
    { header: t('common.state'), value: (o) => state(o.state) },
    { header: t('obs.updatedAt'), value: (o) => formatTimestamp(o.updatedAt) },
    { header: t('obs.updatedBy'), value: (o) => o.updatedBy },
  ];
  const auditColumns: ExportColumn<AuditEntry>[] = [
    { header: t('audit.at'), value: (r) => formatTimestamp(r.at) },
    { header: t('audit.actor'), value: (r) => r.actor },
    { header: t('audit.action'), value: (r) => r.action },
    { header: t('audit.change'), value: (r) => describeChange(r.oldValue, r.newValue) },
    { header: t('audit.reason'), value: (r) => r.reason },
  ];
  const hasSimulated = observations.some((o) => o.source === 'simulated');

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Breadcrumb
        className="no-print"
        items={[
          {
            title: (
              <Link to={`/plans/${plan.id}`}>
                <DataText
                  zh={plan.title.length > 24 ? `${plan.title.slice(0, 24)}…` : plan.title}
                />
              </Link>
            ),
          },
          {
            title: (
              <>
                {formatNodeLabel(node.label, lang)} <DataText zh={node.title} />
              </>
            ),
          },
          { title: <DataText zh={target.metric} /> },
        ]}
      />
      <div className="page-header">
        <div>
          <Typography.Title level={3} data-testid="target-metric">
            <DataText zh={target.metric} />
          </Typography.Title>
          <div className="page-sub">
            {plan.year} · {formatNodeLabel(node.label, lang)} <DataText zh={node.title} /> ·{' '}
            {t('common.asOf', { date: plan.asOf })}
            <span className="print-only-inline">
              {' · '}
              {t('print.printedOn', { date: new Date().toLocaleDateString('en-CA') })}
            </span>
          </div>
        </div>
        <Space className="no-print">
          <LightTag light={a.light} long />
          <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
            {t('common.print')}
          </Button>
        </Space>
      </div>
      <Alert
        type={
          a.light === 'red'
            ? 'error'
            : a.light === 'yellow'
              ? 'warning'
              : a.light === 'none'
                ? 'info'
                : 'success'
        }
        showIcon
        title={<span data-testid="target-reason">{pickLang(lang, a.reason.zh, a.reason.en)}</span>}
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={9}>
          <Card size="small" title={t('common.detail')}>
            <Descriptions column={1} size="small" labelStyle={{ width: 110 }}>
              <Descriptions.Item label={t('plan.col.light')}>
                <LightTag light={a.light} />
              </Descriptions.Item>
              <Descriptions.Item label={t('target.value')}>
                <span data-testid="target-value">{formatTargetValue(target, lang)}</span>
                {target.isAspirational ? (
                  <Tag style={{ marginLeft: 6 }}>{t('target.aspirational')}</Tag>
                ) : null}
              </Descriptions.Item>
              <Descriptions.Item label={t('target.actual')}>
                <span data-testid="target-actual">{formatNumber(a.actual, decimals)}</span>{' '}
                {a.actual === null ? '' : formatMeasureUnit(unit, lang)}
                {a.asOfPeriodId ? (
                  <span className="page-sub"> ({formatPeriod(a.asOfPeriodId, lang)})</span>
                ) : null}
              </Descriptions.Item>
              {a.completeness ? (
                <Descriptions.Item label={t('target.completeness')}>
                  <span data-testid="target-completeness">
                    {t('target.completenessValue', {
                      expected: a.completeness.expected,
                      approved: a.completeness.approved,
                    })}
                  </span>
                  {a.completeness.partial ? (
                    <Tag color="orange" style={{ marginLeft: 6 }}>
                      {t('target.completenessPartial')}
                    </Tag>
                  ) : null}
                </Descriptions.Item>
              ) : null}
              <Descriptions.Item label={t('target.share')}>
                <span data-testid="target-share">{formatShare(a.shareOfTarget)}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('target.expected')}>
                {formatShare(a.expectedShare)}
              </Descriptions.Item>
              <Descriptions.Item label={t('target.gap')}>
                {a.gapPoints === null
                  ? '—'
                  : // A stock's gap is a share of its target; the others are percentage points.
                    t(target.measure === 'stock' ? 'target.gapShare' : 'target.gapPoints', {
                      points: formatNumber(a.gapPoints, 1),
                    })}
              </Descriptions.Item>
              <Descriptions.Item label={t('target.forecast')}>
                {a.forecast ? (
                  <span>
                    {formatNumber(a.forecast.value, decimals)} {formatMeasureUnit(unit, lang)}{' '}
                    <Tag color={a.forecast.willMeet ? 'green' : 'orange'}>
                      {t(a.forecast.willMeet ? 'target.willMeet' : 'target.willMiss')}
                    </Tag>
                  </span>
                ) : (
                  '—'
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t('target.runRate')}>
                {a.requiredRunRate === null
                  ? '—'
                  : `${formatNumber(a.requiredRunRate, decimals)} ${formatMeasureUnit(target.measure === 'growth' ? (target.indicator?.unit ?? '') : unit, lang)}`}
              </Descriptions.Item>
              <Descriptions.Item label={t('plan.col.due')}>
                {formatPeriod(target.duePeriodId, lang)}
              </Descriptions.Item>
              <Descriptions.Item label={t('target.indicator')}>
                {target.indicator ? (
                  <Link to={`/indicators/${encodeURIComponent(target.indicator.code)}`}>
                    <DataText zh={target.indicator.name} />
                  </Link>
                ) : (
                  '—'
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t('target.sourceText')}>
                <Typography.Text type="secondary">
                  <DataText zh={target.sourceText} />
                </Typography.Text>
              </Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} xl={15}>
          <Card
            size="small"
            title={t('target.chart')}
            extra={hasSimulated ? <SourceTag source="simulated" /> : null}
          >
            {detail.series.length === 0 ? (
              <NoData title={target.indicator ? t('empty.noSeries') : t('target.noIndicator')} />
            ) : (
              <Chart
                option={option}
                height={380}
                testId="target-chart"
                ariaLabel={t('target.chart')}
              />
            )}
          </Card>
        </Col>
      </Row>
      <Card
        size="small"
        title={t('target.observations')}
        extra={
          <ExportButton
            fileName={`${target.metric}-${t('target.observations')}`}
            columns={obsColumns}
            rows={observations}
            testId="export-observations"
          />
        }
      >
        {rolledUp && target.indicator ? (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            title={
              <span>
                {t('target.rolledUp')}{' '}
                <Link to={`/indicators/${encodeURIComponent(target.indicator.code)}`}>
                  {t('target.openBreakdown')}
                </Link>
              </span>
            }
          />
        ) : null}
        <Table<Observation>
          size="small"
          rowKey={(o) => `${o.periodId}-${o.source}`}
          dataSource={observations}
          pagination={observations.length > 36 ? { pageSize: 36, size: 'small' } : false}
          data-testid="observations-table"
          locale={{ emptyText: <NoData title={t('empty.noObservations')} /> }}
          columns={[
            {
              title: t('common.period'),
              width: 130,
              render: (_, o) => formatPeriod(o.periodId, lang),
            },
            {
              title: t('common.value'),
              align: 'right',
              width: 120,
              render: (_, o) => formatNumber(o.value, decimals),
            },
            {
              title: t('common.source'),
              width: 90,
              render: (_, o) => <SourceTag source={o.source} />,
            },
            {
              title: t('obs.sourceRef'),
              dataIndex: 'sourceRef',
              ellipsis: true,
              responsive: screenOnly(isPrinting, 'lg'),
            },
            {
              title: t('common.state'),
              width: 100,
              render: (_, o) => <StateTag state={o.state || null} />,
            },
            {
              title: t('obs.updatedAt'),
              width: 150,
              responsive: screenOnly(isPrinting, 'xl'),
              render: (_, o) => formatTimestamp(o.updatedAt),
            },
            {
              title: t('obs.updatedBy'),
              width: 110,
              dataIndex: 'updatedBy',
              responsive: screenOnly(isPrinting, 'xl'),
            },
          ]}
        />
      </Card>
      <Card
        size="small"
        title={t('target.audit')}
        extra={
          <ExportButton
            fileName={`${target.metric}-${t('target.audit')}`}
            columns={auditColumns}
            rows={audit}
            testId="export-audit"
          />
        }
      >
        <Table<AuditEntry>
          size="small"
          rowKey="seq"
          dataSource={audit}
          pagination={false}
          data-testid="audit-table"
          locale={{ emptyText: <NoData title={t('empty.noAudit')} /> }}
          columns={[
            { title: t('audit.at'), width: 150, render: (_, r) => formatTimestamp(r.at) },
            { title: t('audit.actor'), width: 110, dataIndex: 'actor' },
            { title: t('audit.action'), width: 140, dataIndex: 'action' },
            {
              title: t('audit.change'),
              ellipsis: true,
              render: (_, r) => describeChange(r.oldValue, r.newValue),
            },
            { title: t('audit.reason'), dataIndex: 'reason' },
          ]}
        />
      </Card>
      <CommentPanel subjectKind="target" subjectId={target.id} />
    </Space>
  );
}

/** The target page (`/targets/:id`). */
export default function TargetPage() {
  const { id = '' } = useParams();
  const state = useApi((signal) => loadTarget(id, signal), [id]);
  return (
    <div data-page="target">
      <Async state={state} rows={14}>
        {(data) => <TargetView data={data} />}
      </Async>
    </div>
  );
}
