/** Data entry (填报): a reporter picks a unit and a period, enters the indicators due, saves drafts and submits. */
import { DeleteOutlined, SaveOutlined, SendOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Grid,
  Input,
  Popconfirm,
  Segmented,
  Select,
  Space,
  Table,
  Tooltip,
  Typography,
} from 'antd';
import { useMemo, useState, type ReactNode } from 'react';
import type { TableColumnType } from 'antd';
import { useSearchParams } from 'react-router-dom';
import type { EntryMode } from '../../../src/core/entry-rules.ts';
import type { UnitView } from '../../../src/contract/registry.ts';
import {
  api,
  ApiError,
  isForbidden,
  type EntryFormData,
  type FormLineData,
} from '../../app/api.ts';
import {
  formatMeasureUnit,
  formatNumber,
  formatPeriod,
  formatSignedPercent,
} from '../../app/format.ts';
import { DataText } from '../../components/data-text.tsx';
import { useI18n } from '../../app/i18n-context.tsx';
import { pickLang } from '../../app/i18n.ts';
import { RequireSession, useSession } from '../../app/session-context.tsx';
import { canEnterData, unitsInScope } from '../../app/session.ts';
import { useApi } from '../../app/use-api.ts';
import { usePeriodParam } from '../../app/use-period-param.ts';
import { PeriodPicker } from '../../components/period-picker.tsx';
import { defaultEntryPeriod, todayIso } from '../../app/period-choices.ts';
import {
  Async,
  ForbiddenNotice,
  Loading,
  NoData,
  NoRoleNotice,
  useErrorMessage,
} from '../../components/page-state.tsx';
import { StateTag } from '../../components/state-tag.tsx';
import {
  applyCurrentValues,
  buildEntries,
  checkLine,
  conflictsOf,
  countStates,
  hasSubmittable,
  initialDraft,
  isLineEditable,
  lineMode,
  problemsOf,
  switchDraftMode,
  type CurrentValue,
  type LineDraft,
  type LineProblem,
} from './entry-lines.ts';
import { UploadPanel } from './upload-panel.tsx';

const stateOrder = ['missing', 'draft', 'submitted', 'returned', 'approved'] as const;

function RulesHint({ line }: { line: FormLineData }) {
  const { t } = useI18n();
  const r = line.rules;
  const parts: string[] = [];
  if (r.minValue !== null)
    parts.push(t('entry.rule.min', { value: formatNumber(r.minValue, line.decimals) }));
  if (r.maxValue !== null)
    parts.push(t('entry.rule.max', { value: formatNumber(r.maxValue, line.decimals) }));
  if (line.measure === 'flow') parts.push(t('entry.rule.cumulative'));
  if (r.maxYoyChangePct !== null && (line.measure === 'flow' || line.measure === 'stock'))
    parts.push(t('entry.rule.yoy', { pct: r.maxYoyChangePct }));
  if (parts.length === 0) return null;
  return (
    <div className="entry-rules" data-testid="entry-rules">
      {parts.join(' · ')}
    </div>
  );
}

function Problems({ problems }: { problems: readonly LineProblem[] }) {
  const { lang } = useI18n();
  if (problems.length === 0) return null;
  return (
    <div className="entry-problems" role="alert">
      {problems.map((p) => (
        <div key={`${p.rule}-${p.field}`} data-testid="entry-problem" data-rule={p.rule}>
          {lang === 'en' ? p.reasonEn : p.reason}
        </div>
      ))}
    </div>
  );
}

/** The editable form of one unit × period; remounted whenever the stored versions change. */
function EntryEditor({ loaded, reload }: { loaded: EntryFormData; reload: () => void }) {
  const { t, lang } = useI18n();
  const { message, modal } = App.useApp();
  const errorMessage = useErrorMessage();
  const [mode, setMode] = useState<EntryMode>('period');
  const [current, setCurrent] = useState<Map<string, CurrentValue>>(new Map());
  const form = useMemo(() => applyCurrentValues(loaded, current), [loaded, current]);
  const [drafts, setDrafts] = useState<Map<string, LineDraft>>(
    () => new Map(loaded.lines.map((l) => [l.indicatorCode, initialDraft(l, 'period')])),
  );
  const [serverProblems, setServerProblems] = useState<Map<string, LineProblem[]>>(new Map());
  const [conflicts, setConflicts] = useState<Map<string, CurrentValue>>(new Map());
  const [refusal, setRefusal] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState<'save' | 'submit' | 'delete' | null>(null);
  const hasFlows = form.lines.some((l) => lineMode(l, 'cumulative') === 'cumulative');
  const checks = useMemo(
    () =>
      new Map(
        form.lines.map((l) => [
          l.indicatorCode,
          checkLine(l, drafts.get(l.indicatorCode) ?? { text: '', comment: '' }, mode),
        ]),
      ),
    [form, drafts, mode],
  );
  const dirtyCount = [...checks.entries()].filter(
    ([code, c]) =>
      c.isDirty &&
      isLineEditable(
        form,
        form.lines.find((l) => l.indicatorCode === code)!,
      ),
  ).length;
  const counts = countStates(form);
  const isNarrow = Grid.useBreakpoint().md === false;

  const setDraft = (code: string, patch: Partial<LineDraft>) => {
    setDrafts((d) => {
      const next = new Map(d);
      next.set(code, { ...(d.get(code) ?? { text: '', comment: '' }), ...patch });
      return next;
    });
    setServerProblems((p) => {
      if (!p.has(code)) return p;
      const next = new Map(p);
      next.delete(code);
      return next;
    });
  };
  const changeMode = (to: EntryMode) => {
    setDrafts((d) => {
      const next = new Map<string, LineDraft>();
      for (const line of form.lines) {
        const draft = d.get(line.indicatorCode) ?? { text: '', comment: '' };
        next.set(line.indicatorCode, switchDraftMode(line, draft, to));
      }
      return next;
    });
    setMode(to);
  };

  /** Saves the changed lines; true when there was nothing to save or it saved. */
  const save = async (): Promise<boolean> => {
    const { entries, blocked } = buildEntries(form, drafts, mode);
    if (blocked.length > 0) {
      void message.warning(t('entry.blocked', { count: blocked.length }));
      return false;
    }
    if (entries.length === 0) return true;
    setRefusal(null);
    try {
      const result = await api.saveEntries(entries);
      void message.success(t('entry.saved', { count: result.saved.length }));
      setConflicts(new Map());
      return true;
    } catch (error) {
      const found = conflictsOf(error);
      if (found.size > 0) {
        setConflicts(found);
        void message.error(errorMessage(error));
        return false;
      }
      const problems = problemsOf(error);
      if (problems.size > 0) setServerProblems(problems);
      if (isForbidden(error) || (error instanceof ApiError && error.status === 401))
        setRefusal(error);
      void message.error(errorMessage(error));
      return false;
    }
  };

  const onSave = async () => {
    setBusy('save');
    try {
      if (dirtyCount === 0) void message.info(t('entry.nothingToSave'));
      else if (await save()) reload();
    } finally {
      setBusy(null);
    }
  };

  const onSubmit = async () => {
    setBusy('submit');
    try {
      const hadChanges = dirtyCount > 0;
      if (!(await save())) return;
      if (!hadChanges && !hasSubmittable(form)) {
        void message.info(t('entry.nothingToSubmit'));
        return;
      }
      const result = await api.submit({ unit: form.unit.code, period: form.period.id });
      void message.success(t('entry.submitted', { count: result.submitted }));
      if (result.missing.length > 0)
        modal.info({
          title: t('entry.missingTitle', { count: result.missing.length }),
          content: result.missing
            .map((c) => form.lines.find((l) => l.indicatorCode === c)?.indicatorName ?? c)
            .join('、'),
        });
      reload();
    } catch (error) {
      if (isForbidden(error)) setRefusal(error);
      void message.error(errorMessage(error));
      if (hadChangesSaved(error)) reload();
    } finally {
      setBusy(null);
    }
  };

  const onDeleteDrafts = async () => {
    setBusy('delete');
    try {
      const result = await api.deleteDrafts({ unit: form.unit.code, period: form.period.id });
      void message.success(t('entry.deleteDrafts.done', { count: result.deleted }));
      reload();
    } catch (error) {
      if (isForbidden(error)) setRefusal(error);
      void message.error(errorMessage(error));
    } finally {
      setBusy(null);
    }
  };
  // A set with nothing editable (all submitted or approved) offers no save or submit.
  const hasEditable = form.lines.some((l) => isLineEditable(form, l));
  const draftCount = counts.draft ?? 0;
  const toSubmit =
    form.lines.filter((l) => l.current?.state === 'draft' || l.current?.state === 'returned')
      .length + dirtyCount;

  const columns: TableColumnType<FormLineData>[] = [
    {
      title: t('entry.col.indicator'),
      key: 'indicator',
      width: 200,
      fixed: 'left',
      render: (_, l) => (
        <Space orientation="vertical" size={0}>
          <span>
            <DataText zh={l.indicatorName} en={l.indicatorNameEn} />
          </span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {l.indicatorCode} · {formatMeasureUnit(l.unit, lang)}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('entry.col.lastYear', {
        period: formatPeriod(form.lines[0]?.lastYearPeriodId ?? '', lang),
      }),
      key: 'lastYear',
      width: 110,
      align: 'right',
      render: (_, l) => (
        <span data-testid="last-year">{formatNumber(l.lastYearValue, l.decimals)}</span>
      ),
    },
    {
      title: mode === 'cumulative' ? t('entry.col.valueCumulative') : t('entry.col.value'),
      key: 'value',
      width: 250,
      render: (_, l) => {
        const draft = drafts.get(l.indicatorCode) ?? { text: '', comment: '' };
        const check = checks.get(l.indicatorCode);
        const problems = [
          ...(check?.problems.filter((p) => p.field === 'value') ?? []),
          ...(serverProblems.get(l.indicatorCode)?.filter((p) => p.field !== 'comment') ?? []),
        ];
        const conflict = conflicts.get(l.indicatorCode);
        const m = lineMode(l, mode);
        return (
          <div>
            <Input
              value={draft.text}
              onChange={(e) => setDraft(l.indicatorCode, { text: e.target.value })}
              disabled={!isLineEditable(form, l)}
              status={problems.length > 0 ? 'error' : undefined}
              inputMode="decimal"
              suffix={formatMeasureUnit(l.unit, lang)}
              aria-label={`${l.indicatorName} ${t('entry.col.value')}`}
              data-testid="value-input"
              data-indicator={l.indicatorCode}
              style={{ width: 170 }}
            />
            {check?.isDirty ? (
              <Tooltip title={t('entry.unsaved')}>
                <span className="entry-dirty" data-testid="dirty-mark">
                  ●
                </span>
              </Tooltip>
            ) : null}
            {l.measure === 'flow' && check?.periodValue !== null && check !== undefined ? (
              <div className="entry-derived" data-testid="derived">
                {m === 'cumulative'
                  ? t('entry.periodIs', {
                      value: formatNumber(check.periodValue, l.decimals),
                    })
                  : t('entry.cumulativeIs', {
                      value: formatNumber(check.cumulative, l.decimals),
                    })}
              </div>
            ) : null}
            <Problems problems={problems} />
            {conflict ? (
              <div className="entry-conflict" data-testid="entry-conflict" role="alert">
                {t('entry.conflict', {
                  value: formatNumber(conflict.value, l.decimals),
                  state: t(
                    conflict.state === 'approved'
                      ? 'obs.state.approved'
                      : conflict.state === 'submitted'
                        ? 'obs.state.submitted'
                        : conflict.state === 'returned'
                          ? 'obs.state.returned'
                          : 'obs.state.draft',
                  ),
                })}{' '}
                <a
                  onClick={() => {
                    setCurrent((c) => new Map(c).set(l.indicatorCode, conflict));
                    setDraft(l.indicatorCode, {
                      text: String(
                        lineMode(l, mode) === 'cumulative'
                          ? conflict.value + (l.previousCumulative ?? 0)
                          : conflict.value,
                      ),
                    });
                    setConflicts((c) => {
                      const next = new Map(c);
                      next.delete(l.indicatorCode);
                      return next;
                    });
                  }}
                  data-testid="take-current"
                >
                  {t('entry.takeCurrent')}
                </a>{' '}
                ·{' '}
                <a
                  onClick={() => {
                    setCurrent((c) => new Map(c).set(l.indicatorCode, conflict));
                    setConflicts((c) => {
                      const next = new Map(c);
                      next.delete(l.indicatorCode);
                      return next;
                    });
                  }}
                  data-testid="keep-mine"
                >
                  {t('entry.keepMine')}
                </a>
              </div>
            ) : null}
            <RulesHint line={l} />
          </div>
        );
      },
    },
    {
      title: t('entry.col.yoy'),
      key: 'yoy',
      width: 90,
      align: 'right',
      render: (_, l) => {
        const c = checks.get(l.indicatorCode);
        const pct = c?.yoyChangePct ?? null;
        const limit = l.rules.maxYoyChangePct;
        const isBeyond = pct !== null && limit !== null && Math.abs(pct) > limit;
        return (
          <span
            data-testid="yoy"
            style={{
              color: isBeyond ? '#d9363e' : undefined,
              fontWeight: isBeyond ? 600 : undefined,
            }}
          >
            {formatSignedPercent(pct)}
          </span>
        );
      },
    },
    {
      title: t('entry.col.comment'),
      key: 'comment',
      width: 220,
      render: (_, l) => {
        const draft = drafts.get(l.indicatorCode) ?? { text: '', comment: '' };
        const problems = [
          ...(checks.get(l.indicatorCode)?.problems.filter((p) => p.field === 'comment') ?? []),
          ...(serverProblems.get(l.indicatorCode)?.filter((p) => p.field === 'comment') ?? []),
        ];
        return (
          <div>
            <Input.TextArea
              value={draft.comment}
              onChange={(e) => setDraft(l.indicatorCode, { comment: e.target.value })}
              disabled={!isLineEditable(form, l)}
              status={problems.length > 0 ? 'error' : undefined}
              autoSize={{ minRows: 1, maxRows: 4 }}
              maxLength={2000}
              placeholder={t('entry.commentPlaceholder')}
              data-testid="comment-input"
              data-indicator={l.indicatorCode}
            />
            <Problems problems={problems} />
          </div>
        );
      },
    },
    {
      title: t('common.state'),
      key: 'state',
      width: 110,
      render: (_, l) => (
        <Space orientation="vertical" size={2}>
          <span data-testid="line-state" data-state={l.current?.state ?? 'missing'}>
            <StateTag state={l.current?.state ?? 'missing'} />
          </span>
          {l.current?.reviewReason ? (
            <Typography.Text type="danger" style={{ fontSize: 12 }} data-testid="review-reason">
              {l.current.reviewReason}
            </Typography.Text>
          ) : null}
        </Space>
      ),
    },
  ];

  return (
    <Card size="small">
      {refusal ? (
        <div style={{ marginBottom: 12 }}>
          <ForbiddenNotice error={refusal} />
        </div>
      ) : null}
      {!form.canWrite ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('entry.readOnly')}
          data-testid="entry-readonly"
        />
      ) : null}
      <div className="toolbar">
        <Space size={6} wrap data-testid="entry-counts">
          {stateOrder.map((s) =>
            (counts[s] ?? 0) > 0 ? (
              <span key={s} data-count-state={s}>
                <StateTag state={s} /> {counts[s]}
              </span>
            ) : null,
          )}
        </Space>
        <span style={{ flex: 1 }} />
        {hasFlows ? (
          <Segmented<EntryMode>
            value={mode}
            onChange={changeMode}
            data-testid="entry-mode"
            options={[
              { value: 'period', label: t('entry.mode.period') },
              { value: 'cumulative', label: t('entry.mode.cumulative') },
            ]}
          />
        ) : null}
        <Button
          icon={<SaveOutlined />}
          onClick={() => void onSave()}
          loading={busy === 'save'}
          disabled={!form.canWrite || busy !== null || !hasEditable}
          data-testid="entry-save"
        >
          {t('entry.save')}
          {dirtyCount > 0 ? ` (${dirtyCount})` : ''}
        </Button>
        {draftCount > 0 ? (
          <Popconfirm
            title={t('entry.deleteDrafts.confirm', { count: draftCount })}
            onConfirm={() => void onDeleteDrafts()}
            disabled={!form.canWrite || busy !== null}
          >
            <Button
              danger
              icon={<DeleteOutlined />}
              loading={busy === 'delete'}
              disabled={!form.canWrite || busy !== null}
              data-testid="entry-delete-drafts"
            >
              {t('entry.deleteDrafts')}
            </Button>
          </Popconfirm>
        ) : null}
        <Popconfirm
          title={t('entry.submit.confirm', { count: toSubmit })}
          onConfirm={() => void onSubmit()}
          disabled={!form.canWrite || busy !== null || !hasEditable}
        >
          <Button
            type="primary"
            icon={<SendOutlined />}
            loading={busy === 'submit'}
            disabled={!form.canWrite || busy !== null || !hasEditable}
            data-testid="entry-submit"
          >
            {t('entry.submit')}
          </Button>
        </Popconfirm>
      </div>
      {form.canWrite && (counts.submitted ?? 0) > 0 ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('entry.readOnly.submitted')}
          data-testid="entry-submitted-readonly"
        />
      ) : null}
      {isNarrow ? (
        // A phone gets one card per indicator, each column a labelled row: no sideways scroll.
        <div className="entry-cards" data-testid="entry-table">
          {form.lines.length === 0 ? (
            <NoData title={t('entry.noneDue')} hint={t('entry.noneDueHint')} />
          ) : null}
          {form.lines.map((l, index) => (
            <div className="entry-card" key={l.indicatorCode} data-row-key={l.indicatorCode}>
              {columns.map((c) => (
                <div className="entry-card-field" key={String(c.key)} data-field={String(c.key)}>
                  {c.key === 'indicator' ? null : (
                    <div className="entry-card-label">{c.title as ReactNode}</div>
                  )}
                  <div className="entry-card-value">{c.render?.(null, l, index) as ReactNode}</div>
                </div>
              ))}
            </div>
          ))}
        </div>
      ) : (
        <Table<FormLineData>
          size="small"
          rowKey="indicatorCode"
          dataSource={form.lines}
          pagination={false}
          data-testid="entry-table"
          locale={{
            emptyText: <NoData title={t('entry.noneDue')} hint={t('entry.noneDueHint')} />,
          }}
          scroll={{ x: 980 }}
          columns={columns}
        />
      )}
    </Card>
  );
}

// A submit that fails after its save went through still changed the versions: reload them.
const hadChangesSaved = (error: unknown) =>
  error instanceof ApiError && error.code === 'INVALID_TRANSITION';

function EntryForUnit({ unit, period }: { unit: UnitView; period: string }) {
  const { t } = useI18n();
  const state = useApi((signal) => api.entryForm(unit.code, period, signal), [unit.code, period]);
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Async state={state} rows={10}>
        {(form) => (
          <>
            {form.reportedFor ? (
              <Alert
                type="info"
                showIcon
                data-testid="reported-for"
                title={t('entry.reportedFor', { region: form.reportedFor.name })}
              />
            ) : null}
            <EntryEditor
              key={`${form.unit.code}-${form.period.id}-${form.lines.map((l) => l.current?.version ?? 0).join('.')}`}
              loaded={form}
              reload={state.retry}
            />
          </>
        )}
      </Async>
      <UploadPanel unit={unit} period={period} onWritten={state.retry} />
    </Space>
  );
}

/** The unit and period pickers and the form; without `?period=` it opens the first form the reporter's to-do asks for. */
function EntryWorkspace({
  scope,
  chosen,
  set,
}: {
  scope: readonly UnitView[];
  chosen: UnitView;
  set: (name: string, value: string) => void;
}) {
  const { t, lang } = useI18n();
  const [params] = useSearchParams();
  const todo = useApi((signal) => api.todo(chosen.code, signal), [chosen.code]);
  const items = todo.status === 'ok' ? todo.data.items : [];
  const { period, periodOptions } = usePeriodParam(params, {
    fallback: defaultEntryPeriod(items, todayIso()),
    extra: [...new Set(items.map((i) => i.periodId))],
  });
  const waiting = params.get('period') === null && todo.status === 'loading';
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card size="small">
        <Space wrap size={12}>
          <span>{t('common.unit')}</span>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            value={chosen.code}
            onChange={(v: string) => set('unit', v)}
            style={{ width: 240, maxWidth: '100%' }}
            data-testid="entry-unit"
            options={scope.map((u) => ({
              value: u.code,
              label: pickLang(lang, u.name, u.nameEn),
            }))}
            labelRender={({ value }) => {
              const u = scope.find((s) => s.code === value);
              return u ? <DataText zh={u.name} en={u.nameEn} /> : String(value);
            }}
          />
          <span>{t('common.period')}</span>
          <PeriodPicker
            value={period}
            options={periodOptions}
            onChange={(v) => set('period', v)}
            testId="entry-period"
          />
        </Space>
      </Card>
      {waiting ? <Loading /> : <EntryForUnit unit={chosen} period={period} />}
    </Space>
  );
}

function EntryChooser() {
  const { t } = useI18n();
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const units = useApi(() => api.units(), []);
  const set = (name: string, value: string) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        next.set(name, value);
        return next;
      },
      { replace: true },
    );
  return (
    <div data-page="entry">
      <div className="page-header">
        <div>
          <Typography.Title level={3}>{t('entry.title')}</Typography.Title>
          <div className="page-sub">{t('entry.subtitle')}</div>
        </div>
      </div>
      {!canEnterData(user) ? <NoRoleNotice description={t('entry.noRole')} /> : null}
      <Async state={units}>
        {(all) => {
          const scope = unitsInScope(all, user);
          const chosen = scope.find((u) => u.code === params.get('unit')) ?? scope[0];
          if (!chosen) return <NoData title={t('entry.noUnits')} hint={t('entry.noUnitsHint')} />;
          return <EntryWorkspace scope={scope} chosen={chosen} set={set} />;
        }}
      </Async>
    </div>
  );
}

/** The data entry page (`/entry?unit=CODE&period=ID`); needs a session. */
export default function EntryPage() {
  return (
    <RequireSession>
      <EntryChooser />
    </RequireSession>
  );
}
