/** Review (审核): a reviewer approves or returns the values units submitted for a period, and reopens approved ones. */
import { CheckOutlined, RollbackOutlined, UnlockOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Tooltip,
  Typography,
  type TableColumnType,
} from 'antd';
import { useState, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import type { ApiError } from '../../app/api.ts';
import { api, isForbidden, type ReviewQueueItem, type StatusCell } from '../../app/api.ts';
import { formatNumber, formatPeriod, formatTimestamp } from '../../app/format.ts';
import { useI18n } from '../../app/i18n-context.tsx';
import { screenOnly, usePrintMode } from '../../app/use-print-mode.ts';
import { RequireSession, useSession } from '../../app/session-context.tsx';
import { canReviewData, unitsInScope } from '../../app/session.ts';
import { useApi } from '../../app/use-api.ts';
import { usePeriodParam } from '../../app/use-period-param.ts';
import {
  Async,
  ForbiddenNotice,
  NoData,
  NoRoleNotice,
  useErrorMessage,
} from '../../components/page-state.tsx';
import { StateTag } from '../../components/state-tag.tsx';
import {
  codesInState,
  groupReviewSets,
  setsForTab,
  type ReviewSet,
  type ReviewTab,
} from './review-sets.ts';

/** What a return or reopen acts on: one indicator of a set, or the set's values in a state. */
interface ActionTarget {
  readonly unitCode: string;
  readonly unitName: string;
  readonly period: string;
  readonly codes: readonly string[];
  /** The indicator's name when one row is acted on. */
  readonly indicatorName?: string;
}
type Action = { kind: 'return' | 'reopen'; target: ActionTarget };

/** What a reviewer reads beside a value (issue 11 item 3): unit, last year, change, comment, flag. */
type Compared = Pick<
  StatusCell,
  | 'measureUnit'
  | 'decimals'
  | 'lastYearValue'
  | 'yoyChangePct'
  | 'comment'
  | 'implausible'
  | 'implausibleEn'
>;

/**
 * The columns the set's values, the queue and the board share: what a value is compared
 * with, when it was submitted, and the row's actions (on screen only, not on paper).
 */
function useReviewColumns() {
  const { t, lang } = useI18n();
  const isPrinting = usePrintMode();
  const compared = [
    {
      title: t('workday.col.measureUnit'),
      key: 'measureUnit',
      width: 80,
      render: (_: unknown, c: Compared) => c.measureUnit,
    },
    {
      title: t('workday.col.lastYear'),
      key: 'lastYear',
      align: 'right' as const,
      width: 110,
      render: (_: unknown, c: Compared) => formatNumber(c.lastYearValue, c.decimals),
    },
    {
      title: t('workday.col.yoy'),
      key: 'yoy',
      align: 'right' as const,
      width: 90,
      render: (_: unknown, c: Compared) =>
        c.yoyChangePct === null
          ? '—'
          : `${c.yoyChangePct > 0 ? '+' : ''}${formatNumber(c.yoyChangePct, 1)}%`,
    },
    {
      title: t('workday.col.comment'),
      key: 'comment',
      render: (_: unknown, c: Compared) => (
        <span data-testid="review-comment">{c.comment || '—'}</span>
      ),
    },
    {
      title: t('workday.col.flag'),
      key: 'flag',
      width: 100,
      render: (_: unknown, c: Compared) =>
        c.implausible ? (
          <Tooltip title={lang === 'en' ? c.implausibleEn : c.implausible}>
            <Tag color="red" data-testid="review-implausible">
              {t('workday.flag.implausible')}
            </Tag>
          </Tooltip>
        ) : null,
    },
  ];
  return {
    compared,
    submittedAt: <T,>(at: (row: T) => string | null, width = 150): TableColumnType<T> => ({
      title: t('review.col.submittedAt'),
      key: 'submittedAt',
      width,
      responsive: screenOnly(isPrinting, 'lg'),
      render: (_, row) => formatTimestamp(at(row)),
    }),
    actions: <T,>(width: number, render: (row: T) => ReactNode): TableColumnType<T>[] =>
      isPrinting
        ? []
        : [
            {
              title: t('review.col.actions'),
              key: 'actions',
              width,
              render: (_, row) => render(row),
            },
          ],
  };
}

interface RowActions {
  readonly approve: (target: ActionTarget, key: string) => void;
  readonly ask: (action: Action) => void;
  readonly busy: string | null;
}

const setTestIds = { approve: 'review-approve-one', return: 'review-return-one' } as const;
const queueTestIds = { approve: 'queue-approve', return: 'queue-return' } as const;

/** Approve one row after a confirmation, or return it with a reason: in a set and in the queue. */
function RowReviewButtons({
  target,
  actions,
  testIds,
}: {
  target: ActionTarget;
  actions: RowActions;
  testIds: { readonly approve: string; readonly return: string };
}) {
  const { t, lang } = useI18n();
  const indicatorCode = target.codes[0] ?? '';
  const key = `approve-${target.unitCode}-${target.period}-${indicatorCode}`;
  return (
    <Space size={4}>
      <Popconfirm
        title={t('workday.approveOne.confirm', {
          indicator: target.indicatorName ?? indicatorCode,
          unit: target.unitName,
          period: formatPeriod(target.period, lang),
        })}
        onConfirm={() => actions.approve(target, key)}
      >
        <Button
          size="small"
          type="link"
          loading={actions.busy === key}
          data-testid={testIds.approve}
          data-indicator={indicatorCode}
        >
          {t('review.approve')}
        </Button>
      </Popconfirm>
      <Button
        size="small"
        type="link"
        danger
        onClick={() => actions.ask({ kind: 'return', target })}
        data-testid={testIds.return}
        data-indicator={indicatorCode}
      >
        {t('review.return')}
      </Button>
    </Space>
  );
}

function SetValues({ set, tab, actions }: { set: ReviewSet; tab: ReviewTab; actions: RowActions }) {
  const { t } = useI18n();
  const isPrinting = usePrintMode();
  const columns = useReviewColumns();
  const one = (c: StatusCell): ActionTarget => ({
    unitCode: set.unitCode,
    unitName: set.unitName,
    period: set.period,
    codes: [c.indicatorCode],
    indicatorName: c.indicatorName,
  });
  return (
    <Table<StatusCell>
      size="small"
      rowKey="indicatorCode"
      dataSource={set.cells.filter((c) => c.state === tab)}
      pagination={false}
      scroll={{ x: true }}
      data-testid="review-values"
      columns={[
        { title: t('entry.col.indicator'), dataIndex: 'indicatorName' },
        {
          title: t('common.code'),
          dataIndex: 'indicatorCode',
          width: 160,
          responsive: screenOnly(isPrinting, 'xl'),
        },
        {
          title: t('common.value'),
          key: 'value',
          align: 'right',
          width: 120,
          render: (_, c) => (
            <span data-testid="review-value">{formatNumber(c.value, c.decimals)}</span>
          ),
        },
        ...columns.compared,
        {
          title: t('common.state'),
          key: 'state',
          width: 110,
          render: (_, c) => <StateTag state={c.state} reason={c.reviewReason || undefined} />,
        },
        columns.submittedAt<StatusCell>((c) => c.submittedAt ?? c.updatedAt),
        ...columns.actions<StatusCell>(170, (c) =>
          tab === 'submitted' ? (
            <RowReviewButtons target={one(c)} actions={actions} testIds={setTestIds} />
          ) : tab === 'approved' ? (
            <Button
              size="small"
              type="link"
              onClick={() => actions.ask({ kind: 'reopen', target: one(c) })}
              data-testid="review-reopen-one"
              data-indicator={c.indicatorCode}
            >
              {t('review.reopen')}
            </Button>
          ) : null,
        ),
      ]}
    />
  );
}

/** Approve at once, return or reopen after a reason: the calls, their busy key and the reason dialog. */
function useReviewActions(onDone: () => void) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorMessage = useErrorMessage();
  const [action, setAction] = useState<Action | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<ApiError | null>(null);
  const run = async (key: string, call: () => Promise<unknown>, done: string) => {
    setBusy(key);
    setRefusal(null);
    try {
      await call();
      void message.success(done);
      setAction(null);
      setReason('');
      onDone();
    } catch (error) {
      if (isForbidden(error)) setRefusal(error);
      void message.error(errorMessage(error));
    } finally {
      setBusy(null);
    }
  };
  const approve = (target: ActionTarget, key: string) =>
    void run(
      key,
      () =>
        api.review({
          unit: target.unitCode,
          period: target.period,
          indicatorCodes: [...target.codes],
          decision: 'approve',
        }),
      t('review.approved', { unit: target.indicatorName ?? target.unitName }),
    );
  const confirm = () => {
    if (!action) return;
    const { target, kind } = action;
    const text = reason.trim();
    if (!text) return;
    void run(
      `${kind}-${target.unitCode}`,
      () =>
        kind === 'return'
          ? api.review({
              unit: target.unitCode,
              period: target.period,
              indicatorCodes: [...target.codes],
              decision: 'return',
              reason: text,
            })
          : api.reopen({
              unit: target.unitCode,
              period: target.period,
              indicatorCodes: [...target.codes],
              reason: text,
            }),
      t(kind === 'return' ? 'review.returnedDone' : 'review.reopened', {
        unit: target.indicatorName ?? target.unitName,
      }),
    );
  };
  const dialog = (
    <Modal
      open={action !== null}
      title={
        action
          ? action.target.indicatorName
            ? t(action.kind === 'return' ? 'workday.returnOne.title' : 'workday.reopenOne.title', {
                indicator: action.target.indicatorName,
              })
            : t(action.kind === 'return' ? 'review.returnTitle' : 'review.reopenTitle', {
                unit: action.target.unitName,
              })
          : ''
      }
      okText={action?.kind === 'return' ? t('review.return') : t('review.reopen')}
      okButtonProps={{
        disabled: reason.trim() === '',
        danger: action?.kind === 'return',
        loading: busy !== null,
        'data-testid': 'review-confirm',
      }}
      onOk={confirm}
      onCancel={() => {
        setAction(null);
        setReason('');
      }}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('review.reasonNeeded')}</Typography.Paragraph>
      <Input.TextArea
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        autoSize={{ minRows: 3 }}
        maxLength={1000}
        data-testid="review-reason"
      />
    </Modal>
  );
  return { approve, ask: setAction, busy, refusal, dialog };
}

/** Every submitted value waiting, across periods and units: the reviewer's landing list. */
function ReviewQueue({ refreshKey, onChanged }: { refreshKey: number; onChanged: () => void }) {
  const { t, lang } = useI18n();
  const columns = useReviewColumns();
  const state = useApi((signal) => api.reviewQueue(signal), [refreshKey]);
  const actions = useReviewActions(onChanged);
  const one = (i: ReviewQueueItem): ActionTarget => ({
    unitCode: i.unitCode,
    unitName: i.unitName,
    period: i.periodId,
    codes: [i.indicatorCode],
    indicatorName: i.indicatorName,
  });
  return (
    <Card size="small" title={t('workday.queue.title')} style={{ marginBottom: 16 }}>
      <Async state={state} rows={4}>
        {(queue) => (
          <>
            {actions.refusal ? <ForbiddenNotice error={actions.refusal} /> : null}
            <Typography.Paragraph data-testid="review-queue-summary">
              {t('workday.queue.summary', {
                count: queue.items.length,
                sets: queue.sets,
                flagged: queue.implausible,
              })}
            </Typography.Paragraph>
            <Table<ReviewQueueItem>
              size="small"
              rowKey={(i) => `${i.unitCode}:${i.periodId}:${i.indicatorCode}`}
              dataSource={queue.items}
              pagination={queue.items.length > 20 ? { pageSize: 20, size: 'small' } : false}
              scroll={{ x: true }}
              data-testid="review-queue"
              locale={{ emptyText: <NoData title={t('workday.queue.empty')} /> }}
              columns={[
                { title: t('common.unit'), dataIndex: 'unitName', width: 120 },
                {
                  title: t('common.period'),
                  key: 'period',
                  width: 110,
                  render: (_, i) => (
                    <Link to={`/review?period=${i.periodId}`} data-testid="review-queue-period">
                      {formatPeriod(i.periodId, lang)}
                    </Link>
                  ),
                },
                { title: t('entry.col.indicator'), dataIndex: 'indicatorName' },
                {
                  title: t('common.value'),
                  key: 'value',
                  align: 'right',
                  width: 120,
                  render: (_, i) => formatNumber(i.value, i.decimals),
                },
                ...columns.compared,
                columns.submittedAt<ReviewQueueItem>((i) => i.submittedAt),
                ...columns.actions<ReviewQueueItem>(150, (i) => (
                  <RowReviewButtons target={one(i)} actions={actions} testIds={queueTestIds} />
                )),
              ]}
            />
            {actions.dialog}
          </>
        )}
      </Async>
    </Card>
  );
}

function ReviewBoard({
  period,
  refreshKey,
  onChanged,
}: {
  period: string;
  refreshKey: number;
  onChanged: () => void;
}) {
  const { t, lang } = useI18n();
  const columns = useReviewColumns();
  const { user } = useSession();
  const [tab, setTab] = useState<ReviewTab>('submitted');
  const state = useApi(
    async (signal) => {
      const [units, status] = await Promise.all([api.units(), api.status(period, null, signal)]);
      return { units, status };
    },
    [period, refreshKey],
  );
  const actions = useReviewActions(onChanged);
  const { busy, refusal } = actions;
  const whole = (set: ReviewSet, state: StatusCell['state']): ActionTarget => ({
    unitCode: set.unitCode,
    unitName: set.unitName,
    period: set.period,
    codes: codesInState(set, state),
  });

  return (
    <Async state={state} rows={8}>
      {({ units, status }) => {
        const scope = new Set(unitsInScope(units, user).map((u) => u.code));
        const sets = groupReviewSets(period, status.cells, scope);
        const tabs: ReviewTab[] = ['submitted', 'approved', 'returned'];
        const shown = setsForTab(sets, tab);
        return (
          <Card size="small">
            {refusal ? (
              <div style={{ marginBottom: 12 }}>
                <ForbiddenNotice error={refusal} />
              </div>
            ) : null}
            <div className="print-only print-filters" data-testid="print-filters">
              {t('print.period', { period: formatPeriod(period, lang) })} ·{' '}
              {t('print.filters', { filters: t(`review.tab.${tab}`) })} ·{' '}
              {t('print.printedOn', { date: new Date().toLocaleDateString('en-CA') })}
            </div>
            <Tabs
              className="no-print"
              activeKey={tab}
              onChange={(k) => setTab(k as ReviewTab)}
              items={tabs.map((k) => ({
                key: k,
                label: (
                  <span data-testid={`review-tab-${k}`}>
                    {t(`review.tab.${k}`)} ({setsForTab(sets, k).length})
                  </span>
                ),
              }))}
            />
            <Table<ReviewSet>
              size="small"
              rowKey="unitCode"
              dataSource={shown}
              pagination={shown.length > 20 ? { pageSize: 20, size: 'small' } : false}
              data-testid="review-sets"
              locale={{ emptyText: <NoData title={t(`review.empty.${tab}`)} /> }}
              expandable={{
                expandedRowRender: (set) => <SetValues set={set} tab={tab} actions={actions} />,
                defaultExpandAllRows: shown.length <= 3,
              }}
              columns={[
                {
                  title: t('common.unit'),
                  key: 'unit',
                  render: (_, s) => (
                    <Link
                      to={`/entry?unit=${s.unitCode}&period=${s.period}`}
                      data-unit={s.unitCode}
                    >
                      {s.unitName}
                    </Link>
                  ),
                },
                {
                  title: t('common.period'),
                  key: 'period',
                  width: 110,
                  render: (_, s) => formatPeriod(s.period, lang),
                },
                {
                  title: t('review.col.values'),
                  key: 'count',
                  width: 240,
                  render: (_, s) => (
                    <Space size={6} wrap>
                      {(['submitted', 'approved', 'returned', 'draft', 'missing'] as const).map(
                        (k) =>
                          s.counts[k] > 0 ? (
                            <span key={k}>
                              <StateTag state={k} /> {s.counts[k]}
                            </span>
                          ) : null,
                      )}
                    </Space>
                  ),
                },
                columns.submittedAt<ReviewSet>((s) => s.submittedAt, 160),
                ...columns.actions<ReviewSet>(220, (s) =>
                  tab === 'submitted' ? (
                    <Space>
                      <Popconfirm
                        title={t('workday.approveSet.confirm', {
                          unit: s.unitName,
                          count: s.counts.submitted,
                        })}
                        onConfirm={() =>
                          actions.approve(whole(s, 'submitted'), `approve-${s.unitCode}`)
                        }
                      >
                        <Button
                          type="primary"
                          size="small"
                          icon={<CheckOutlined />}
                          loading={busy === `approve-${s.unitCode}`}
                          data-testid="review-approve"
                          data-unit={s.unitCode}
                        >
                          {t('review.approve')}
                        </Button>
                      </Popconfirm>
                      <Button
                        size="small"
                        danger
                        icon={<RollbackOutlined />}
                        onClick={() =>
                          actions.ask({ kind: 'return', target: whole(s, 'submitted') })
                        }
                        data-testid="review-return"
                        data-unit={s.unitCode}
                      >
                        {t('review.return')}
                      </Button>
                    </Space>
                  ) : tab === 'approved' ? (
                    <Button
                      size="small"
                      icon={<UnlockOutlined />}
                      onClick={() => actions.ask({ kind: 'reopen', target: whole(s, 'approved') })}
                      data-testid="review-reopen"
                      data-unit={s.unitCode}
                    >
                      {t('review.reopen')}
                    </Button>
                  ) : null,
                ),
              ]}
            />
            {actions.dialog}
          </Card>
        );
      }}
    </Async>
  );
}

function ReviewChooser() {
  const { t } = useI18n();
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const { period, periodOptions: options } = usePeriodParam(params);
  const [refreshKey, setRefreshKey] = useState(0);
  const changed = () => setRefreshKey((k) => k + 1);
  return (
    <div data-page="review">
      <div className="page-header">
        <div>
          <Typography.Title level={3}>{t('review.title')}</Typography.Title>
          <div className="page-sub">{t('review.subtitle')}</div>
        </div>
        <Space>
          <span>{t('common.period')}</span>
          <Select
            value={period}
            onChange={(v: string) => setParams({ period: v }, { replace: true })}
            style={{ width: 160 }}
            options={options}
            data-testid="review-period"
          />
        </Space>
      </div>
      {!canReviewData(user) ? <NoRoleNotice description={t('review.noRole')} /> : null}
      {canReviewData(user) ? <ReviewQueue refreshKey={refreshKey} onChanged={changed} /> : null}
      <ReviewBoard period={period} refreshKey={refreshKey} onChanged={changed} />
    </div>
  );
}

/** The review page (`/review?period=ID`); needs a session. */
export default function ReviewPage() {
  return (
    <RequireSession>
      <ReviewChooser />
    </RequireSession>
  );
}
