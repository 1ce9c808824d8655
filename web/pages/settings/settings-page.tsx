/** Settings (`/settings`): the light thresholds and the due days per cadence, each change audited. */
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Space,
  Switch,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { ApiError, api, type DueRulesData, type LightThresholdsData } from '../../app/api.ts';
import { formatTimestamp } from '../../app/format.ts';
import { useI18n } from '../../app/i18n-context.tsx';
import type { MessageKey } from '../../app/i18n.ts';
import { useSession } from '../../app/session-context.tsx';
import { canEditPlan } from '../../app/session.ts';
import { useApi } from '../../app/use-api.ts';
import { Async, useErrorMessage } from '../../components/page-state.tsx';

type Thresholds = LightThresholdsData['thresholds'];
const numberFields = [
  'flowYellowPoints',
  'growthYellowPoints',
  'levelYellowShare',
  'milestoneYellowDays',
] as const;
const periodKeys = ['year', 'half', 'quarter', 'month', 'dekad', 'week', 'day'] as const;

/** The form shows the level band in percent; the API keeps it as a share (0.02 = 2%). */
const toForm = (t: Thresholds) => ({ ...t, levelYellowShare: t.levelYellowShare * 100 });
const fromForm = (f: Thresholds) => ({ ...f, levelYellowShare: f.levelYellowShare / 100 });

function ThresholdsCard({ initial, canEdit }: { initial: LightThresholdsData; canEdit: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorMessage = useErrorMessage();
  const [data, setData] = useState(initial);
  const [reason, setReason] = useState('');
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<Thresholds>();
  useEffect(() => form.setFieldsValue(toForm(data.thresholds)), [data, form]);
  const save = async () => {
    const values = fromForm(await form.validateFields());
    setSaving(true);
    try {
      setData(
        await api.setLightThresholds({
          ...values,
          version: data.version,
          reason: reason || undefined,
        }),
      );
      setReason('');
      void message.success(t('edit.saved'));
    } catch (error) {
      if (error instanceof ApiError && error.code === 'CONFLICT') {
        void message.warning(t('edit.conflict'));
        setData(await api.lightThresholds());
      } else void message.error(errorMessage(error));
    } finally {
      setSaving(false);
    }
  };
  const defaults = toForm(data.defaults);
  return (
    <Card
      size="small"
      title={t('settings.thresholds')}
      data-testid="thresholds-card"
      extra={
        data.updatedAt ? (
          <Typography.Text type="secondary">
            {t('settings.updated', {
              at: formatTimestamp(data.updatedAt),
              actor: data.updatedBy ?? '',
            })}
          </Typography.Text>
        ) : null
      }
    >
      <Form form={form} layout="vertical" disabled={!canEdit || saving}>
        {numberFields.map((field) => (
          <Form.Item
            key={field}
            name={field}
            label={t(`settings.${field}` as MessageKey)}
            extra={t('settings.default', { value: defaults[field] })}
            rules={[{ required: true }]}
          >
            <InputNumber
              min={0}
              max={field === 'milestoneYellowDays' ? 366 : 100}
              step={field === 'milestoneYellowDays' ? 1 : 0.5}
              precision={field === 'milestoneYellowDays' ? 0 : undefined}
              style={{ width: 160 }}
              data-testid={`threshold-${field}`}
            />
          </Form.Item>
        ))}
        <Form.Item name="dampRecovery" label={t('settings.dampRecovery')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item label={t('edit.reason')}>
          <Input.TextArea rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
        </Form.Item>
        <Button
          type="primary"
          loading={saving}
          onClick={() => void save()}
          data-testid="thresholds-save"
        >
          {t('edit.save')}
        </Button>
      </Form>
    </Card>
  );
}

function DueRulesCard({ initial, canEdit }: { initial: DueRulesData; canEdit: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorMessage = useErrorMessage();
  const [form] = Form.useForm<DueRulesData>();
  const [reason, setReason] = useState('');
  const [saving, setSaving] = useState(false);
  useEffect(() => form.setFieldsValue(initial), [initial, form]);
  const save = async () => {
    const values = await form.validateFields();
    setSaving(true);
    try {
      form.setFieldsValue(await api.setDueRules({ rules: values, reason: reason || undefined }));
      setReason('');
      void message.success(t('edit.saved'));
    } catch (error) {
      void message.error(errorMessage(error));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Card size="small" title={t('settings.dueRules')} data-testid="due-rules-card">
      <Form form={form} layout="inline" disabled={!canEdit || saving}>
        {periodKeys.map((key) => (
          <Form.Item
            key={key}
            name={key}
            label={t(`settings.period.${key}` as MessageKey)}
            rules={[{ required: true }]}
            style={{ marginBottom: 12 }}
          >
            <InputNumber min={0} max={366} precision={0} data-testid={`due-${key}`} />
          </Form.Item>
        ))}
      </Form>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Input.TextArea
          rows={2}
          placeholder={t('edit.reason')}
          value={reason}
          disabled={!canEdit}
          onChange={(e) => setReason(e.target.value)}
        />
        <Button
          type="primary"
          loading={saving}
          disabled={!canEdit}
          onClick={() => void save()}
          data-testid="due-rules-save"
        >
          {t('edit.save')}
        </Button>
      </Space>
    </Card>
  );
}

/** The settings page (`/settings`). */
export default function SettingsPage() {
  const { t } = useI18n();
  const { user } = useSession();
  const canEdit = canEditPlan(user);
  const state = useApi(async (signal) => {
    const [thresholds, dueRules] = await Promise.all([
      api.lightThresholds(signal),
      api.dueRules(signal),
    ]);
    return { thresholds, dueRules };
  }, []);
  return (
    <div data-page="settings">
      <div className="page-header">
        <div>
          <Typography.Title level={3}>{t('settings.title')}</Typography.Title>
          <div className="page-sub">{t('settings.subtitle')}</div>
        </div>
      </div>
      {canEdit ? null : (
        <Alert type="info" showIcon title={t('settings.noRole')} style={{ marginBottom: 12 }} />
      )}
      <Async state={state}>
        {({ thresholds, dueRules }) => (
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <ThresholdsCard initial={thresholds} canEdit={canEdit} />
            <DueRulesCard initial={dueRules} canEdit={canEdit} />
          </Space>
        )}
      </Async>
    </div>
  );
}
