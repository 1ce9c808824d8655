/** Timeliness (及时率): the overdue list per unit, and completeness and timeliness rates per unit and per department. */
import { Card, Col, Progress, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../../app/api.ts';
import { formatPeriod, formatShare } from '../../app/format.ts';
import { useI18n } from '../../app/i18n-context.tsx';
import { todayIso } from '../../app/period-choices.ts';
import { useApi } from '../../app/use-api.ts';
import type { ExportColumn } from '../../app/xlsx.ts';
import { DataText } from '../../components/data-text.tsx';
import { ExportButton } from '../../components/export-button.tsx';
import { Async, NoData } from '../../components/page-state.tsx';
import { RateStatistic } from './rate-statistic.tsx';
import {
  rateColor,
  sortRateRows,
  toOverdueRows,
  type OverdueRow,
  type RateRow,
} from './timeliness-rows.ts';

/** A rate as a thin bar with its percentage, coloured by how good it is. */
export function RateCell({ rate }: { rate: number | null }) {
  return (
    <div className="rate-cell" data-rate={rate ?? ''}>
      <Progress
        percent={rate === null ? 0 : Math.round(rate * 1000) / 10}
        size="small"
        strokeColor={rateColor(rate)}
        format={() => formatShare(rate)}
      />
    </div>
  );
}

function RateTable({ rows, testId, title }: { rows: RateRow[]; testId: string; title: string }) {
  const { t } = useI18n();
  const columns: ExportColumn<RateRow>[] = [
    { header: t('common.unit'), value: (r) => r.unitName },
    { header: t('timeliness.due'), value: (r) => r.due },
    { header: t('timeliness.present'), value: (r) => r.present },
    { header: t('timeliness.onTime'), value: (r) => r.onTime },
    { header: t('timeliness.completeness'), value: (r) => formatShare(r.completeness) },
    { header: t('timeliness.timeliness'), value: (r) => formatShare(r.timeliness) },
  ];
  return (
    <Card
      size="small"
      title={title}
      extra={
        <ExportButton fileName={title} columns={columns} rows={rows} testId={`export-${testId}`} />
      }
    >
      <Table<RateRow>
        size="small"
        rowKey="unitCode"
        dataSource={rows}
        pagination={rows.length > 15 ? { pageSize: 15, size: 'small' } : false}
        data-testid={testId}
        locale={{ emptyText: <NoData title={t('timeliness.nothingDue')} /> }}
        columns={[
          {
            title: t('common.unit'),
            key: 'unit',
            render: (_, r) => (
              <Link to={`/units/${r.unitCode}`}>
                <DataText zh={r.unitName} />
              </Link>
            ),
          },
          { title: t('timeliness.due'), dataIndex: 'due', width: 70, align: 'right' },
          {
            title: t('timeliness.present'),
            dataIndex: 'present',
            width: 70,
            align: 'right',
            responsive: ['lg'],
          },
          {
            title: t('timeliness.completeness'),
            key: 'completeness',
            width: 170,
            render: (_, r) => <RateCell rate={r.completeness} />,
          },
          {
            title: t('timeliness.timeliness'),
            key: 'timeliness',
            width: 170,
            render: (_, r) => <RateCell rate={r.timeliness} />,
          },
        ]}
      />
    </Card>
  );
}

function OverdueTable({ rows }: { rows: OverdueRow[] }) {
  const { t, lang } = useI18n();
  const columns: ExportColumn<OverdueRow>[] = [
    { header: t('common.unit'), value: (r) => r.unitName },
    { header: t('timeliness.overdueValues'), value: (r) => r.overdueValues },
    { header: t('timeliness.periods'), value: (r) => r.periods.map((p) => p.periodId).join(' ') },
    { header: t('timeliness.maxDays'), value: (r) => r.maxDaysOverdue },
  ];
  return (
    <Card
      size="small"
      title={t('timeliness.overdue')}
      extra={
        <ExportButton
          fileName={t('timeliness.overdue')}
          columns={columns}
          rows={rows}
          testId="export-overdue"
        />
      }
    >
      <Table<OverdueRow>
        size="small"
        rowKey="unitCode"
        dataSource={rows}
        pagination={rows.length > 15 ? { pageSize: 15, size: 'small' } : false}
        data-testid="overdue-table"
        locale={{ emptyText: <NoData title={t('timeliness.noneOverdue')} /> }}
        expandable={{
          expandedRowRender: (r) => (
            <Space orientation="vertical" size={4} style={{ width: '100%' }}>
              {r.periods.map((p) => (
                <div key={p.periodId}>
                  <Tag color="red">{t('common.overdue', { count: p.daysOverdue })}</Tag>
                  {formatPeriod(p.periodId, lang)} · {t('timeliness.dueOn', { date: p.dueDate })} ·{' '}
                  <Typography.Text type="secondary">{p.indicatorCodes.join('、')}</Typography.Text>
                </div>
              ))}
            </Space>
          ),
        }}
        columns={[
          {
            title: t('common.unit'),
            key: 'unit',
            render: (_, r) => (
              <Link to={`/entry?unit=${r.unitCode}`} data-unit={r.unitCode}>
                <DataText zh={r.unitName} />
              </Link>
            ),
          },
          {
            title: t('timeliness.overdueValues'),
            dataIndex: 'overdueValues',
            width: 100,
            align: 'right',
          },
          {
            title: t('timeliness.periods'),
            key: 'periods',
            width: 90,
            align: 'right',
            render: (_, r) => r.periods.length,
          },
          {
            title: t('timeliness.maxDays'),
            key: 'max',
            width: 130,
            render: (_, r) => (
              <Tag color="red">{t('common.days', { count: r.maxDaysOverdue })}</Tag>
            ),
          },
        ]}
      />
    </Card>
  );
}

/** The timeliness page (`/timeliness?year=2025`). */
export default function TimelinessPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const today = todayIso();
  const thisYear = Number(today.slice(0, 4));
  const state = useApi(
    async (signal) => {
      // Without a chosen year, the newest plan's year: the one the office is working on.
      const plans = await api.plans();
      const asked = Number(params.get('year'));
      const year = asked > 0 ? asked : (plans[0]?.year ?? thisYear);
      const [rates, overdue] = await Promise.all([
        api.timeliness(year, null, signal),
        api.overdue(null, signal),
      ]);
      return { year, rates, overdue };
    },
    [params.get('year')],
  );
  return (
    <div data-page="timeliness">
      <Async state={state} rows={10}>
        {({ year, rates, overdue }) => {
          const units = sortRateRows(rates.units);
          const departments = sortRateRows(rates.departments);
          return (
            <Space orientation="vertical" size={16} style={{ width: '100%' }}>
              <div className="page-header">
                <div>
                  <Typography.Title level={3}>{t('timeliness.title')}</Typography.Title>
                  <div className="page-sub">
                    {t('timeliness.subtitle', { date: rates.asOf, days: rates.rules.month })}
                  </div>
                </div>
                <Select
                  value={year}
                  onChange={(v: number) => setParams({ year: String(v) }, { replace: true })}
                  style={{ width: 120 }}
                  data-testid="timeliness-year"
                  options={[0, 1, 2, 3].map((k) => ({
                    value: thisYear - k,
                    label: String(thisYear - k),
                  }))}
                />
              </div>
              <Row gutter={[12, 12]}>
                <Col xs={12} md={6}>
                  <Card size="small" data-testid="stat-completeness">
                    <RateStatistic
                      title={t('timeliness.completeness')}
                      rate={rates.overall.completeness}
                    />
                  </Card>
                </Col>
                <Col xs={12} md={6}>
                  <Card size="small" data-testid="stat-timeliness">
                    <RateStatistic
                      title={t('timeliness.timeliness')}
                      rate={rates.overall.timeliness}
                    />
                  </Card>
                </Col>
                <Col xs={12} md={6}>
                  <Card size="small">
                    <Statistic title={t('timeliness.due')} value={rates.overall.due} />
                  </Card>
                </Col>
                <Col xs={12} md={6}>
                  <Card size="small" data-testid="stat-overdue-units">
                    <Statistic
                      title={t('timeliness.overdueUnits')}
                      value={toOverdueRows(overdue).length}
                    />
                  </Card>
                </Col>
              </Row>
              <OverdueTable rows={toOverdueRows(overdue)} />
              <Row gutter={[16, 16]}>
                <Col xs={24} xl={12}>
                  <RateTable
                    rows={units}
                    testId="rates-units"
                    title={t('timeliness.byUnit', { year })}
                  />
                </Col>
                <Col xs={24} xl={12}>
                  <RateTable
                    rows={departments}
                    testId="rates-departments"
                    title={t('timeliness.byDepartment', { year })}
                  />
                </Col>
              </Row>
            </Space>
          );
        }}
      </Async>
    </div>
  );
}
