/** Indicators: browse by category; an indicator's series by unit with drill-down district → town and back. */
import { ArrowUpOutlined } from '@ant-design/icons';
import {
  Breadcrumb,
  Button,
  Card,
  Col,
  Input,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Tree,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, Navigate, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import type {
  Breakdown,
  CategoryView,
  IndicatorView,
  UnitView,
} from '../../../src/contract/registry.ts';
import { api } from '../../app/api.ts';
import {
  formatMeasureUnit,
  formatNumber,
  formatPointChange,
  formatPeriod,
  formatSignedPercent,
} from '../../app/format.ts';
import { useI18n } from '../../app/i18n-context.tsx';
import { pickLang, type MessageKey } from '../../app/i18n.ts';
import { latestPeriodId, toPeriodRows, type PeriodRow } from '../../app/indicator-series.ts';
import {
  ancestorKeysOf,
  buildCategoryTree,
  indicatorCodeOfKey,
  rootRegion,
  unitPath,
} from '../../app/registry-tree.ts';
import { useApi } from '../../app/use-api.ts';
import type { ExportColumn } from '../../app/xlsx.ts';
import { Chart } from '../../charts/chart.tsx';
import { buildBreakdownOption, buildIndicatorSeriesOption } from '../../charts/options.ts';
import { ExportButton } from '../../components/export-button.tsx';
import { Async, ErrorState, Loading, NoData } from '../../components/page-state.tsx';
import { SourceTag, useSourceLabel } from '../../components/source-tag.tsx';
import { StateTag, useStateLabel } from '../../components/state-tag.tsx';

interface Registry {
  readonly categories: CategoryView[];
  readonly indicators: IndicatorView[];
  readonly units: UnitView[];
}

const loadRegistry = async (): Promise<Registry> => {
  const [categories, indicators, units] = await Promise.all([
    api.categories(),
    api.indicators(),
    api.units(),
  ]);
  return { categories, indicators, units };
};

function CategoryPanel({ registry, code }: { registry: Registry; code: string | null }) {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [search, setSearch] = useState('');
  const tree = useMemo(
    () =>
      buildCategoryTree(registry.categories, registry.indicators, {
        lang,
        search,
        uncategorisedTitle: t('indicators.uncategorised'),
      }),
    [registry, lang, search, t],
  );
  const [expanded, setExpanded] = useState<string[]>(() =>
    code ? ancestorKeysOf(tree, code) : tree.map((n) => n.key),
  );
  useEffect(() => {
    if (search.trim()) setExpanded(collectCategoryKeys(tree));
  }, [search, tree]);
  useEffect(() => {
    if (code) setExpanded((keys) => [...new Set([...keys, ...ancestorKeysOf(tree, code)])]);
  }, [code, tree]);
  const selected = code ? findLeafKeys(tree, code) : [];
  const unit = params.get('unit');
  return (
    <Card size="small" title={t('indicators.categories')} className="no-print">
      <Input.Search
        allowClear
        placeholder={t('indicators.search')}
        onChange={(e) => setSearch(e.target.value)}
        style={{ marginBottom: 8 }}
      />
      <div className="unit-tree">
        <Tree
          blockNode
          treeData={tree}
          expandedKeys={expanded}
          onExpand={(keys) => setExpanded(keys.map(String))}
          selectedKeys={selected}
          data-testid="category-tree"
          onSelect={(keys) => {
            const key = keys[0];
            const next = key === undefined ? null : indicatorCodeOfKey(String(key));
            if (next)
              void navigate(
                `/indicators/${encodeURIComponent(next)}${unit ? `?unit=${unit}` : ''}`,
              );
          }}
        />
      </div>
    </Card>
  );
}

const collectCategoryKeys = (
  items: readonly { key: string; children?: readonly unknown[] }[],
): string[] =>
  items.flatMap((i) =>
    i.children
      ? [i.key, ...collectCategoryKeys(i.children as { key: string; children?: unknown[] }[])]
      : [],
  );

const findLeafKeys = (
  items: readonly { key: string; children?: readonly unknown[] }[],
  code: string,
): string[] =>
  items.flatMap((i) => [
    ...(indicatorCodeOfKey(i.key) === code ? [i.key] : []),
    ...(i.children
      ? findLeafKeys(i.children as { key: string; children?: unknown[] }[], code)
      : []),
  ]);

function BreakdownPanel({
  indicator,
  unit,
  period,
  periods,
  onPeriod,
  onDrill,
}: {
  indicator: IndicatorView;
  unit: UnitView;
  period: string;
  periods: string[];
  onPeriod: (p: string) => void;
  onDrill: (code: string) => void;
}) {
  const { t, lang } = useI18n();
  const sourceLabel = useSourceLabel();
  const stateLabel = useStateLabel();
  const state = useApi(
    (signal) => api.breakdown(indicator.code, unit.code, period, signal),
    [indicator.code, unit.code, period],
  );
  const columns: ExportColumn<Breakdown[number]>[] = [
    { header: t('common.unit'), value: (r) => pickLang(lang, r.unitName, r.unitNameEn) },
    { header: t('common.value'), value: (r) => r.value },
    { header: t('common.source'), value: (r) => sourceLabel(r.source) },
    { header: t('common.state'), value: (r) => stateLabel(r.state) },
    // Beyond what the table shows: what a spreadsheet needs to join the rows with other data.
    { header: t('common.code'), value: (r) => r.unitCode },
    { header: t('common.measureUnit'), value: () => indicator.unit },
  ];
  return (
    <Card
      size="small"
      title={t('indicators.breakdown', { period: formatPeriod(period, lang) })}
      extra={
        <Space>
          <Select
            size="small"
            value={period}
            onChange={onPeriod}
            style={{ width: 140 }}
            options={periods.map((p) => ({ value: p, label: formatPeriod(p, lang) }))}
            data-testid="breakdown-period"
          />
          {state.status === 'ok' ? (
            <ExportButton
              fileName={`${indicator.name}-${unit.name}-${period}`}
              columns={columns}
              rows={state.data}
              testId="export-breakdown"
            />
          ) : null}
        </Space>
      }
    >
      <Async state={state}>
        {(rows) =>
          rows.length === 0 || rows.every((r) => r.value === null) ? (
            <NoData title={t('empty.noBreakdown')} />
          ) : (
            <Row gutter={16}>
              <Col xs={24} xl={14}>
                <Chart
                  option={buildBreakdownOption(
                    rows.map((r) => ({
                      unitCode: r.unitCode,
                      name: pickLang(lang, r.unitName, r.unitNameEn),
                      value: r.value,
                    })),
                    { unit: indicator.unit, decimals: indicator.decimals },
                  )}
                  height={Math.max(260, rows.length * 22)}
                  testId="breakdown-chart"
                  onClick={(e) => {
                    const data = e.data as { unitCode?: string } | null;
                    if (data?.unitCode) onDrill(data.unitCode);
                  }}
                />
              </Col>
              <Col xs={24} xl={10}>
                <Table<Breakdown[number]>
                  size="small"
                  rowKey="unitCode"
                  dataSource={rows}
                  pagination={false}
                  scroll={{ y: Math.max(260, rows.length * 22) - 40 }}
                  data-testid="breakdown-table"
                  columns={[
                    {
                      title: t('common.unit'),
                      render: (_, r) => (
                        <a
                          onClick={() => onDrill(r.unitCode)}
                          data-testid="drill"
                          data-unit={r.unitCode}
                        >
                          {pickLang(lang, r.unitName, r.unitNameEn)}
                        </a>
                      ),
                    },
                    {
                      title: t('common.value'),
                      align: 'right',
                      width: 100,
                      sorter: (a, b) => (a.value ?? 0) - (b.value ?? 0),
                      render: (_, r) => formatNumber(r.value, indicator.decimals),
                    },
                    {
                      title: t('common.source'),
                      width: 80,
                      render: (_, r) => <SourceTag source={r.source} />,
                    },
                    {
                      title: t('common.state'),
                      width: 90,
                      render: (_, r) => <StateTag state={r.state} />,
                    },
                  ]}
                />
              </Col>
            </Row>
          )
        }
      </Async>
    </Card>
  );
}

const kindKey = (k: IndicatorView['kind']): MessageKey => `indicators.kind.${k}`;
const measureKey = (m: IndicatorView['measure']): MessageKey => `indicators.measure.${m}`;

function IndicatorPanel({ registry, indicator }: { registry: Registry; indicator: IndicatorView }) {
  const { t, lang } = useI18n();
  const sourceLabel = useSourceLabel();
  const stateLabel = useStateLabel();
  const [params, setParams] = useSearchParams();
  const root = rootRegion(registry.units);
  const unitCode = params.get('unit') ?? root?.code ?? '';
  const unit = registry.units.find((u) => u.code === unitCode) ?? root;
  const path = unit ? unitPath(registry.units, unit.code) : [];
  const parent = path.length > 1 ? path[path.length - 2] : undefined;
  const series = useApi(
    (signal) => (unit ? api.series(indicator.code, unit.code, {}, signal) : Promise.resolve(null)),
    [indicator.code, unit?.code],
  );
  const [period, setPeriod] = useState<string | null>(null);
  useEffect(() => setPeriod(null), [indicator.code]);

  const goUnit = (code: string) =>
    setParams((p) => {
      const next = new URLSearchParams(p);
      next.set('unit', code);
      return next;
    });

  if (!unit) return <NoData title={t('empty.noSeries')} />;
  const children = registry.units.filter((u) => u.parentId === unit.id && u.kind === 'region');

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <div className="page-header">
        <div>
          <Typography.Title level={3} data-testid="indicator-name">
            {pickLang(lang, indicator.name, indicator.nameEn)}
          </Typography.Title>
          <Space size={4} wrap className="page-sub">
            <Tag>{indicator.code}</Tag>
            <Tag color="blue">{t(kindKey(indicator.kind))}</Tag>
            <Tag>{t(measureKey(indicator.measure))}</Tag>
            <span>
              {t('common.measureUnit')}: {formatMeasureUnit(indicator.unit, lang)}
            </span>
          </Space>
        </div>
      </div>
      <Card size="small">
        <Space wrap>
          <Typography.Text type="secondary">{t('common.unit')}:</Typography.Text>
          <Breadcrumb
            data-testid="unit-breadcrumb"
            items={path.map((u, i) => ({
              title:
                i === path.length - 1 ? (
                  <strong data-testid="current-unit" data-unit={u.code}>
                    {pickLang(lang, u.name, u.nameEn)}
                  </strong>
                ) : (
                  <a onClick={() => goUnit(u.code)} data-unit={u.code}>
                    {pickLang(lang, u.name, u.nameEn)}
                  </a>
                ),
            }))}
          />
          {parent ? (
            <Button
              size="small"
              icon={<ArrowUpOutlined />}
              onClick={() => goUnit(parent.code)}
              data-testid="drill-up"
            >
              {t('indicators.drillUp')}
            </Button>
          ) : null}
        </Space>
      </Card>
      {series.status === 'loading' ? (
        <Loading isSlow={series.isSlow} />
      ) : series.status === 'error' ? (
        <ErrorState error={series.error} retry={series.retry} />
      ) : !series.data || series.data.points.every((p) => p.value === null) ? (
        <NoData title={t('empty.noSeries')} />
      ) : (
        (() => {
          const points = series.data.points;
          const rows = toPeriodRows(points, indicator.measure);
          const latest = latestPeriodId(points);
          const chosen = period ?? latest;
          const year = Number((latest ?? '').slice(0, 4)) || new Date().getFullYear();
          const chosenPoint = points.find((p) => p.periodId === chosen);
          const completeness =
            chosenPoint && chosenPoint.own === null && chosenPoint.descendantsCount > 0
              ? t('target.completenessValue', {
                  expected: chosenPoint.descendantsExpected ?? chosenPoint.descendantsCount,
                  approved: chosenPoint.descendantsCount,
                })
              : null;
          const level = indicator.measure === 'rate' || indicator.measure === 'growth';
          const columns: ExportColumn<PeriodRow>[] = [
            { header: t('common.period'), value: (r) => r.periodId },
            {
              header: `${t('indicators.thisYear')} (${formatMeasureUnit(indicator.unit, lang)})`,
              value: (r) => r.value,
            },
            { header: t('indicators.lastYear'), value: (r) => r.lastYearValue },
            {
              header: `${t('indicators.yoy')}${level ? ' (pt)' : ' (%)'}`,
              value: (r) => (level ? r.changePoints : r.yoyPercent),
            },
            { header: t('common.source'), value: (r) => sourceLabel(r.source) },
            { header: t('common.state'), value: (r) => stateLabel(r.state) },
          ];
          return (
            <>
              <Card
                size="small"
                title={
                  <span>
                    {t('indicators.series', { unit: pickLang(lang, unit.name, unit.nameEn) })}
                    {completeness ? (
                      <Typography.Text
                        type="secondary"
                        style={{ marginLeft: 8, fontWeight: 'normal' }}
                        data-testid="series-completeness"
                      >
                        {chosen ? `${formatPeriod(chosen, lang)} ` : ''}
                        {completeness}
                      </Typography.Text>
                    ) : null}
                  </span>
                }
                extra={
                  points.some((p) => p.source === 'simulated') ? (
                    <SourceTag source="simulated" />
                  ) : null
                }
              >
                <Chart
                  option={buildIndicatorSeriesOption(points, year, lang, {
                    unit: indicator.unit,
                    decimals: indicator.decimals,
                  })}
                  height={300}
                  testId="series-chart"
                />
              </Card>
              {children.length > 0 && chosen ? (
                <BreakdownPanel
                  indicator={indicator}
                  unit={unit}
                  period={chosen}
                  periods={rows.map((r) => r.periodId)}
                  onPeriod={setPeriod}
                  onDrill={goUnit}
                />
              ) : null}
              <Card
                size="small"
                title={t('indicators.table')}
                extra={
                  <ExportButton
                    fileName={`${indicator.name}-${unit.name}`}
                    columns={columns}
                    rows={rows}
                    testId="export-periods"
                  />
                }
              >
                <Table<PeriodRow>
                  size="small"
                  rowKey="periodId"
                  dataSource={rows}
                  pagination={rows.length > 12 ? { pageSize: 12, size: 'small' } : false}
                  data-testid="period-table"
                  columns={[
                    { title: t('common.period'), render: (_, r) => formatPeriod(r.periodId, lang) },
                    {
                      title: t('indicators.thisYear'),
                      align: 'right',
                      render: (_, r) => formatNumber(r.value, indicator.decimals),
                    },
                    {
                      title: t('indicators.lastYear'),
                      align: 'right',
                      render: (_, r) => formatNumber(r.lastYearValue, indicator.decimals),
                    },
                    {
                      title: t('indicators.yoy'),
                      align: 'right',
                      render: (_, r) =>
                        level
                          ? formatPointChange(r.changePoints, lang)
                          : formatSignedPercent(r.yoyPercent),
                    },
                    {
                      title: t('common.source'),
                      width: 90,
                      render: (_, r) => <SourceTag source={r.source} />,
                    },
                    {
                      title: t('common.state'),
                      width: 100,
                      render: (_, r) => (
                        <span data-testid="period-state" data-state={r.state ?? ''}>
                          <StateTag state={r.state} />
                        </span>
                      ),
                    },
                  ]}
                />
              </Card>
            </>
          );
        })()
      )}
    </Space>
  );
}

/** The indicators page (`/indicators`, `/indicators/:code?unit=CODE`). */
export default function IndicatorsPage() {
  const { code } = useParams();
  const { t } = useI18n();
  const state = useApi(() => loadRegistry(), []);
  return (
    <div data-page="indicators">
      <Async state={state}>
        {(registry) => {
          if (registry.indicators.length === 0) return <NoData title={t('empty.noSeries')} />;
          if (!code) {
            const first =
              registry.indicators.find(
                (i) => i.cadence === 'month' && i.kind === 'statistic' && i.measure === 'flow',
              ) ?? registry.indicators[0];
            return first ? (
              <Navigate to={`/indicators/${encodeURIComponent(first.code)}`} replace />
            ) : null;
          }
          const indicator = registry.indicators.find((i) => i.code === code);
          return (
            <Row gutter={[16, 16]}>
              <Col xs={24} lg={7} xxl={5}>
                <CategoryPanel registry={registry} code={code} />
              </Col>
              <Col xs={24} lg={17} xxl={19}>
                {indicator ? (
                  <IndicatorPanel registry={registry} indicator={indicator} />
                ) : (
                  <NoData
                    title={t('empty.chooseIndicator')}
                    extra={<Link to="/indicators">{t('common.back')}</Link>}
                  />
                )}
              </Col>
            </Row>
          );
        }}
      </Async>
    </div>
  );
}
