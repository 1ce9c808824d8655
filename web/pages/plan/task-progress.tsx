/** A task's monthly progress on the plan page: the latest update in the table, and a drawer to file or review one. */
import { CheckOutlined, RollbackOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Descriptions,
  Drawer,
  Form,
  Input,
  InputNumber,
  Progress,
  Select,
  Space,
  Timeline,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { Link, useLocation } from 'react-router-dom';
import type { ApiError } from '../../app/api.ts';
import { api, isForbidden, type TaskProgress } from '../../app/api.ts';
import { formatPeriod, formatTimestamp } from '../../app/format.ts';
import { useI18n } from '../../app/i18n-context.tsx';
import { periodChoices, previousMonthId, todayIso } from '../../app/period-choices.ts';
import { useSession } from '../../app/session-context.tsx';
import { canReviewProgress, loginPathFor } from '../../app/session.ts';
import { useApi } from '../../app/use-api.ts';
import { Async, ForbiddenNotice, useErrorMessage } from '../../components/page-state.tsx';
import { StateTag } from '../../components/state-tag.tsx';
import {
  canFileProgress,
  isAwaitingReview,
  progressDraftFor,
  type TaskProgressItem,
} from './task-progress-logic.ts';
import { CommentPanel, ProgressEvidence } from './comment-panel.tsx';

/** The latest update of a task in the plan table: percent, month and state; a click opens the drawer. */
export function TaskProgressCell({
  item,
  onOpen,
}: {
  item: TaskProgressItem | undefined;
  onOpen: () => void;
}) {
  const { t, lang } = useI18n();
  const latest = item?.latest ?? null;
  return (
    <a
      onClick={onOpen}
      data-testid="task-progress"
      data-node={item?.nodeId}
      className="task-progress-cell"
    >
      {latest ? (
        <span>
          <Progress percent={latest.percentComplete} size="small" style={{ margin: 0 }} />
          <span style={{ fontSize: 12 }}>
            {formatPeriod(latest.period, lang)} <StateTag state={latest.state} />
          </span>
        </span>
      ) : (
        <span style={{ fontSize: 12 }}>
          {t('progress.none')}
          <span className="no-print">{t('progress.clickToReport')}</span>
        </span>
      )}
    </a>
  );
}

function ProgressForm({
  item,
  history,
  onSaved,
}: {
  item: TaskProgressItem;
  history: TaskProgress[];
  onSaved: () => void;
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const errorMessage = useErrorMessage();
  const today = todayIso();
  const months = useMemo(
    () => periodChoices(today, { months: 12, quarters: 0, years: 0 }),
    [today],
  );
  const [period, setPeriod] = useState(previousMonthId(today));
  const draft = progressDraftFor(history, period);
  const [form] = Form.useForm<{ narrative: string; percentComplete: number; problems: string }>();
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<ApiError | null>(null);
  const save = async (submit: boolean) => {
    const values = await form.validateFields();
    setBusy(true);
    setRefusal(null);
    try {
      await api.saveTaskProgress(item.nodeId, {
        period,
        narrative: values.narrative.trim(),
        percentComplete: values.percentComplete,
        problems: values.problems?.trim() ?? '',
        version: draft.version,
        submit,
      });
      void message.success(t(submit ? 'progress.submitted' : 'progress.saved'));
      onSaved();
    } catch (error) {
      if (isForbidden(error)) setRefusal(error);
      void message.error(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Title level={5}>{t('progress.file')}</Typography.Title>
      {refusal ? <ForbiddenNotice error={refusal} /> : null}
      <Form
        form={form}
        layout="vertical"
        key={`${period}-${draft.version}`}
        initialValues={{
          narrative: draft.narrative,
          percentComplete: draft.percentComplete,
          problems: draft.problems,
        }}
        disabled={draft.isLocked || busy}
      >
        <Form.Item label={t('progress.month')}>
          <Select
            value={period}
            onChange={setPeriod}
            options={months.map((m) => ({ value: m, label: formatPeriod(m, lang) }))}
            style={{ width: 160 }}
            data-testid="progress-period"
          />
        </Form.Item>
        {draft.isLocked ? (
          <Alert type="info" showIcon title={t('progress.locked')} style={{ marginBottom: 12 }} />
        ) : null}
        <Form.Item
          name="percentComplete"
          label={t('progress.percent')}
          rules={[{ required: true, message: t('progress.percentRequired') }]}
        >
          <InputNumber min={0} max={100} suffix="%" data-testid="progress-percent" />
        </Form.Item>
        <Form.Item
          name="narrative"
          label={t('progress.narrative')}
          rules={[{ required: true, whitespace: true, message: t('progress.narrativeRequired') }]}
        >
          <Input.TextArea
            autoSize={{ minRows: 3 }}
            maxLength={5000}
            data-testid="progress-narrative"
          />
        </Form.Item>
        <Form.Item name="problems" label={t('progress.problems')}>
          <Input.TextArea
            autoSize={{ minRows: 2 }}
            maxLength={5000}
            data-testid="progress-problems"
          />
        </Form.Item>
        <Space>
          <Button onClick={() => void save(false)} loading={busy} data-testid="progress-save">
            {t('entry.save')}
          </Button>
          <Button
            type="primary"
            onClick={() => void save(true)}
            loading={busy}
            data-testid="progress-submit"
          >
            {t('entry.submit')}
          </Button>
        </Space>
      </Form>
    </Space>
  );
}

function ReviewBar({ entry, onDone }: { entry: TaskProgress; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorMessage = useErrorMessage();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const decide = async (decision: 'accept' | 'return') => {
    setBusy(true);
    try {
      await api.reviewTaskProgress(entry.id, {
        decision,
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      });
      void message.success(t(decision === 'accept' ? 'progress.accepted' : 'progress.returned'));
      onDone();
    } catch (error) {
      void message.error(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="progress-review">
      <Typography.Title level={5}>{t('progress.review')}</Typography.Title>
      <Input.TextArea
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        placeholder={t('progress.reasonPlaceholder')}
        autoSize={{ minRows: 2 }}
        data-testid="progress-reason"
      />
      <Space>
        <Button
          type="primary"
          icon={<CheckOutlined />}
          loading={busy}
          onClick={() => void decide('accept')}
          data-testid="progress-accept"
        >
          {t('progress.accept')}
        </Button>
        <Button
          danger
          icon={<RollbackOutlined />}
          loading={busy}
          disabled={reason.trim() === ''}
          onClick={() => void decide('return')}
          data-testid="progress-return"
        >
          {t('review.return')}
        </Button>
      </Space>
    </Space>
  );
}

/** The drawer of one task: its updates, newest first; the form for its lead unit's reporter; review for a reviewer. */
export function TaskProgressDrawer({
  item,
  onClose,
  onChanged,
}: {
  item: TaskProgressItem | null;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { t, lang } = useI18n();
  const { user } = useSession();
  const location = useLocation();
  const [attempt, setAttempt] = useState(0);
  const state = useApi(
    async (signal) => {
      if (!item) return null;
      const [history, units] = await Promise.all([
        api.taskProgress(item.nodeId, signal),
        api.units(),
      ]);
      return { history, units };
    },
    [item?.nodeId, attempt],
  );
  const changed = () => {
    setAttempt((n) => n + 1);
    onChanged();
  };
  return (
    <Drawer
      open={item !== null}
      onClose={onClose}
      size={560}
      title={item ? `${item.label} ${item.title}` : ''}
      destroyOnHidden
      data-testid="progress-drawer"
    >
      {item ? (
        <Async state={state}>
          {(data) => {
            if (!data) return null;
            const latest = data.history[0] ?? null;
            return (
              <Space orientation="vertical" size={16} style={{ width: '100%' }}>
                <Descriptions size="small" column={1} bordered>
                  <Descriptions.Item label={t('plan.col.lead')}>
                    {item.leadUnits.map((u) => u.name).join('、') || '—'}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('progress.latest')}>
                    {latest ? (
                      <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                        <span>
                          {formatPeriod(latest.period, lang)} · {latest.percentComplete}% ·{' '}
                          <StateTag state={latest.state} />
                        </span>
                        <span data-testid="progress-latest-narrative">{latest.narrative}</span>
                        {latest.problems ? (
                          <Typography.Text type="warning">
                            {t('progress.problems')}: {latest.problems}
                          </Typography.Text>
                        ) : null}
                        {latest.reviewReason ? (
                          <Typography.Text type="danger">
                            {t('audit.reason')}: {latest.reviewReason}
                          </Typography.Text>
                        ) : null}
                      </Space>
                    ) : (
                      t('progress.none')
                    )}
                  </Descriptions.Item>
                </Descriptions>
                {!user ? (
                  <Alert
                    type="info"
                    showIcon
                    title={
                      <Link to={loginPathFor(`${location.pathname}${location.search}`)}>
                        {t('progress.loginToFile')}
                      </Link>
                    }
                  />
                ) : null}
                {isAwaitingReview(latest) && canReviewProgress(user) ? (
                  <ReviewBar entry={latest} onDone={changed} />
                ) : null}
                {canFileProgress(user, data.units, item.leadUnits) ? (
                  <ProgressForm item={item} history={data.history} onSaved={changed} />
                ) : null}
                {data.history.length > 0 ? (
                  <>
                    <Typography.Title level={5}>{t('progress.history')}</Typography.Title>
                    <Timeline
                      items={data.history.map((h) => ({
                        key: h.id,
                        content: (
                          <div>
                            <div>
                              {formatPeriod(h.period, lang)} · {h.percentComplete}% ·{' '}
                              <StateTag state={h.state} reason={h.reviewReason || undefined} />
                            </div>
                            <div>{h.narrative}</div>
                            {h.problems ? (
                              <Typography.Text type="secondary">
                                {t('progress.problems')}: {h.problems}
                              </Typography.Text>
                            ) : null}
                            <div style={{ fontSize: 12, color: '#8a94a6' }}>
                              {h.updatedBy} · {formatTimestamp(h.updatedAt)}
                            </div>
                            <ProgressEvidence
                              progressId={h.id}
                              mayAdd={canFileProgress(user, data.units, item.leadUnits)}
                            />
                          </div>
                        ),
                      }))}
                    />
                  </>
                ) : null}
                <CommentPanel subjectKind="task" subjectId={item.nodeId} />
              </Space>
            );
          }}
        </Async>
      ) : null}
    </Drawer>
  );
}
