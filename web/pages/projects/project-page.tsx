/** One key project (`/projects/:code`): its registry entry, this year's investment, milestones and blockers. */
import { Card, Descriptions, Progress, Space, Table, Tag, Typography } from 'antd';
import { useParams } from 'react-router-dom';
import type {
  BlockerView,
  MilestoneView,
  ProjectDetail,
  ProjectInvestmentView,
} from '../../../src/contract/project.ts';
import {
  blockerStateLabels,
  blockerTypeLabels,
  escalationLevelLabels,
} from '../../../src/core/blocker.ts';
import { milestoneLabels, standardMilestones } from '../../../src/core/milestone.ts';
import {
  projectKindLabels,
  projectLevelLabels,
  projectStageLabels,
} from '../../../src/core/project.ts';
import { getJson } from '../../app/api.ts';
import { useI18n } from '../../app/i18n-context.tsx';
import { useSession } from '../../app/session-context.tsx';
import { hasRole } from '../../app/session.ts';
import { useApi } from '../../app/use-api.ts';
import { DataText } from '../../components/data-text.tsx';
import { Async } from '../../components/page-state.tsx';
import {
  BaselineButton,
  BlockerMoves,
  InvestmentEntry,
  MilestoneEditButton,
  ProjectFormButton,
  RaiseBlockerButton,
} from './project-forms.tsx';
import { toYi } from './projects-page.tsx';

const lightColors: Record<string, string> = {
  done: 'blue',
  green: 'green',
  yellow: 'gold',
  red: 'red',
  none: 'default',
};

export default function ProjectPage() {
  const { t, lang } = useI18n();
  const { user } = useSession();
  // Who may try a write here; the server still checks the unit's scope and says no outside it.
  const canWrite = hasRole(user, 'planner', 'reporter', 'admin');
  const rawCode = useParams().code ?? '';
  const code = encodeURIComponent(rawCode);
  const state = useApi(
    async (signal) => {
      const [project, investment, milestones, blockers] = await Promise.all([
        getJson<ProjectDetail>(`/projects/${code}`, signal),
        getJson<ProjectInvestmentView>(`/projects/${code}/investment`, signal),
        getJson<MilestoneView[]>(`/projects/${code}/milestones`, signal),
        getJson<BlockerView[]>(`/projects/${code}/blockers`, signal),
      ]);
      return { project, investment, milestones, blockers };
    },
    [code],
  );
  const label = (l: { zh: string; en: string }) => (lang === 'zh' ? l.zh : l.en);
  return (
    <div data-page="project">
      <Async state={state}>
        {({ project, investment, milestones, blockers }) => {
          const p = investment.progress;
          const reload = state.retry;
          return (
            <Space direction="vertical" size="large" style={{ width: '100%' }}>
              <Card
                title={
                  <Typography.Title level={4} style={{ margin: 0 }}>
                    <DataText zh={project.name} />{' '}
                    <Tag>{label(projectStageLabels[project.stage])}</Tag>
                  </Typography.Title>
                }
                extra={canWrite ? <ProjectFormButton project={project} onDone={reload} /> : null}
              >
                <Descriptions column={{ xs: 1, md: 2, xl: 3 }} size="small">
                  <Descriptions.Item label={t('projects.code')}>{project.code}</Descriptions.Item>
                  <Descriptions.Item label={t('projects.kind')}>
                    {label(projectKindLabels[project.kind])}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('projects.level')}>
                    {label(projectLevelLabels[project.level])}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('common.unit')}>
                    <DataText zh={project.unit.name} />
                  </Descriptions.Item>
                  <Descriptions.Item label={t('projects.town')}>
                    {project.town ? <DataText zh={project.town.name} /> : '—'}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('projects.owner')}>
                    <DataText zh={project.ownerName} />
                  </Descriptions.Item>
                  <Descriptions.Item label={t('projects.leader')}>
                    {project.leader ? <DataText zh={project.leader} /> : '—'}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('projects.total')}>
                    {toYi(project.totalInvestmentYuan)}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('projects.dates')}>
                    {project.startDate ?? '—'} — {project.finishDate ?? '—'}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('projects.content')} span={3}>
                    <DataText zh={project.content} />
                  </Descriptions.Item>
                  <Descriptions.Item label={t('projects.progressNote')} span={3}>
                    {project.progressNote ? <DataText zh={project.progressNote} /> : '—'}
                  </Descriptions.Item>
                </Descriptions>
              </Card>
              <Card
                title={`${t('projects.investment')} ${investment.year}`}
                data-testid="project-investment"
              >
                <Descriptions size="small" column={3}>
                  <Descriptions.Item label={t('projects.plan')}>
                    {toYi(p.annualPlanYuan)}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('projects.actual')}>
                    {toYi(p.actualYuan)}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('projects.expected')}>
                    {(p.expectedShare * 100).toFixed(1)}%
                  </Descriptions.Item>
                </Descriptions>
                {canWrite && (
                  <div style={{ marginBottom: 12 }}>
                    <InvestmentEntry code={rawCode} investment={investment} onDone={reload} />
                  </div>
                )}
                {p.shareOfPlan !== null && (
                  <Progress
                    percent={Math.round(p.shareOfPlan * 1000) / 10}
                    success={{ percent: Math.round(p.expectedShare * 1000) / 10 }}
                  />
                )}
              </Card>
              <Card
                title={t('projects.milestones')}
                data-testid="project-milestones"
                extra={
                  canWrite && milestones.length > 0 ? (
                    <BaselineButton
                      code={rawCode}
                      hasBaseline={milestones.some((m) => m.baselineDate !== null)}
                      onDone={reload}
                    />
                  ) : null
                }
              >
                <Table<MilestoneView>
                  rowKey="node"
                  size="small"
                  pagination={false}
                  dataSource={
                    // A writer sees every standard node, so a node not yet planned can be given dates.
                    canWrite
                      ? standardMilestones.map(
                          (node) =>
                            milestones.find((m) => m.node === node) ?? {
                              node,
                              name: milestoneLabels[node].zh,
                              plannedDate: null,
                              forecastDate: null,
                              actualDate: null,
                              baselineDate: null,
                              slipDays: null,
                              light: 'none',
                            },
                        )
                      : milestones
                  }
                  columns={[
                    {
                      title: t('common.name'),
                      render: (_, m) => (
                        <DataText
                          zh={m.name}
                          en={
                            // A standard node keeps its Chinese name; its English comes from core.
                            m.name === milestoneLabels[m.node].zh
                              ? milestoneLabels[m.node].en
                              : null
                          }
                        />
                      ),
                    },
                    { title: t('projects.baseline'), render: (_, m) => m.baselineDate ?? '—' },
                    { title: t('projects.planned'), render: (_, m) => m.plannedDate ?? '—' },
                    { title: t('projects.forecast'), render: (_, m) => m.forecastDate ?? '—' },
                    { title: t('projects.actualDate'), render: (_, m) => m.actualDate ?? '—' },
                    {
                      title: t('projects.slip'),
                      align: 'right',
                      render: (_, m) => m.slipDays ?? '—',
                    },
                    {
                      title: '',
                      width: 40,
                      render: (_, m) => <Tag color={lightColors[m.light]}>●</Tag>,
                    },
                    ...(canWrite
                      ? [
                          {
                            title: '',
                            width: 70,
                            render: (_: unknown, m: MilestoneView) => (
                              <MilestoneEditButton code={rawCode} milestone={m} onDone={reload} />
                            ),
                          },
                        ]
                      : []),
                  ]}
                />
              </Card>
              <Card
                title={t('projects.blockers')}
                data-testid="project-blockers"
                extra={
                  canWrite ? (
                    <RaiseBlockerButton
                      code={rawCode}
                      unitCode={project.unit.code}
                      onDone={reload}
                    />
                  ) : null
                }
              >
                <Table<BlockerView>
                  rowKey="id"
                  size="small"
                  pagination={false}
                  dataSource={blockers}
                  columns={[
                    {
                      title: t('projects.kind'),
                      width: 90,
                      render: (_, b) => label(blockerTypeLabels[b.type]),
                    },
                    {
                      title: t('common.name'),
                      render: (_, b) => <DataText zh={b.description} />,
                    },
                    {
                      title: t('projects.blockerUnit'),
                      width: 130,
                      render: (_, b) => <DataText zh={b.unit.name} />,
                    },
                    {
                      title: t('projects.due'),
                      width: 110,
                      render: (_, b) => (
                        <span style={b.isOverdue ? { color: '#cf1322' } : undefined}>
                          {b.dueDate}
                        </span>
                      ),
                    },
                    {
                      title: t('projects.stage'),
                      width: 100,
                      render: (_, b) => <Tag>{label(blockerStateLabels[b.state])}</Tag>,
                    },
                    {
                      title: t('projects.escalation'),
                      width: 120,
                      render: (_, b) => label(escalationLevelLabels[b.level]),
                    },
                    { title: t('projects.age'), width: 90, align: 'right', dataIndex: 'ageDays' },
                    ...(canWrite
                      ? [
                          {
                            title: t('projects.actions'),
                            render: (_: unknown, b: BlockerView) => (
                              <BlockerMoves blocker={b} onDone={reload} />
                            ),
                          },
                        ]
                      : []),
                  ]}
                />
              </Card>
            </Space>
          );
        }}
      </Async>
    </div>
  );
}
