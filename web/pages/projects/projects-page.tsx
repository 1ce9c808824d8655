/** The key-project list (`/projects`): filters by stage, kind, level and text; export as the office's .xlsx. */
import { Button, Card, Input, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import type { DistrictSummary, ProjectView } from '../../../src/contract/project.ts';
import {
  projectKindLabels,
  projectKinds,
  projectLevelLabels,
  projectLevels,
  projectStageLabels,
  projectStages,
} from '../../../src/core/project.ts';
import { downloadFile, getJson } from '../../app/api.ts';
import { useI18n } from '../../app/i18n-context.tsx';
import { useSession } from '../../app/session-context.tsx';
import { hasRole } from '../../app/session.ts';
import { useApi } from '../../app/use-api.ts';
import { DataText } from '../../components/data-text.tsx';
import { Async } from '../../components/page-state.tsx';
import { ProjectFormButton } from './project-forms.tsx';

/** 亿元 with two decimals, or a dash. */
export const toYi = (yuan: number | null): string =>
  yuan === null ? '—' : (yuan / 1e8).toFixed(2);

export default function ProjectsPage() {
  const { t, lang } = useI18n();
  const { user } = useSession();
  const navigate = useNavigate();
  const [stage, setStage] = useState<string>('');
  const [kind, setKind] = useState<string>('');
  const [level, setLevel] = useState<string>('');
  const [text, setText] = useState('');
  const query = new URLSearchParams(
    Object.entries({ stage, kind, level, text }).filter(([, v]) => v !== ''),
  ).toString();
  const state = useApi(
    (signal) => getJson<ProjectView[]>(`/projects${query ? `?${query}` : ''}`, signal),
    [query],
  );
  const summary = useApi((signal) => getJson<DistrictSummary>('/projects/summary', signal), []);
  const label = (l: { zh: string; en: string }) => (lang === 'zh' ? l.zh : l.en);
  const options = <K extends string>(
    keys: readonly K[],
    labels: Readonly<Record<K, { zh: string; en: string }>>,
  ) => [
    { value: '', label: t('projects.all') },
    ...keys.map((k) => ({ value: k, label: label(labels[k]) })),
  ];
  return (
    <div data-page="projects">
      <Async state={summary}>
        {(s) => (
          <Card
            title={`${t('projects.summary')} ${s.year}`}
            style={{ marginBottom: 16 }}
            data-testid="projects-summary"
          >
            <Space size="large" wrap>
              <Statistic title={t('projects.plan')} value={toYi(s.total.planYuan)} />
              <Statistic title={t('projects.actual')} value={toYi(s.total.actualYuan)} />
              <Statistic
                title={t('projects.completion')}
                value={
                  s.total.shareOfPlan === null ? '—' : `${(s.total.shareOfPlan * 100).toFixed(1)}%`
                }
              />
              <Statistic
                title={t('projects.expected')}
                value={`${(s.total.expectedShare * 100).toFixed(1)}%`}
              />
              <Space wrap>
                {s.stageCounts.map((c) => (
                  <Tag key={c.stage}>
                    {projectStages.includes(c.stage as (typeof projectStages)[number])
                      ? label(projectStageLabels[c.stage as (typeof projectStages)[number]])
                      : c.stage}{' '}
                    {c.count}
                  </Tag>
                ))}
              </Space>
              <Typography.Text type={s.blockers.overdue > 0 ? 'danger' : undefined}>
                {t('projects.openBlockers', {
                  active: s.blockers.active,
                  overdue: s.blockers.overdue,
                })}
              </Typography.Text>
            </Space>
          </Card>
        )}
      </Async>
      <Card
        title={
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('projects.list')}
          </Typography.Title>
        }
        extra={
          <Space>
            {hasRole(user, 'planner', 'reporter', 'admin') ? (
              <ProjectFormButton
                onDone={(code) => void navigate(`/projects/${encodeURIComponent(code)}`)}
              />
            ) : null}
            <Button onClick={() => void downloadFile('/projects/export.xlsx', 'projects.xlsx')}>
              {t('projects.export')}
            </Button>
            <Button onClick={() => void downloadFile('/projects/gantt.xlsx', 'gantt.xlsx')}>
              {t('projects.exportGantt')}
            </Button>
            <Link to="/projects/gantt" data-testid="projects-gantt-link">
              {t('projects.gantt')}
            </Link>
            <Link to="/projects/dispatch" data-testid="projects-dispatch-link">
              {t('dispatch.title')}
            </Link>
          </Space>
        }
      >
        <Space wrap style={{ marginBottom: 16 }}>
          <Select
            data-testid="filter-stage"
            style={{ width: 140 }}
            value={stage}
            onChange={setStage}
            options={options(projectStages, projectStageLabels)}
            aria-label={t('projects.stage')}
          />
          <Select
            style={{ width: 140 }}
            value={kind}
            onChange={setKind}
            options={options(projectKinds, projectKindLabels)}
            aria-label={t('projects.kind')}
          />
          <Select
            style={{ width: 140 }}
            value={level}
            onChange={setLevel}
            options={options(projectLevels, projectLevelLabels)}
            aria-label={t('projects.level')}
          />
          <Input.Search
            allowClear
            placeholder={t('projects.search')}
            onSearch={setText}
            style={{ width: 220 }}
          />
        </Space>
        <Async state={state}>
          {(projects) => (
            <Table<ProjectView>
              rowKey="code"
              dataSource={projects}
              size="middle"
              locale={{ emptyText: t('projects.none') }}
              pagination={{ pageSize: 50, hideOnSinglePage: true }}
              columns={[
                { title: t('projects.code'), dataIndex: 'code', width: 130 },
                {
                  title: t('common.name'),
                  render: (_, p) => (
                    <Link to={`/projects/${encodeURIComponent(p.code)}`}>
                      <DataText zh={p.name} />
                    </Link>
                  ),
                },
                {
                  title: t('projects.kind'),
                  width: 100,
                  render: (_, p) => label(projectKindLabels[p.kind]),
                },
                {
                  title: t('projects.stage'),
                  width: 90,
                  render: (_, p) => <Tag>{label(projectStageLabels[p.stage])}</Tag>,
                },
                {
                  title: t('common.unit'),
                  width: 140,
                  render: (_, p) => <DataText zh={p.unit.name} />,
                },
                {
                  title: t('projects.town'),
                  width: 110,
                  render: (_, p) => (p.town ? <DataText zh={p.town.name} /> : '—'),
                },
                {
                  title: t('projects.total'),
                  width: 120,
                  align: 'right',
                  render: (_, p) => toYi(p.totalInvestmentYuan),
                },
              ]}
            />
          )}
        </Async>
      </Card>
    </div>
  );
}
