/**
 * 旬调度 (`/projects/dispatch?period=202510D2&scope=…`): a dekad's dispatch list for the
 * district, a department or a town — projects behind plan, milestones slipping, blockers
 * overdue or escalated, earlier meetings' open decisions — and the meeting record, whose
 * decisions become follow-up items or blockers. Prints on A4; the whole list exports as .xlsx.
 */
import { App, Button, Card, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import type {
  DecisionView,
  DispatchListView,
  MeetingBody,
} from '../../../src/contract/dispatch.ts';
import type { ProjectView } from '../../../src/contract/project.ts';
import type { UnitView } from '../../../src/contract/registry.ts';
import {
  blockerTypeLabels,
  blockerTypes,
  escalationLevelLabels,
} from '../../../src/core/blocker.ts';
import {
  isPeriodId,
  nextPeriod,
  parsePeriod,
  periodOf,
  previousPeriod,
} from '../../../src/core/period.ts';
import { ApiError, downloadFile, getJson, sendJson } from '../../app/api.ts';
import { formatMeasureUnit } from '../../app/format.ts';
import { useI18n } from '../../app/i18n-context.tsx';
import type { MessageKey } from '../../app/i18n.ts';
import { todayIso } from '../../app/period-choices.ts';
import { useApi } from '../../app/use-api.ts';
import { DataText, dataSlot, fillDataSlot } from '../../components/data-text.tsx';
import { Async } from '../../components/page-state.tsx';

type List = DispatchListView;
const isDekad = (id: string) => /^\d{6}D[1-3]$/.test(id) && isPeriodId(id);
const wan = (yuan: number | null) =>
  yuan === null ? '—' : (yuan / 1e4).toLocaleString('zh-CN', { maximumFractionDigits: 2 });
const pct = (share: number | null) => (share === null ? '—' : `${(share * 100).toFixed(1)}%`);
const statusColor = { open: 'blue', overdue: 'red', done: 'green' } as const;

export default function DispatchPage() {
  const { t, lang } = useI18n();
  // A column header with its unit, 万元 from the units table (format.ts).
  const inWan = (header: string) =>
    lang === 'zh' ? `${header}（万元）` : `${header} (${formatMeasureUnit('万元', lang)})`;
  const [colon, semicolon] = lang === 'zh' ? ['：', '；'] : [': ', '; '];
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const current = periodOf('dekad', todayIso()).id;
  const requested = params.get('period') ?? '';
  const period = isDekad(requested) ? requested : current;
  const scope = params.get('scope') ?? '';
  const [typed, setTyped] = useState(period);
  const query = scope ? `?scopeCode=${encodeURIComponent(scope)}` : '';
  const [reload, setReload] = useState(0);
  const list = useApi(
    (signal) => getJson<List>(`/dispatch/${period}${query}`, signal),
    [period, query, reload],
  );
  const units = useApi((signal) => getJson<UnitView[]>('/units', signal), []);
  const projects = useApi((signal) => getJson<ProjectView[]>('/projects', signal), []);
  const unitOptions = (units.status === 'ok' ? units.data : []).map((u) => ({
    value: u.code,
    label: lang === 'zh' ? u.name : u.nameEn || u.name,
  }));
  const go = (next: Record<string, string>) => {
    const merged = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next))
      if (v) merged.set(k, v);
      else merged.delete(k);
    setParams(merged, { replace: true });
  };
  const goPeriod = (id: string) => {
    setTyped(id);
    go({ period: id });
  };
  const refresh = () => setReload((n) => n + 1);
  const errorText = (e: unknown) =>
    e instanceof ApiError ? (lang === 'zh' ? e.message : e.messageEn) : String(e);

  const decisionColumns = (withFrom: boolean) => [
    ...(withFrom
      ? [
          {
            title: t('dispatch.fromDekad'),
            width: 100,
            render: (_: unknown, d: DecisionView) => d.periodId,
          },
        ]
      : []),
    { title: '#', width: 40, render: (_: unknown, d: DecisionView) => d.seq },
    {
      title: t('dispatch.decisionText'),
      render: (_: unknown, d: DecisionView) => (
        <>
          <DataText zh={d.text} />
          {d.project ? (
            <>
              {' '}
              <Link to={`/projects/${encodeURIComponent(d.project.code)}`}>{d.project.code}</Link>
            </>
          ) : null}
        </>
      ),
    },
    {
      title: t('dispatch.kind'),
      width: 110,
      render: (_: unknown, d: DecisionView) => t(`dispatch.kind.${d.kind}` as MessageKey),
    },
    {
      title: t('dispatch.owner'),
      width: 140,
      render: (_: unknown, d: DecisionView) => <DataText zh={d.unit.name} />,
    },
    {
      title: t('dispatch.deadline'),
      width: 100,
      render: (_: unknown, d: DecisionView) => d.deadline,
    },
    {
      title: t('dispatch.status'),
      width: 80,
      render: (_: unknown, d: DecisionView) => (
        <Tag color={statusColor[d.status]} data-testid={`decision-status-${d.seq}`}>
          {t(`dispatch.status.${d.status}` as MessageKey)}
        </Tag>
      ),
    },
    { title: t('dispatch.note'), render: (_: unknown, d: DecisionView) => d.note },
    {
      title: t('projects.actions'),
      width: 100,
      className: 'no-print',
      render: (_: unknown, d: DecisionView) =>
        d.kind === 'follow-up' ? (
          <ItemStateButton item={d} onDone={refresh} errorText={errorText} />
        ) : d.project ? (
          <Link to={`/projects/${encodeURIComponent(d.project.code)}`}>{t('common.detail')}</Link>
        ) : null,
    },
  ];

  return (
    <div data-page="dispatch">
      <Card
        title={
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('menu.projects')} · {t('dispatch.title')}
          </Typography.Title>
        }
        extra={
          <Space className="no-print">
            <Link to="/projects">{t('projects.list')}</Link>
            <Button
              data-testid="dispatch-export"
              onClick={() =>
                void downloadFile(
                  `/dispatch/${period}/export.xlsx${query}`,
                  `dispatch-${period}.xlsx`,
                ).catch((e: unknown) => void message.error(errorText(e)))
              }
            >
              {t('dispatch.export')}
            </Button>
            <Button onClick={() => window.print()}>{t('common.print')}</Button>
          </Space>
        }
      >
        <Space wrap style={{ marginBottom: 12 }} className="no-print">
          <Button onClick={() => goPeriod(previousPeriod(parsePeriod(period)).id)}>
            {t('dispatch.previous')}
          </Button>
          <Input
            data-testid="dispatch-period"
            style={{ width: 140 }}
            value={typed}
            aria-label={t('dispatch.dekad')}
            placeholder={t('dispatch.dekadHint')}
            status={isDekad(typed) ? undefined : 'error'}
            onChange={(e) => setTyped(e.target.value.trim())}
            onPressEnter={() =>
              isDekad(typed) ? goPeriod(typed) : void message.warning(t('dispatch.badDekad'))
            }
          />
          <Button onClick={() => goPeriod(nextPeriod(parsePeriod(period)).id)}>
            {t('dispatch.next')}
          </Button>
          <Button onClick={() => goPeriod(current)}>{t('dispatch.current')}</Button>
          <Select
            data-testid="dispatch-scope"
            style={{ width: 220 }}
            showSearch
            optionFilterProp="label"
            value={scope}
            aria-label={t('dispatch.scope')}
            onChange={(v) => go({ scope: v })}
            options={[{ value: '', label: t('projects.all') }, ...unitOptions]}
          />
        </Space>
        <Async state={list}>
          {(view) => (
            <>
              <div className="print-filters" data-testid="dispatch-caption">
                {fillDataSlot(
                  t('dispatch.caption', {
                    scope: dataSlot,
                    dekad: lang === 'zh' ? view.label.zh : view.label.en,
                    date: view.asOf,
                  }),
                  { zh: view.scope.name },
                )}
                <span className="print-only-inline">
                  {' '}
                  · {t('print.printedOn', { date: new Date().toLocaleDateString('en-CA') })}
                </span>
              </div>
              <Typography.Title level={5}>
                {t('dispatch.behindPlan', { gap: view.gapPoints })}
              </Typography.Title>
              <Table
                data-testid="dispatch-behind"
                rowKey="code"
                size="small"
                pagination={false}
                dataSource={view.behindPlan}
                locale={{ emptyText: t('dispatch.none') }}
                columns={[
                  {
                    title: t('common.name'),
                    render: (_, p) => (
                      <Link to={`/projects/${encodeURIComponent(p.code)}`}>
                        <DataText zh={p.name} />
                      </Link>
                    ),
                  },
                  {
                    title: t('common.unit'),
                    width: 140,
                    render: (_, p) => <DataText zh={p.unit.name} />,
                  },
                  {
                    title: t('projects.town'),
                    width: 100,
                    render: (_, p) => (p.townName ? <DataText zh={p.townName} /> : '—'),
                  },
                  {
                    title: inWan(t('projects.plan')),
                    width: 110,
                    align: 'right',
                    render: (_, p) => wan(p.annualPlanYuan),
                  },
                  {
                    title: inWan(t('projects.actual')),
                    width: 110,
                    align: 'right',
                    render: (_, p) => wan(p.actualYuan),
                  },
                  {
                    title: t('projects.completion'),
                    width: 90,
                    align: 'right',
                    render: (_, p) => pct(p.shareOfPlan),
                  },
                  {
                    title: t('projects.expected'),
                    width: 90,
                    align: 'right',
                    render: (_, p) => pct(p.expectedShare),
                  },
                  {
                    title: t('dispatch.gapPoints'),
                    width: 90,
                    align: 'right',
                    render: (_, p) => (-p.gapPoints).toFixed(1),
                  },
                ]}
              />
              <Typography.Title level={5} style={{ marginTop: 16 }}>
                {t('dispatch.slipping')}
              </Typography.Title>
              <Table
                data-testid="dispatch-slipping"
                rowKey={(m) => `${m.projectCode}/${m.node}`}
                size="small"
                pagination={false}
                dataSource={view.slippingMilestones}
                locale={{ emptyText: t('dispatch.none') }}
                columns={[
                  {
                    title: t('common.name'),
                    render: (_, m) => (
                      <Link to={`/projects/${encodeURIComponent(m.projectCode)}`}>
                        <DataText zh={m.projectName} />
                      </Link>
                    ),
                  },
                  {
                    title: t('projects.milestones'),
                    width: 100,
                    render: (_, m) => <DataText zh={m.name} />,
                  },
                  {
                    title: t('projects.baseline'),
                    width: 100,
                    render: (_, m) => m.baselineDate ?? '—',
                  },
                  {
                    title: t('projects.planned'),
                    width: 100,
                    render: (_, m) => m.plannedDate ?? '—',
                  },
                  {
                    title: t('projects.forecast'),
                    width: 100,
                    render: (_, m) => m.forecastDate ?? '—',
                  },
                  {
                    title: t('projects.actualDate'),
                    width: 100,
                    render: (_, m) => m.actualDate ?? '—',
                  },
                  {
                    title: t('dispatch.reason'),
                    width: 100,
                    render: (_, m) => t(`dispatch.reason.${m.reason}` as MessageKey),
                  },
                  {
                    title: t('projects.slip'),
                    width: 80,
                    align: 'right',
                    render: (_, m) => m.slipDays,
                  },
                ]}
              />
              <Typography.Title level={5} style={{ marginTop: 16 }}>
                {t('dispatch.blockers')}
              </Typography.Title>
              <Table
                data-testid="dispatch-blockers"
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={view.blockers}
                locale={{ emptyText: t('dispatch.none') }}
                columns={[
                  {
                    title: t('common.name'),
                    width: 200,
                    render: (_, b) => (
                      <Link to={`/projects/${encodeURIComponent(b.projectCode)}`}>
                        <DataText zh={b.projectName} />
                      </Link>
                    ),
                  },
                  {
                    title: t('projects.blockerText'),
                    render: (_, b) => <DataText zh={b.description} />,
                  },
                  {
                    title: t('projects.blockerUnit'),
                    width: 140,
                    render: (_, b) => <DataText zh={b.unit.name} />,
                  },
                  { title: t('projects.due'), width: 100, render: (_, b) => b.dueDate },
                  {
                    title: t('dispatch.overdueDays'),
                    width: 80,
                    align: 'right',
                    render: (_, b) => b.overdueDays,
                  },
                  {
                    title: t('projects.escalation'),
                    width: 120,
                    render: (_, b) => escalationLevelLabels[b.level][lang === 'zh' ? 'zh' : 'en'],
                  },
                ]}
              />
              <Typography.Title level={5} style={{ marginTop: 16 }}>
                {t('dispatch.carried')}
              </Typography.Title>
              <Table<DecisionView>
                data-testid="dispatch-carried"
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={view.carried}
                locale={{ emptyText: t('dispatch.none') }}
                columns={decisionColumns(true)}
              />
              <Typography.Title level={5} style={{ marginTop: 16 }}>
                {t('dispatch.meeting')}
              </Typography.Title>
              {view.meeting ? (
                <div data-testid="dispatch-meeting">
                  <Typography.Paragraph>
                    {t('dispatch.heldOn')}
                    {colon}
                    {view.meeting.heldOn}
                    {semicolon}
                    {t('dispatch.chair')}
                    {colon}
                    <DataText zh={view.meeting.chair} />
                    {semicolon}
                    {t('dispatch.attendees')}
                    {colon}
                    {view.meeting.attendees ? <DataText zh={view.meeting.attendees} /> : '—'}
                  </Typography.Paragraph>
                  {view.meeting.summary ? (
                    <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>
                      <DataText zh={view.meeting.summary} />
                    </Typography.Paragraph>
                  ) : null}
                  <Table<DecisionView>
                    data-testid="dispatch-decisions"
                    rowKey="id"
                    size="small"
                    pagination={false}
                    dataSource={view.meeting.decisions}
                    locale={{ emptyText: t('dispatch.none') }}
                    columns={decisionColumns(false)}
                  />
                </div>
              ) : (
                <Typography.Paragraph type="secondary">
                  {t('dispatch.noMeeting')}
                </Typography.Paragraph>
              )}
              <MeetingForm
                period={period}
                list={view}
                unitOptions={unitOptions}
                projectOptions={(projects.status === 'ok' ? projects.data : []).map((p) => ({
                  value: p.code,
                  label: `${p.code} ${p.name}`,
                }))}
                onDone={refresh}
                errorText={errorText}
              />
            </>
          )}
        </Async>
      </Card>
    </div>
  );
}

type Option = { value: string; label: string };
type MeetingForm = Omit<MeetingBody, 'version' | 'scopeCode'>;

/** 录入调度会纪要: the record and its decisions (each a follow-up item or a blocker on a project). */
function MeetingForm({
  period,
  list,
  unitOptions,
  projectOptions,
  onDone,
  errorText,
}: {
  period: string;
  list: List;
  unitOptions: Option[];
  projectOptions: Option[];
  onDone: () => void;
  errorText: (e: unknown) => string;
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<MeetingForm>();
  const meeting = list.meeting;
  const submit = async () => {
    const values = await form.validateFields();
    setBusy(true);
    try {
      await sendJson('POST', `/dispatch/${period}/meeting`, {
        ...values,
        scopeCode: list.scope.code,
        version: meeting?.version ?? 0,
        decisions: values.decisions ?? [],
      });
      void message.success(t('projects.saved'));
      setOpen(false);
      form.resetFields();
      onDone();
    } catch (e) {
      void message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const initial: Partial<MeetingForm> = meeting
    ? {
        heldOn: meeting.heldOn,
        chair: meeting.chair,
        attendees: meeting.attendees,
        summary: meeting.summary,
        decisions: [],
      }
    : { heldOn: todayIso(), decisions: [] };
  return (
    <>
      <Button
        type="primary"
        className="no-print"
        data-testid="dispatch-record"
        onClick={() => setOpen(true)}
      >
        {meeting ? t('dispatch.editRecord') : t('dispatch.record')}
      </Button>
      <Modal
        open={open}
        width={820}
        title={`${t('dispatch.record')} · ${lang === 'zh' ? list.label.zh : list.label.en} · ${list.scope.name}`}
        onCancel={() => setOpen(false)}
        onOk={() => void submit()}
        confirmLoading={busy}
        okButtonProps={{ 'data-testid': 'dispatch-record-ok' }}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" initialValues={initial}>
          <Space wrap>
            <Form.Item
              name="heldOn"
              label={t('dispatch.heldOn')}
              rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/ }]}
            >
              <Input
                data-testid="meeting-held-on"
                placeholder="2025-10-11"
                style={{ width: 140 }}
              />
            </Form.Item>
            <Form.Item
              name="chair"
              label={t('dispatch.chair')}
              rules={[{ required: true, whitespace: true, max: 100 }]}
            >
              <Input data-testid="meeting-chair" style={{ width: 200 }} maxLength={100} />
            </Form.Item>
          </Space>
          <Form.Item name="attendees" label={t('dispatch.attendees')} rules={[{ max: 2000 }]}>
            <Input.TextArea data-testid="meeting-attendees" rows={2} maxLength={2000} />
          </Form.Item>
          <Form.Item name="summary" label={t('dispatch.summary')} rules={[{ max: 4000 }]}>
            <Input.TextArea rows={2} maxLength={4000} />
          </Form.Item>
          <Typography.Text strong>{t('dispatch.decisions')}</Typography.Text>
          <Form.List name="decisions">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field) => (
                  <Card
                    key={field.key}
                    size="small"
                    style={{ marginTop: 8 }}
                    data-testid={`decision-${field.name}`}
                    extra={
                      <Button size="small" onClick={() => remove(field.name)}>
                        ×
                      </Button>
                    }
                  >
                    <Form.Item
                      name={[field.name, 'text']}
                      label={t('dispatch.decisionText')}
                      rules={[{ required: true, whitespace: true, max: 1000 }]}
                    >
                      <Input.TextArea
                        data-testid={`decision-text-${field.name}`}
                        rows={2}
                        maxLength={1000}
                      />
                    </Form.Item>
                    <Space wrap align="start">
                      <Form.Item
                        name={[field.name, 'kind']}
                        label={t('dispatch.kind')}
                        rules={[{ required: true }]}
                      >
                        <Select
                          data-testid={`decision-kind-${field.name}`}
                          style={{ width: 150 }}
                          options={(['follow-up', 'blocker'] as const).map((k) => ({
                            value: k,
                            label: t(`dispatch.kind.${k}` as MessageKey),
                          }))}
                        />
                      </Form.Item>
                      <Form.Item
                        name={[field.name, 'unitCode']}
                        label={t('dispatch.owner')}
                        rules={[{ required: true }]}
                      >
                        <Select
                          data-testid={`decision-unit-${field.name}`}
                          style={{ width: 200 }}
                          showSearch
                          optionFilterProp="label"
                          options={unitOptions}
                        />
                      </Form.Item>
                      <Form.Item
                        name={[field.name, 'deadline']}
                        label={t('dispatch.deadline')}
                        rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/ }]}
                      >
                        <Input
                          data-testid={`decision-deadline-${field.name}`}
                          placeholder="2025-10-20"
                          style={{ width: 130 }}
                        />
                      </Form.Item>
                    </Space>
                    <Form.Item noStyle dependencies={[['decisions', field.name, 'kind']]}>
                      {() =>
                        form.getFieldValue(['decisions', field.name, 'kind']) === 'blocker' ? (
                          <Space wrap align="start">
                            <Form.Item
                              name={[field.name, 'projectCode']}
                              label={t('dispatch.project')}
                              rules={[{ required: true }]}
                            >
                              <Select
                                data-testid={`decision-project-${field.name}`}
                                style={{ width: 300 }}
                                showSearch
                                optionFilterProp="label"
                                options={projectOptions}
                              />
                            </Form.Item>
                            <Form.Item
                              name={[field.name, 'blockerType']}
                              label={t('dispatch.blockerType')}
                              rules={[{ required: true }]}
                            >
                              <Select
                                data-testid={`decision-blocker-type-${field.name}`}
                                style={{ width: 150 }}
                                options={blockerTypes.map((b) => ({
                                  value: b,
                                  label: blockerTypeLabels[b][lang === 'zh' ? 'zh' : 'en'],
                                }))}
                              />
                            </Form.Item>
                          </Space>
                        ) : null
                      }
                    </Form.Item>
                  </Card>
                ))}
                <Button
                  style={{ marginTop: 8 }}
                  data-testid="decision-add"
                  onClick={() => add({ kind: 'follow-up', blockerType: 'other' })}
                >
                  {t('dispatch.addDecision')}
                </Button>
              </>
            )}
          </Form.List>
        </Form>
      </Modal>
    </>
  );
}

/** 办结 or 重新打开 a follow-up item, with a note. */
function ItemStateButton({
  item,
  onDone,
  errorText,
}: {
  item: DecisionView;
  onDone: () => void;
  errorText: (e: unknown) => string;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const to = item.state === 'done' ? 'open' : 'done';
  const submit = async () => {
    try {
      await sendJson('POST', `/dispatch/items/${item.id}/state`, {
        state: to,
        note,
        version: item.version,
      });
      void message.success(t('projects.saved'));
      setOpen(false);
      onDone();
    } catch (e) {
      void message.error(errorText(e));
    }
  };
  return (
    <>
      <Button size="small" data-testid={`item-state-${item.seq}`} onClick={() => setOpen(true)}>
        {to === 'done' ? t('dispatch.markDone') : t('dispatch.reopen')}
      </Button>
      <Modal
        open={open}
        title={to === 'done' ? t('dispatch.markDone') : t('dispatch.reopen')}
        onCancel={() => setOpen(false)}
        onOk={() => void submit()}
        okButtonProps={{ disabled: note.trim() === '', 'data-testid': 'item-state-ok' }}
        destroyOnHidden
      >
        <Input.TextArea
          data-testid="item-state-note"
          rows={3}
          maxLength={2000}
          value={note}
          placeholder={to === 'done' ? t('dispatch.note') : t('projects.reason')}
          onChange={(e) => setNote(e.target.value)}
        />
      </Modal>
    </>
  );
}
