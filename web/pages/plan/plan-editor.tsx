/**
 * The plan editor: a drawer to edit a target (indicator link with the importer's suggestion
 * or proposal, figure, unit, comparator, due period, kind, accept or reject), a drawer to set
 * a task's lead and co units, and the plan's status bar (adopt, reopen, what changed since
 * adoption). Every write names the version it edited; a conflict reloads the latest.
 */
import {
  Alert,
  App,
  Button,
  Drawer,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import type { PlanNodeView, PlanTree, TargetView } from '../../../src/contract/plan.ts';
import { ApiError, api, forgetCached, type TargetIndicatorInput } from '../../app/api.ts';
import { formatComparator, formatMeasureUnit, formatTimestamp } from '../../app/format.ts';
import { useI18n } from '../../app/i18n-context.tsx';
import { pickLang, type MessageKey } from '../../app/i18n.ts';
import { useApi } from '../../app/use-api.ts';
import { DataText, dataSlot, fillDataSlot } from '../../components/data-text.tsx';
import { Async, useErrorMessage } from '../../components/page-state.tsx';
import {
  buildTargetPatch,
  isPeriodId,
  toTargetFormValues,
  unitCodesByRole,
  type TargetFormValues,
} from './plan-editor-logic.ts';

const comparators = ['>=', '>', '=', '~', '<=', '<', 'between'] as const;
const kinds = ['indicator', 'milestone', 'qualitative'] as const;
const statuses = ['proposed', 'accepted', 'rejected'] as const;
const cadences = ['month', 'quarter', 'half', 'year'] as const;
const measures = ['flow', 'stock', 'rate', 'growth'] as const;

/** What the importer proposed when no indicator matched: a name, a unit and a measure. */
interface Proposal {
  readonly name: string;
  readonly unit: string;
  readonly measure: (typeof measures)[number];
}
const isProposal = (p: unknown): p is Proposal =>
  typeof p === 'object' && p !== null && 'name' in p && 'unit' in p;

const isConflict = (e: unknown) => e instanceof ApiError && e.code === 'CONFLICT';

/** Proposes an indicator code from a metric: ASCII letters and digits only, never empty. */
const proposeCode = (targetId: string) => `PLAN_${targetId.replace(/[^A-Za-z0-9]/g, '').slice(-8)}`;

/** The drawer that edits one target. */
export function TargetEditor({
  target,
  planStatus,
  onClose,
  onSaved,
}: {
  target: TargetView | null;
  planStatus: string;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const errorMessage = useErrorMessage();
  const [form] = Form.useForm<TargetFormValues & { reason: string }>();
  const [saving, setSaving] = useState(false);
  const [creating, setCreating] = useState<TargetIndicatorInput | null>(null);
  const indicators = useApi(() => api.indicators(), []);
  const isLocked = planStatus !== 'draft';
  useEffect(() => {
    if (target) form.setFieldsValue({ ...toTargetFormValues(target), reason: '' });
    setCreating(null);
  }, [target, form]);

  const options = useMemo(
    () =>
      indicators.status === 'ok'
        ? indicators.data.map((i) => ({
            value: i.code,
            // Searched by its words; shown with a name that has no English marked as data.
            search: `${pickLang(lang, i.name, i.nameEn)} ${i.code}`,
            label: (
              <>
                <DataText zh={i.name} en={i.nameEn} />
                {lang === 'zh' ? `（${i.code}）· ` : ` (${i.code}) · `}
                {formatMeasureUnit(i.unit, lang)}
              </>
            ),
          }))
        : [],
    [indicators, lang],
  );
  if (!target) return null;
  const proposal = isProposal(target.proposal) ? target.proposal : null;

  const fail = (error: unknown) => {
    if (isConflict(error)) {
      void message.warning(t('edit.conflict'));
      onSaved();
      onClose();
    } else void message.error(errorMessage(error));
  };

  const save = async () => {
    const values = await form.validateFields();
    const patch = buildTargetPatch(target, values);
    if (!patch) {
      onClose();
      return;
    }
    setSaving(true);
    try {
      await api.updateTarget(target.id, { ...patch, reason: values.reason || undefined });
      void message.success(t('edit.saved'));
      onSaved();
      onClose();
    } catch (error) {
      fail(error);
    } finally {
      setSaving(false);
    }
  };

  const createIndicator = async () => {
    if (!creating) return;
    setSaving(true);
    try {
      await api.createTargetIndicator(target.id, {
        ...creating,
        reason: form.getFieldValue('reason') as string | undefined,
      });
      forgetCached('/indicators');
      void message.success(t('edit.saved'));
      onSaved();
      onClose();
    } catch (error) {
      fail(error);
    } finally {
      setSaving(false);
    }
  };

  const startCreating = () =>
    setCreating({
      version: target.version,
      code: proposeCode(target.id),
      name: proposal?.name || target.metric,
      unit: proposal?.unit ?? target.unit,
      kind: 'kpi',
      measure: proposal?.measure ?? (target.measure as Proposal['measure']),
      direction: target.direction === 'lower' ? 'lower' : 'higher',
      cadence: 'quarter',
    });

  return (
    <Drawer
      open
      size="large"
      title={
        <>
          {t('edit.target.title')} · <DataText zh={target.metric} />
        </>
      }
      onClose={onClose}
      data-testid="target-editor"
      extra={
        <Space>
          <Button onClick={onClose}>{t('edit.cancel')}</Button>
          <Button
            type="primary"
            loading={saving}
            onClick={() => void save()}
            data-testid="editor-save"
          >
            {t('edit.save')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('target.sourceText')}
        {lang === 'zh' ? '：' : ': '}
        <DataText zh={target.sourceText} />
      </Typography.Paragraph>
      {isLocked ? (
        <Alert type="info" showIcon title={t('edit.locked')} style={{ marginBottom: 12 }} />
      ) : null}
      <Form form={form} layout="vertical" disabled={saving}>
        <Form.Item name="status" label={t('edit.status')}>
          <Radio.Group
            optionType="button"
            data-testid="editor-status"
            options={statuses.map((s) => ({
              value: s,
              label: t(`edit.status.${s}` as MessageKey),
            }))}
          />
        </Form.Item>
        <Form.Item name="kind" label={t('edit.kind')}>
          <Radio.Group
            disabled={isLocked}
            data-testid="editor-kind"
            options={kinds.map((k) => ({ value: k, label: t(`edit.kind.${k}` as MessageKey) }))}
          />
        </Form.Item>
        {target.suggestedIndicator && !target.indicator ? (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            data-testid="editor-suggestion"
            title={fillDataSlot(
              t('edit.suggested', {
                name:
                  lang === 'zh'
                    ? `${dataSlot}（${target.suggestedIndicator.code}）`
                    : `${dataSlot} (${target.suggestedIndicator.code})`,
              }),
              { zh: target.suggestedIndicator.name },
            )}
            action={
              <Button
                size="small"
                disabled={isLocked}
                onClick={() => form.setFieldValue('indicatorCode', target.suggestedIndicator?.code)}
                data-testid="use-suggestion"
              >
                {t('edit.useSuggestion')}
              </Button>
            }
          />
        ) : null}
        {proposal && !target.indicator ? (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            data-testid="editor-proposal"
            title={fillDataSlot(
              t('edit.proposal', {
                name: dataSlot,
                unit: formatMeasureUnit(proposal.unit, lang),
              }),
              { zh: proposal.name || target.metric },
            )}
            action={
              <Button
                size="small"
                disabled={isLocked}
                onClick={startCreating}
                data-testid="create-indicator"
              >
                {t('edit.createIndicator')}
              </Button>
            }
          />
        ) : null}
        {creating ? (
          <div className="editor-new-indicator" data-testid="new-indicator">
            <Typography.Text strong>{t('edit.newIndicator')}</Typography.Text>
            <Space wrap style={{ marginTop: 8 }}>
              <Input
                addonBefore={t('edit.newIndicator.code')}
                value={creating.code}
                onChange={(e) => setCreating({ ...creating, code: e.target.value })}
                data-testid="new-indicator-code"
              />
              <Input
                addonBefore={t('edit.newIndicator.name')}
                value={creating.name}
                onChange={(e) => setCreating({ ...creating, name: e.target.value })}
              />
              <Input
                addonBefore={t('edit.unit')}
                value={creating.unit}
                onChange={(e) => setCreating({ ...creating, unit: e.target.value })}
                style={{ width: 200 }}
              />
              <Select
                value={creating.cadence}
                onChange={(v) => setCreating({ ...creating, cadence: v })}
                options={cadences.map((c) => ({
                  value: c,
                  label: t(`settings.period.${c}` as MessageKey),
                }))}
                style={{ width: 120 }}
                aria-label={t('edit.newIndicator.cadence')}
              />
              <Select
                value={creating.measure}
                onChange={(v) => setCreating({ ...creating, measure: v })}
                options={measures.map((m) => ({
                  value: m,
                  label: t(`indicators.measure.${m}` as MessageKey),
                }))}
                style={{ width: 120 }}
                aria-label={t('edit.newIndicator.measure')}
              />
              <Button
                type="primary"
                loading={saving}
                disabled={creating.code.trim() === '' || creating.name.trim() === ''}
                onClick={() => void createIndicator()}
                data-testid="new-indicator-save"
              >
                {t('edit.newIndicator')}
              </Button>
            </Space>
          </div>
        ) : null}
        <Form.Item name="indicatorCode" label={t('edit.indicator')}>
          <Select
            allowClear
            disabled={isLocked}
            showSearch={{ optionFilterProp: 'search' }}
            placeholder={t('edit.indicator.search')}
            options={options}
            loading={indicators.status === 'loading'}
            onClear={() => form.setFieldValue('indicatorCode', null)}
            data-testid="editor-indicator"
            popupMatchSelectWidth={false}
          />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item name="comparator" label={t('edit.comparator')}>
            <Select
              disabled={isLocked}
              style={{ width: 110 }}
              options={comparators.map((c) => ({ value: c, label: formatComparator(c) }))}
              data-testid="editor-comparator"
            />
          </Form.Item>
          <Form.Item name="value" label={t('edit.value')}>
            <InputNumber disabled={isLocked} style={{ width: 140 }} data-testid="editor-value" />
          </Form.Item>
          <Form.Item name="valueMax" label={t('edit.valueMax')}>
            <InputNumber disabled={isLocked} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="unit" label={t('edit.unit')}>
            <Input disabled={isLocked} style={{ width: 110 }} data-testid="editor-unit" />
          </Form.Item>
        </Space>
        <Form.Item
          name="duePeriodId"
          label={t('edit.due')}
          rules={[
            {
              validator: (_, v: string) =>
                isPeriodId(v ?? '')
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('edit.dueInvalid'))),
            },
          ]}
        >
          <Input disabled={isLocked} style={{ width: 200 }} data-testid="editor-due" />
        </Form.Item>
        <Form.Item name="reason" label={t('edit.reason')}>
          <Input.TextArea rows={2} maxLength={500} data-testid="editor-reason" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

/** The drawer that sets a task's lead and co units. */
export function NodeUnitsEditor({
  planId,
  node,
  planStatus,
  onClose,
  onSaved,
}: {
  planId: string;
  node: Pick<PlanNodeView, 'id' | 'title' | 'label' | 'units'> | null;
  planStatus: string;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorMessage = useErrorMessage();
  const units = useApi(() => api.units(), []);
  const [lead, setLead] = useState<string[]>([]);
  const [co, setCo] = useState<string[]>([]);
  const [reason, setReason] = useState('');
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (!node) return;
    const codes = unitCodesByRole(node.units);
    setLead(codes.lead);
    setCo(codes.co);
    setReason('');
  }, [node]);
  if (!node) return null;
  const isLocked = planStatus !== 'draft';
  // Unit names are data: searched by their words, shown marked when they have no English.
  const options = (
    units.status === 'ok' ? units.data : node.units.map((u) => ({ ...u, nameEn: '' }))
  ).map((u) => ({
    value: u.code,
    search: `${u.name} ${u.nameEn} ${u.code}`,
    label: <DataText zh={u.name} en={u.nameEn} />,
  }));
  const save = async () => {
    setSaving(true);
    try {
      await api.setNodeUnits(planId, node.id, {
        lead,
        co: co.filter((c) => !lead.includes(c)),
        expected: unitCodesByRole(node.units),
        reason: reason || undefined,
      });
      void message.success(t('edit.saved'));
      onSaved();
      onClose();
    } catch (error) {
      if (isConflict(error)) {
        void message.warning(t('edit.conflict'));
        onSaved();
        onClose();
      } else void message.error(errorMessage(error));
    } finally {
      setSaving(false);
    }
  };
  const suggested = node.units.filter((u) => u.isSuggested);
  return (
    <Drawer
      open
      size="default"
      title={t('edit.units.title', { task: `${node.label} ${node.title}` })}
      onClose={onClose}
      data-testid="units-editor"
      extra={
        <Button
          type="primary"
          loading={saving}
          disabled={isLocked}
          onClick={() => void save()}
          data-testid="units-save"
        >
          {t('edit.save')}
        </Button>
      }
    >
      {isLocked ? (
        <Alert type="info" showIcon title={t('edit.locked')} style={{ marginBottom: 12 }} />
      ) : null}
      {suggested.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('edit.units.suggestedNote')}
          description={suggested.map((u) => (
            <Tag key={u.code}>
              {u.name} · {t(u.role === 'lead' ? 'units.role.lead' : 'units.role.co')}
            </Tag>
          ))}
        />
      ) : null}
      <Form layout="vertical" disabled={isLocked || saving}>
        <Form.Item label={t('plan.col.lead')}>
          <Select
            mode="multiple"
            value={lead}
            onChange={setLead}
            options={options}
            showSearch={{ optionFilterProp: 'search' }}
            data-testid="units-lead"
          />
        </Form.Item>
        <Form.Item label={t('plan.col.co')}>
          <Select
            mode="multiple"
            value={co}
            onChange={setCo}
            options={options.filter((o) => !lead.includes(o.value))}
            showSearch={{ optionFilterProp: 'search' }}
            data-testid="units-co"
          />
        </Form.Item>
        <Form.Item label={t('edit.reason')}>
          <Input.TextArea rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

const showValue = (value: unknown): string => {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.length === 0 ? '—' : value.map(String).join('、');
  if (typeof value === 'string' && value in { '>=': 1, '>': 1, '<=': 1, '<': 1, '~': 1, '=': 1 })
    return formatComparator(value);
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  return JSON.stringify(value);
};

/** The drawer listing what changed since the plan was last adopted. */
function ChangesDrawer({ planId, onClose }: { planId: string; onClose: () => void }) {
  const { t } = useI18n();
  const state = useApi((signal) => api.planChanges(planId, signal), [planId]);
  const fieldLabel = (field: string) => t(`plan.field.${field}` as MessageKey);
  // Statuses and plan actions in words, not as stored (proposed, plan.draft).
  const statuses: readonly unknown[] = ['proposed', 'accepted', 'rejected'];
  const planActions: readonly string[] = ['plan.draft', 'plan.adopted', 'plan.closed'];
  const fieldValue = (field: string, value: unknown) =>
    field === 'status' && statuses.includes(value)
      ? t(`edit.status.${String(value)}` as MessageKey)
      : showValue(value);
  const actionLabel = (action: string) =>
    planActions.includes(action)
      ? t(`plan.action.${action.slice('plan.'.length)}` as MessageKey)
      : action;
  return (
    <Drawer
      open
      size="large"
      title={t('plan.changes')}
      onClose={onClose}
      data-testid="changes-drawer"
    >
      <Async state={state}>
        {(data) =>
          data.adoptedAt === null ? (
            <Alert type="info" title={t('plan.changes.never')} />
          ) : (
            <>
              <Typography.Paragraph type="secondary">
                {t('plan.changes.adoptedAt', {
                  at: formatTimestamp(data.adoptedAt),
                  actor: data.adoptedBy ?? '',
                })}{' '}
                · {t('plan.changes.count', { count: data.changes.length })}
              </Typography.Paragraph>
              {data.changes.length === 0 ? (
                <Alert type="success" title={t('plan.changes.none')} />
              ) : (
                <Table
                  size="small"
                  rowKey={(c) => `${c.entity}|${c.entityId}`}
                  pagination={false}
                  dataSource={data.changes}
                  data-testid="changes-table"
                  columns={[
                    {
                      title: t('plan.col.item'),
                      render: (_, c) => (
                        <Space orientation="vertical" size={0}>
                          <span>{c.entity === 'plan' ? t('plan.title') : c.label}</span>
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                            {formatTimestamp(c.at)} · {c.actors.join('、')}
                          </Typography.Text>
                        </Space>
                      ),
                    },
                    {
                      title: t('audit.change'),
                      render: (_, c) =>
                        c.fields.length === 0 ? (
                          c.actions.map(actionLabel).join('、')
                        ) : (
                          <div>
                            {c.fields.map((f) => (
                              <div key={f.field}>
                                {fieldLabel(f.field)}：{fieldValue(f.field, f.before)} →{' '}
                                {fieldValue(f.field, f.after)}
                              </div>
                            ))}
                          </div>
                        ),
                    },
                    { title: t('audit.reason'), render: (_, c) => c.reasons.join('；') },
                  ]}
                />
              )}
            </>
          )
        }
      </Async>
    </Drawer>
  );
}

/** The plan's status with the planner's actions: adopt, reopen with a reason, see the changes. */
export function PlanStatusBar({
  tree,
  canEdit,
  onChanged,
}: {
  tree: Pick<PlanTree, 'id' | 'status'>;
  canEdit: boolean;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorMessage = useErrorMessage();
  const [reopening, setReopening] = useState(false);
  const [reason, setReason] = useState('');
  const [showChanges, setShowChanges] = useState(false);
  const statusKey = `plan.status.${tree.status}` as MessageKey;
  const setStatus = async (status: 'adopted' | 'draft') => {
    try {
      await api.setPlanStatus(tree.id, { status, reason: status === 'draft' ? reason : undefined });
      void message.success(t(status === 'adopted' ? 'plan.adopted' : 'plan.reopened'));
      setReopening(false);
      onChanged();
    } catch (error) {
      void message.error(errorMessage(error));
    }
  };
  return (
    <Space wrap className="plan-status-bar">
      <Tag
        color={tree.status === 'adopted' ? 'green' : tree.status === 'draft' ? 'gold' : 'default'}
        data-testid="plan-status"
      >
        {t(statusKey)}
      </Tag>
      <span className="no-print">
        <Space wrap>
          {canEdit && tree.status === 'draft' ? (
            <Popconfirm
              title={t('plan.adopt')}
              description={<div style={{ maxWidth: 280 }}>{t('plan.adopt.confirm')}</div>}
              onConfirm={() => void setStatus('adopted')}
            >
              <Button type="primary" size="small" data-testid="plan-adopt">
                {t('plan.adopt')}
              </Button>
            </Popconfirm>
          ) : null}
          {canEdit && tree.status === 'adopted' ? (
            <Button size="small" onClick={() => setReopening(true)} data-testid="plan-reopen">
              {t('plan.reopen')}
            </Button>
          ) : null}
          <Button size="small" onClick={() => setShowChanges(true)} data-testid="plan-changes">
            {t('plan.changes')}
          </Button>
        </Space>
      </span>
      <Modal
        open={reopening}
        title={t('plan.reopen')}
        onCancel={() => setReopening(false)}
        okButtonProps={{ disabled: reason.trim() === '', 'data-testid': 'plan-reopen-ok' }}
        onOk={() => void setStatus('draft')}
      >
        <Input.TextArea
          rows={3}
          placeholder={t('plan.reopen.reason')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          data-testid="plan-reopen-reason"
        />
      </Modal>
      {showChanges ? (
        <ChangesDrawer planId={tree.id} onClose={() => setShowChanges(false)} />
      ) : null}
    </Space>
  );
}
