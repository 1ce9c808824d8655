/** Review (审核): a reviewer approves or returns the values units submitted for a period, and reopens approved ones. */
import { CheckOutlined, RollbackOutlined, UnlockOutlined } from '@ant-design/icons';
import { App, Button, Card, Input, Modal, Select, Space, Table, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import type { ApiError } from '../../app/api.ts';
import { api, isForbidden, type StatusCell } from '../../app/api.ts';
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

type Action = { kind: 'return' | 'reopen'; set: ReviewSet };

function SetValues({ set, tab }: { set: ReviewSet; tab: ReviewTab }) {
  const { t } = useI18n();
  const isPrinting = usePrintMode();
  return (
    <Table<StatusCell>
      size="small"
      rowKey="indicatorCode"
      dataSource={set.cells.filter((c) => c.state === tab)}
      pagination={false}
      data-testid="review-values"
      columns={[
        { title: t('entry.col.indicator'), dataIndex: 'indicatorName' },
        { title: t('common.code'), dataIndex: 'indicatorCode', width: 200 },
        {
          title: t('common.value'),
          key: 'value',
          align: 'right',
          width: 120,
          render: (_, c) => <span data-testid="review-value">{formatNumber(c.value, 2)}</span>,
        },
        {
          title: t('common.state'),
          key: 'state',
          width: 110,
          render: (_, c) => <StateTag state={c.state} reason={c.reviewReason || undefined} />,
        },
        {
          title: t('obs.updatedAt'),
          key: 'updatedAt',
          width: 160,
          responsive: screenOnly(isPrinting, 'lg'),
          render: (_, c) => formatTimestamp(c.submittedAt ?? c.updatedAt),
        },
      ]}
    />
  );
}

function ReviewBoard({ period }: { period: string }) {
  const { t, lang } = useI18n();
  const isPrinting = usePrintMode();
  const { user } = useSession();
  const { message } = App.useApp();
  const errorMessage = useErrorMessage();
  const [tab, setTab] = useState<ReviewTab>('submitted');
  const [action, setAction] = useState<Action | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<ApiError | null>(null);
  const state = useApi(
    async (signal) => {
      const [units, status] = await Promise.all([api.units(), api.status(period, null, signal)]);
      return { units, status };
    },
    [period],
  );

  const run = async (key: string, call: () => Promise<unknown>, done: string) => {
    setBusy(key);
    setRefusal(null);
    try {
      await call();
      void message.success(done);
      setAction(null);
      setReason('');
      state.retry();
    } catch (error) {
      if (isForbidden(error)) setRefusal(error);
      void message.error(errorMessage(error));
    } finally {
      setBusy(null);
    }
  };
  const approve = (set: ReviewSet) =>
    void run(
      `approve-${set.unitCode}`,
      () =>
        api.review({
          unit: set.unitCode,
          period: set.period,
          indicatorCodes: codesInState(set, 'submitted'),
          decision: 'approve',
        }),
      t('review.approved', { unit: set.unitName }),
    );
  const confirm = () => {
    if (!action) return;
    const { set, kind } = action;
    const text = reason.trim();
    if (!text) return;
    void run(
      `${kind}-${set.unitCode}`,
      () =>
        kind === 'return'
          ? api.review({
              unit: set.unitCode,
              period: set.period,
              indicatorCodes: codesInState(set, 'submitted'),
              decision: 'return',
              reason: text,
            })
          : api.reopen({
              unit: set.unitCode,
              period: set.period,
              indicatorCodes: codesInState(set, 'approved'),
              reason: text,
            }),
      t(kind === 'return' ? 'review.returnedDone' : 'review.reopened', { unit: set.unitName }),
    );
  };

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
                expandedRowRender: (set) => <SetValues set={set} tab={tab} />,
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
                {
                  title: t('review.col.submittedAt'),
                  key: 'at',
                  width: 160,
                  responsive: screenOnly(isPrinting, 'lg'),
                  render: (_, s) => formatTimestamp(s.submittedAt),
                },
                ...(isPrinting
                  ? []
                  : [
                      {
                        title: t('review.col.actions'),
                        key: 'actions',
                        width: 220,
                        render: (_: unknown, s: ReviewSet) =>
                          tab === 'submitted' ? (
                            <Space>
                              <Button
                                type="primary"
                                size="small"
                                icon={<CheckOutlined />}
                                loading={busy === `approve-${s.unitCode}`}
                                onClick={() => approve(s)}
                                data-testid="review-approve"
                                data-unit={s.unitCode}
                              >
                                {t('review.approve')}
                              </Button>
                              <Button
                                size="small"
                                danger
                                icon={<RollbackOutlined />}
                                onClick={() => setAction({ kind: 'return', set: s })}
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
                              onClick={() => setAction({ kind: 'reopen', set: s })}
                              data-testid="review-reopen"
                              data-unit={s.unitCode}
                            >
                              {t('review.reopen')}
                            </Button>
                          ) : null,
                      },
                    ]),
              ]}
            />
            <Modal
              open={action !== null}
              title={
                action
                  ? t(action.kind === 'return' ? 'review.returnTitle' : 'review.reopenTitle', {
                      unit: action.set.unitName,
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
              <Typography.Paragraph type="secondary">
                {t('review.reasonNeeded')}
              </Typography.Paragraph>
              <Input.TextArea
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                autoSize={{ minRows: 3 }}
                maxLength={1000}
                data-testid="review-reason"
              />
            </Modal>
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
      <ReviewBoard period={period} />
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
