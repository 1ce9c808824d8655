/** Unit: one unit's targets (where it leads or supports) and its indicators. */
import { Card, Col, Descriptions, Row, Space, Table, Tag, Tree, Typography } from 'antd';
import { useMemo } from 'react';
import { Link, Navigate, useNavigate, useParams } from 'react-router-dom';
import type { IndicatorView, UnitView } from '../../../src/contract/registry.ts';
import { api } from '../../app/api.ts';
import { pickDefaultPlan } from '../../app/default-plan.ts';
import {
  formatCount,
  formatPointChange,
  formatPeriod,
  formatSignedPercent,
  formatTargetValue,
  formatYearToDate,
} from '../../app/format.ts';
import { useI18n } from '../../app/i18n-context.tsx';
import { pickLang, type MessageKey } from '../../app/i18n.ts';
import { computeHeadline, type Headline } from '../../../src/core/headline.ts';
import { mapLimit } from '../../app/map-limit.ts';
import { flattenTargets, lightOrder, type TargetInContext } from '../../app/plan-rows.ts';
import { buildUnitTree, rootRegion, unitPath } from '../../app/registry-tree.ts';
import { useApi } from '../../app/use-api.ts';
import type { ExportColumn } from '../../app/xlsx.ts';
import { ExportButton } from '../../components/export-button.tsx';
import { lightStyles } from '../../components/light-style.ts';
import { LightCountsInline, LightTag } from '../../components/light-tag.tsx';
import { Async, NoData } from '../../components/page-state.tsx';
import { SourceTag, useSourceLabel } from '../../components/source-tag.tsx';
import { ProgressCell } from '../plan/progress-cell.tsx';
import { countLights } from '../../app/plan-rows.ts';

interface UnitTarget {
  readonly role: 'lead' | 'co';
  readonly item: TargetInContext;
}

interface UnitIndicator {
  readonly indicator: IndicatorView;
  readonly headline: Headline;
}

/** The targets a unit leads or supports in the default plan; empty without a plan. */
async function loadUnitTargets(code: string, signal: AbortSignal): Promise<UnitTarget[]> {
  const plan = pickDefaultPlan(await api.plans());
  if (!plan) return [];
  const tree = await api.plan(plan.id, null, signal);
  const out: UnitTarget[] = [];
  for (const item of flattenTargets(tree)) {
    if (item.leadUnits.some((u) => u.code === code)) out.push({ role: 'lead', item });
    else if (item.coUnits.some((u) => u.code === code)) out.push({ role: 'co', item });
  }
  const rank = (x: UnitTarget) =>
    (x.role === 'lead' ? 0 : 1) * 10 + lightOrder.indexOf(x.item.target.assessment.light);
  return out.sort((a, b) => rank(a) - rank(b));
}

/** The indicators with data for a unit, each with its headline figure. */
async function loadUnitIndicators(code: string, signal: AbortSignal): Promise<UnitIndicator[]> {
  const indicators = await api.indicators();
  const settled = await mapLimit(indicators, 8, (i) => api.series(i.code, code, {}, signal));
  const out: UnitIndicator[] = [];
  settled.forEach((r, idx) => {
    const indicator = indicators[idx];
    if (r.status !== 'fulfilled' || !indicator) return;
    const headline = computeHeadline(r.value.points, indicator.measure);
    if (headline) out.push({ indicator, headline });
  });
  return out;
}

function UnitTargets({ unit }: { unit: UnitView }) {
  const { t, lang } = useI18n();
  const state = useApi((signal) => loadUnitTargets(unit.code, signal), [unit.code]);
  const roleKey = (r: UnitTarget['role']): MessageKey => `units.role.${r}`;
  const columns: ExportColumn<UnitTarget>[] = [
    { header: t('units.role'), value: (r) => t(roleKey(r.role)) },
    {
      header: t('plan.col.light'),
      value: (r) => t(lightStyles[r.item.target.assessment.light].word),
    },
    { header: t('plan.kind.target'), value: (r) => r.item.target.metric },
    { header: t('plan.kind.task'), value: (r) => `${r.item.node.label} ${r.item.node.title}` },
    { header: t('plan.col.target'), value: (r) => formatTargetValue(r.item.target, lang) },
    { header: t('plan.col.actual'), value: (r) => r.item.target.assessment.actual },
    {
      header: t('plan.col.reason'),
      value: (r) =>
        pickLang(lang, r.item.target.assessment.reason.zh, r.item.target.assessment.reason.en),
    },
  ];
  return (
    <Async state={state}>
      {(rows) => (
        <Card
          size="small"
          title={
            <Space>
              {t('units.targets')}
              <LightCountsInline counts={countLights(rows.map((r) => r.item.target))} />
            </Space>
          }
          extra={
            <ExportButton
              fileName={`${unit.name}-${t('units.targets')}`}
              columns={columns}
              rows={rows}
              testId="export-unit-targets"
            />
          }
        >
          <Table<UnitTarget>
            size="small"
            rowKey={(r) => r.item.target.id}
            dataSource={rows}
            pagination={rows.length > 15 ? { pageSize: 15, size: 'small' } : false}
            data-testid="unit-targets"
            locale={{ emptyText: <NoData title={t('empty.noTargets')} /> }}
            columns={[
              {
                title: t('units.role'),
                width: 70,
                render: (_, r) => (
                  <Tag color={r.role === 'lead' ? 'blue' : 'default'}>{t(roleKey(r.role))}</Tag>
                ),
              },
              {
                title: t('plan.col.light'),
                width: 90,
                render: (_, r) => <LightTag light={r.item.target.assessment.light} />,
              },
              {
                title: t('plan.kind.target'),
                render: (_, r) => (
                  <Space orientation="vertical" size={0}>
                    <Link to={`/targets/${r.item.target.id}`}>{r.item.target.metric}</Link>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {r.item.node.label} {r.item.node.title}
                    </Typography.Text>
                  </Space>
                ),
              },
              {
                title: t('plan.col.target'),
                width: 130,
                responsive: ['lg'],
                render: (_, r) => formatTargetValue(r.item.target, lang),
              },
              {
                title: t('plan.col.progress'),
                width: 180,
                render: (_, r) => <ProgressCell target={r.item.target} />,
              },
            ]}
          />
        </Card>
      )}
    </Async>
  );
}

function UnitIndicators({ unit }: { unit: UnitView }) {
  const { t, lang } = useI18n();
  const sourceLabel = useSourceLabel();
  const state = useApi((signal) => loadUnitIndicators(unit.code, signal), [unit.code]);
  const columns: ExportColumn<UnitIndicator>[] = [
    { header: t('common.code'), value: (r) => r.indicator.code },
    {
      header: t('common.name'),
      value: (r) => pickLang(lang, r.indicator.name, r.indicator.nameEn),
    },
    { header: t('common.period'), value: (r) => r.headline.periodId },
    { header: t('common.value'), value: (r) => r.headline.value },
    { header: t('common.measureUnit'), value: (r) => r.indicator.unit },
    { header: t('indicators.yoy'), value: (r) => r.headline.yoyPercent ?? r.headline.changePoints },
    {
      header: t('common.source'),
      value: (r) => sourceLabel(r.headline.isSimulated ? 'simulated' : r.headline.source),
    },
  ];
  return (
    <Async state={state}>
      {(rows) => (
        <Card
          size="small"
          title={t('units.indicators')}
          extra={
            rows.length > 0 ? (
              <ExportButton
                fileName={`${unit.name}-${t('units.indicators')}`}
                columns={columns}
                rows={rows}
                testId="export-unit-indicators"
              />
            ) : null
          }
        >
          {rows.length === 0 ? (
            <NoData
              title={t('empty.noIndicators')}
              hint={unit.kind === 'department' ? t('empty.noIndicatorsHint') : undefined}
            />
          ) : (
            <Table<UnitIndicator>
              size="small"
              rowKey={(r) => r.indicator.code}
              dataSource={rows}
              pagination={rows.length > 15 ? { pageSize: 15, size: 'small' } : false}
              data-testid="unit-indicators"
              columns={[
                {
                  title: t('common.name'),
                  render: (_, r) => (
                    <Link
                      to={`/indicators/${encodeURIComponent(r.indicator.code)}?unit=${unit.code}`}
                    >
                      {pickLang(lang, r.indicator.name, r.indicator.nameEn)}
                    </Link>
                  ),
                },
                {
                  title: t('units.latest'),
                  width: 130,
                  render: (_, r) =>
                    r.headline.isYearToDate
                      ? formatYearToDate(r.headline.periodId, lang)
                      : formatPeriod(r.headline.periodId, lang),
                },
                {
                  title: t('common.value'),
                  align: 'right',
                  width: 140,
                  render: (_, r) => {
                    // Counts read in 万/亿 in Chinese; the unit in the UI language.
                    const c = formatCount(
                      r.headline.value,
                      r.indicator.unit,
                      lang,
                      r.indicator.decimals,
                    );
                    return `${c.value} ${c.unit}`.trim();
                  },
                },
                {
                  title: t('indicators.yoy'),
                  align: 'right',
                  width: 100,
                  render: (_, r) =>
                    r.headline.yoyPercent !== null
                      ? formatSignedPercent(r.headline.yoyPercent)
                      : formatPointChange(r.headline.changePoints, lang),
                },
                {
                  title: t('common.source'),
                  width: 80,
                  render: (_, r) => (
                    <SourceTag source={r.headline.isSimulated ? 'simulated' : r.headline.source} />
                  ),
                },
              ]}
            />
          )}
        </Card>
      )}
    </Async>
  );
}

/** The unit page (`/units/:code`). */
export default function UnitPage() {
  const { code } = useParams();
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const state = useApi(() => api.units(), []);
  return (
    <div data-page="unit">
      <Async state={state}>
        {(units) => {
          if (!code) {
            const root = rootRegion(units);
            return root ? (
              <Navigate to={`/units/${root.code}`} replace />
            ) : (
              <NoData title={t('common.noData')} />
            );
          }
          const unit = units.find((u) => u.code === code);
          return (
            <Row gutter={[16, 16]}>
              <Col xs={24} lg={7} xxl={5}>
                <UnitTreePanel
                  units={units}
                  code={code}
                  onSelect={(c) => void navigate(`/units/${c}`)}
                />
              </Col>
              <Col xs={24} lg={17} xxl={19}>
                {unit ? (
                  <Space orientation="vertical" size={16} style={{ width: '100%' }}>
                    <div className="page-header">
                      <div>
                        <Typography.Title level={3} data-testid="unit-name">
                          {pickLang(lang, unit.name, unit.nameEn)}
                        </Typography.Title>
                        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
                          <Descriptions.Item label={t('common.code')}>
                            {unit.code}
                          </Descriptions.Item>
                          <Descriptions.Item label={t('common.unit')}>
                            {t(
                              unit.kind === 'region'
                                ? 'units.kind.region'
                                : 'units.kind.department',
                            )}{' '}
                            · {unit.level}
                          </Descriptions.Item>
                          <Descriptions.Item label="">
                            {unitPath(units, unit.code)
                              .slice(0, -1)
                              .map((p) => (
                                <Link
                                  key={p.code}
                                  to={`/units/${p.code}`}
                                  style={{ marginRight: 8 }}
                                >
                                  {pickLang(lang, p.name, p.nameEn)}
                                </Link>
                              ))}
                          </Descriptions.Item>
                        </Descriptions>
                      </div>
                    </div>
                    <UnitTargets unit={unit} />
                    <UnitIndicators unit={unit} />
                  </Space>
                ) : (
                  <NoData
                    title={t('error.notFound')}
                    extra={<Link to="/units">{t('common.back')}</Link>}
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

function UnitTreePanel({
  units,
  code,
  onSelect,
}: {
  units: UnitView[];
  code: string;
  onSelect: (code: string) => void;
}) {
  const { t, lang } = useI18n();
  const tree = useMemo(
    () =>
      buildUnitTree(units, {
        lang,
        regionsTitle: t('units.regions'),
        departmentsTitle: t('units.departments'),
      }),
    [units, lang, t],
  );
  const expanded = [
    'group:region',
    'group:department',
    ...unitPath(units, code).map((u) => `unit:${u.code}`),
  ];
  return (
    <Card size="small" title={t('units.title')} className="no-print">
      <div className="unit-tree">
        <Tree
          blockNode
          treeData={tree}
          defaultExpandedKeys={expanded}
          selectedKeys={[`unit:${code}`]}
          data-testid="unit-tree"
          onSelect={(keys) => {
            const key = String(keys[0] ?? '');
            if (key.startsWith('unit:')) onSelect(key.slice(5));
          }}
        />
      </div>
    </Card>
  );
}
