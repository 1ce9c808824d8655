/**
 * The Gantt of a department's or a town's key projects (`/projects/gantt?unit=…&town=…`):
 * baseline bars against the current plan, today's line and each project's light, the same
 * rows as a table (what the paper keeps when the chart is an image), and the .xlsx export.
 * A unit with more projects than a page shows them a page at a time (`&page=`), as the API
 * pages them; the export holds every row.
 */
import { Button, Card, Select, Space, Table, Typography } from 'antd';
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import type { Light } from '../../../src/contract/common.ts';
import type { GanttView, ProjectView } from '../../../src/contract/project.ts';
import { defaultGanttPageSize } from '../../../src/core/milestone.ts';
import { projectStageLabels } from '../../../src/core/project.ts';
import { downloadFile, getJson } from '../../app/api.ts';
import { useI18n } from '../../app/i18n-context.tsx';
import { useApi } from '../../app/use-api.ts';
import { Chart } from '../../charts/chart.tsx';
import { buildGanttOption, ganttHeight, ganttSpans, type Span } from '../../charts/gantt-option.ts';
import { DataText, dataSlot, fillDataSlot } from '../../components/data-text.tsx';
import { LightTag } from '../../components/light-tag.tsx';
import { Async } from '../../components/page-state.tsx';

type GanttRow = GanttView['rows'][number];

const showSpan = (s: Span) => (s ? `${s[0]} — ${s[1]}` : '—');

/** The worst slip of a project's nodes against the baseline, or null when none has one. */
const worstSlip = (row: GanttRow): number | null =>
  row.milestones.reduce<number | null>(
    (worst, m) => (m.slipDays === null ? worst : Math.max(worst ?? m.slipDays, m.slipDays)),
    null,
  );

export default function GanttPage() {
  const { t, lang } = useI18n();
  const [params, setParams] = useSearchParams();
  const unit = params.get('unit') ?? '';
  const town = params.get('town') ?? '';
  const pageNumber = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const query = new URLSearchParams(
    Object.entries({ unitCode: unit, townCode: town }).filter(([, v]) => v !== ''),
  ).toString();
  const suffix = query ? `?${query}` : '';
  const paged = new URLSearchParams(query);
  paged.set('limit', String(defaultGanttPageSize));
  paged.set('offset', String((pageNumber - 1) * defaultGanttPageSize));
  // The filters offer the units and towns that have projects.
  const projects = useApi((signal) => getJson<ProjectView[]>('/projects', signal), []);
  const gantt = useApi(
    (signal) => getJson<GanttView>(`/projects/gantt?${paged.toString()}`, signal),
    [suffix, pageNumber],
  );
  const choices = useMemo(() => {
    const units = new Map<string, string>();
    const towns = new Map<string, string>();
    for (const p of projects.status === 'ok' ? projects.data : []) {
      units.set(p.unit.code, p.unit.name);
      if (p.town) towns.set(p.town.code, p.town.name);
    }
    const all = { value: '', label: t('projects.all') };
    const list = (m: Map<string, string>) => [
      all,
      ...[...m].map(([value, label]) => ({ value, label })),
    ];
    return { units: list(units), towns: list(towns), unitNames: units, townNames: towns };
  }, [projects, t]);
  const setFilter = (key: 'unit' | 'town' | 'page', value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    // Another unit or town starts at its first page.
    if (key !== 'page') next.delete('page');
    setParams(next, { replace: true });
  };
  // The chosen unit's and town's names are data: slots in the caption, marked when put back.
  const colon = lang === 'zh' ? '：' : ': ';
  const chosen = [
    unit ? { label: t('projects.unitFilter'), zh: choices.unitNames.get(unit) ?? unit } : null,
    town ? { label: t('projects.townFilter'), zh: choices.townNames.get(town) ?? town } : null,
  ].filter((c) => c !== null);
  const filterWords = chosen.map((c) => `${c.label}${colon}${dataSlot}`);

  return (
    <div data-page="gantt">
      <Card
        title={
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('menu.projects')} · {t('projects.gantt')}
          </Typography.Title>
        }
        extra={
          <Space className="no-print">
            <Link to="/projects">{t('projects.list')}</Link>
            <Button
              data-testid="gantt-export"
              onClick={() => void downloadFile(`/projects/gantt.xlsx${suffix}`, 'gantt.xlsx')}
            >
              {t('projects.exportGantt')}
            </Button>
          </Space>
        }
      >
        <Space wrap style={{ marginBottom: 12 }} className="no-print">
          <Select
            data-testid="gantt-unit"
            style={{ width: 220 }}
            showSearch
            optionFilterProp="label"
            value={unit}
            onChange={(v) => setFilter('unit', v)}
            options={choices.units}
            aria-label={t('projects.unitFilter')}
          />
          <Select
            data-testid="gantt-town"
            style={{ width: 160 }}
            value={town}
            onChange={(v) => setFilter('town', v)}
            options={choices.towns}
            aria-label={t('projects.townFilter')}
          />
        </Space>
        <Async state={gantt}>
          {(view) => (
            <>
              <div className="print-filters" data-testid="gantt-caption">
                {filterWords.length > 0
                  ? fillDataSlot(
                      t('print.filters', {
                        filters: filterWords.join(lang === 'zh' ? '、' : ', '),
                      }),
                      ...chosen,
                    )
                  : `${t('print.filters', { filters: t('projects.all') })}`}{' '}
                ·{' '}
                {view.total > view.rows.length
                  ? t('projects.ganttPage', {
                      from: view.offset + 1,
                      to: view.offset + view.rows.length,
                      total: view.total,
                    })
                  : t('projects.ganttCount', { count: view.rows.length })}{' '}
                · {t('projects.asOf', { date: view.today })}
                <span className="print-only-inline">
                  {' '}
                  · {t('print.printedOn', { date: new Date().toLocaleDateString('en-CA') })}
                </span>
              </div>
              {view.rows.length > 0 ? (
                <Chart
                  testId="gantt-chart"
                  ariaLabel={t('projects.gantt')}
                  height={ganttHeight(view.rows.length)}
                  option={buildGanttOption(view, lang)}
                />
              ) : null}
              <Table<GanttRow>
                data-testid="gantt-table"
                rowKey="code"
                size="small"
                dataSource={view.rows}
                pagination={
                  view.total > view.limit
                    ? {
                        className: 'no-print',
                        current: pageNumber,
                        pageSize: view.limit,
                        total: view.total,
                        showSizeChanger: false,
                        onChange: (next) => setFilter('page', next > 1 ? String(next) : ''),
                      }
                    : false
                }
                locale={{ emptyText: t('projects.none') }}
                columns={[
                  {
                    title: t('common.name'),
                    render: (_, r) => (
                      <Link to={`/projects/${encodeURIComponent(r.code)}`}>
                        <DataText zh={r.name} />
                      </Link>
                    ),
                  },
                  {
                    title: t('common.unit'),
                    width: 130,
                    render: (_, r) => <DataText zh={r.unit.name} />,
                  },
                  {
                    title: t('projects.stage'),
                    width: 70,
                    render: (_, r) => projectStageLabels[r.stage][lang === 'zh' ? 'zh' : 'en'],
                  },
                  {
                    title: t('projects.baseline'),
                    width: 190,
                    render: (_, r) => showSpan(ganttSpans(r).baseline),
                  },
                  {
                    title: t('projects.current'),
                    width: 190,
                    render: (_, r) => showSpan(ganttSpans(r).current),
                  },
                  {
                    title: t('projects.maxSlip'),
                    width: 90,
                    align: 'right',
                    render: (_, r) => worstSlip(r) ?? '—',
                  },
                  {
                    title: t('projects.light'),
                    width: 80,
                    render: (_, r) => <LightTag light={r.light as Light} />,
                  },
                ]}
              />
            </>
          )}
        </Async>
      </Card>
    </div>
  );
}
