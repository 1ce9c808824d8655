/**
 * The writes of a project's page: raise a blocker and move it along (待销号 with evidence,
 * 销号, reopen with a reason), record a milestone's planned, forecast and actual dates, approve
 * or re-baseline the node plan (with a reason), and report a month's actual investment. Each
 * calls the API as it stands; the server checks the grant and the unit's scope, and its refusal
 * is shown as it says it.
 */
import { App, Button, Checkbox, Form, Input, InputNumber, Modal, Select, Space } from 'antd';
import { useState } from 'react';
import type { UnitView } from '../../../src/contract/registry.ts';
import type {
  BlockerView,
  MilestoneView,
  ProjectInvestmentView,
  ProjectView,
} from '../../../src/contract/project.ts';
import {
  projectKindLabels,
  projectKinds,
  projectLevelLabels,
  projectLevels,
  projectStageLabels,
  projectStages,
} from '../../../src/core/project.ts';
import {
  blockerStateLabels,
  blockerStates,
  blockerTypeLabels,
  blockerTypes,
  canTransitionBlocker,
  type BlockerState,
} from '../../../src/core/blocker.ts';
import { ApiError, getJson, sendJson } from '../../app/api.ts';
import { useI18n } from '../../app/i18n-context.tsx';
import { useApi } from '../../app/use-api.ts';
import { formatMeasureUnit, formatPeriod } from '../../app/format.ts';
import { parsePeriod, periodsWithin } from '../../../src/core/period.ts';

/** Runs a write; on refusal shows the server's message and keeps the form open. */
function useWrite() {
  const { message } = App.useApp();
  const { t, lang } = useI18n();
  const [busy, setBusy] = useState(false);
  const run = async (write: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true);
    try {
      await write();
      void message.success(t('projects.saved'));
      return true;
    } catch (e) {
      const text = e instanceof ApiError ? (lang === 'zh' ? e.message : e.messageEn) : String(e);
      void message.error(text);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, run };
}

const label = (lang: string, l: { zh: string; en: string }) => (lang === 'zh' ? l.zh : l.en);

/** 提出卡点: type, description, the unit that must solve it and the due date. */
export function RaiseBlockerButton({
  code,
  unitCode,
  onDone,
}: {
  code: string;
  unitCode: string;
  onDone: () => void;
}) {
  const { t, lang } = useI18n();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{
    type: BlockerView['type'];
    description: string;
    unitCode: string;
    dueDate: string;
  }>();
  const units = useApi((signal) => getJson<UnitView[]>('/units', signal), []);
  const { busy, run } = useWrite();
  const submit = async () => {
    const body = await form.validateFields();
    if (await run(() => sendJson('POST', `/projects/${encodeURIComponent(code)}/blockers`, body))) {
      setOpen(false);
      form.resetFields();
      onDone();
    }
  };
  return (
    <>
      <Button data-testid="blocker-raise" className="no-print" onClick={() => setOpen(true)}>
        {t('projects.raiseBlocker')}
      </Button>
      <Modal
        open={open}
        title={t('projects.raiseBlocker')}
        onCancel={() => setOpen(false)}
        onOk={() => void submit()}
        confirmLoading={busy}
        okButtonProps={{ 'data-testid': 'blocker-raise-ok' }}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" initialValues={{ type: blockerTypes[0], unitCode }}>
          <Form.Item name="type" label={t('projects.kind')} rules={[{ required: true }]}>
            <Select
              options={blockerTypes.map((b) => ({
                value: b,
                label: label(lang, blockerTypeLabels[b]),
              }))}
            />
          </Form.Item>
          <Form.Item
            name="description"
            label={t('projects.blockerText')}
            rules={[{ required: true, whitespace: true, max: 2000 }]}
          >
            <Input.TextArea data-testid="blocker-description" rows={3} maxLength={2000} />
          </Form.Item>
          <Form.Item name="unitCode" label={t('projects.blockerUnit')} rules={[{ required: true }]}>
            <Select
              showSearch
              optionFilterProp="label"
              options={(units.status === 'ok' ? units.data : []).map((u) => ({
                value: u.code,
                label: u.name,
              }))}
            />
          </Form.Item>
          <Form.Item name="dueDate" label={t('projects.due')} rules={[{ required: true }]}>
            <Input data-testid="blocker-due" type="date" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

/** The moves a blocker can make from where it is; 待销号 asks for evidence, reopening for a reason. */
export function BlockerMoves({ blocker, onDone }: { blocker: BlockerView; onDone: () => void }) {
  const { t, lang } = useI18n();
  const [to, setTo] = useState<BlockerState | null>(null);
  const [text, setText] = useState('');
  const { busy, run } = useWrite();
  const next = blockerStates.filter((s) => canTransitionBlocker(blocker.state, s));
  const needsText = to === 'resolved' || to === 'reopened';
  const move = async (state: BlockerState, note: string) => {
    const body = {
      to: state,
      version: blocker.version,
      ...(state === 'resolved' ? { evidence: note } : {}),
      ...(state === 'reopened' ? { reason: note } : {}),
    };
    if (await run(() => sendJson('POST', `/blockers/${blocker.id}/state`, body))) {
      setTo(null);
      setText('');
      onDone();
    }
  };
  return (
    <Space size={4} wrap className="no-print">
      {next.map((s) => (
        <Button
          key={s}
          size="small"
          data-testid={`blocker-${blocker.id}-${s}`}
          loading={busy && to === s}
          onClick={() => (s === 'resolved' || s === 'reopened' ? setTo(s) : void move(s, ''))}
        >
          {label(lang, blockerStateLabels[s])}
        </Button>
      ))}
      <Modal
        open={needsText}
        title={to ? label(lang, blockerStateLabels[to]) : ''}
        onCancel={() => setTo(null)}
        onOk={() => to && void move(to, text)}
        okButtonProps={{ disabled: text.trim() === '', 'data-testid': 'blocker-move-ok' }}
        confirmLoading={busy}
      >
        <Input.TextArea
          data-testid="blocker-move-text"
          rows={3}
          maxLength={to === 'resolved' ? 2000 : 500}
          placeholder={t(to === 'resolved' ? 'projects.evidence' : 'projects.reason')}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </Modal>
    </Space>
  );
}

/** 记录节点日期: planned, forecast and actual dates of one node (the baseline does not move). */
export function MilestoneEditButton({
  code,
  milestone,
  onDone,
}: {
  code: string;
  milestone: MilestoneView;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ plannedDate: string; forecastDate: string; actualDate: string }>();
  const { busy, run } = useWrite();
  const submit = async () => {
    const v = await form.validateFields();
    const day = (s: string | undefined) => (s ? s : null);
    const body = {
      milestones: [
        {
          node: milestone.node,
          plannedDate: day(v.plannedDate),
          forecastDate: day(v.forecastDate),
          actualDate: day(v.actualDate),
        },
      ],
    };
    if (
      await run(() => sendJson('PUT', `/projects/${encodeURIComponent(code)}/milestones`, body))
    ) {
      setOpen(false);
      onDone();
    }
  };
  return (
    <>
      <Button
        size="small"
        className="no-print"
        data-testid={`milestone-edit-${milestone.node}`}
        onClick={() => setOpen(true)}
      >
        {t('projects.edit')}
      </Button>
      <Modal
        open={open}
        title={milestone.name}
        onCancel={() => setOpen(false)}
        onOk={() => void submit()}
        confirmLoading={busy}
        okButtonProps={{ 'data-testid': 'milestone-ok' }}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{
            plannedDate: milestone.plannedDate ?? '',
            forecastDate: milestone.forecastDate ?? '',
            actualDate: milestone.actualDate ?? '',
          }}
        >
          <Form.Item name="plannedDate" label={t('projects.planned')}>
            <Input data-testid="milestone-planned" type="date" />
          </Form.Item>
          <Form.Item name="forecastDate" label={t('projects.forecast')}>
            <Input data-testid="milestone-forecast" type="date" />
          </Form.Item>
          <Form.Item name="actualDate" label={t('projects.actualDate')}>
            <Input data-testid="milestone-actual" type="date" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

/** 批准基线 / 调整基线: the planned dates become the baseline; a re-baseline needs a reason. */
export function BaselineButton({
  code,
  hasBaseline,
  onDone,
}: {
  code: string;
  hasBaseline: boolean;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const { busy, run } = useWrite();
  const submit = async () => {
    const body = reason.trim() ? { reason: reason.trim() } : {};
    if (await run(() => sendJson('POST', `/projects/${encodeURIComponent(code)}/baseline`, body))) {
      setOpen(false);
      setReason('');
      onDone();
    }
  };
  const title = t(hasBaseline ? 'projects.rebaseline' : 'projects.approveBaseline');
  return (
    <>
      <Button className="no-print" data-testid="baseline-open" onClick={() => setOpen(true)}>
        {title}
      </Button>
      <Modal
        open={open}
        title={title}
        onCancel={() => setOpen(false)}
        onOk={() => void submit()}
        confirmLoading={busy}
        okButtonProps={{
          disabled: hasBaseline && reason.trim() === '',
          'data-testid': 'baseline-ok',
        }}
      >
        <Input.TextArea
          data-testid="baseline-reason"
          rows={3}
          maxLength={500}
          placeholder={t('projects.reason')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
    </>
  );
}

/** 填报月度完成投资: a month's actual in 万元, saved as a draft or submitted for review. */
export function InvestmentEntry({
  code,
  investment,
  onDone,
}: {
  code: string;
  investment: ProjectInvestmentView;
  onDone: () => void;
}) {
  const { t, lang } = useI18n();
  const months = periodsWithin(parsePeriod(String(investment.year)), 'month').map((p) => p.id);
  const lineOf = (id: string | undefined) => investment.lines.find((l) => l.periodId === id);
  // The first month still open to the owner: not yet submitted or approved.
  const firstOpen = months.find((id) => {
    const state = lineOf(id)?.state;
    return state !== 'submitted' && state !== 'approved';
  });
  const [periodId, setPeriodId] = useState<string | undefined>(firstOpen);
  const [wan, setWan] = useState<number | null>(null);
  const [submit, setSubmit] = useState(true);
  const { busy, run } = useWrite();
  const line = lineOf(periodId);
  const save = async () => {
    if (!periodId || wan === null) return;
    const body = { actualYuan: Math.round(wan * 1e4), version: line?.version ?? 0, submit };
    if (
      await run(() =>
        sendJson('PUT', `/projects/${encodeURIComponent(code)}/investment/${periodId}`, body),
      )
    ) {
      setWan(null);
      onDone();
    }
  };
  return (
    <Space wrap className="no-print" data-testid="investment-entry">
      <Select
        data-testid="investment-month"
        style={{ width: 120 }}
        value={periodId}
        onChange={setPeriodId}
        options={months.map((id) => ({
          value: id,
          label: formatPeriod(id, lang),
          disabled: ['submitted', 'approved'].includes(lineOf(id)?.state ?? ''),
        }))}
        aria-label={t('projects.month')}
      />
      <InputNumber<number>
        data-testid="investment-amount"
        min={0}
        max={1e10}
        precision={2}
        value={wan}
        onChange={setWan}
        addonAfter={formatMeasureUnit('万元', lang)}
        placeholder={t('projects.actualWan')}
      />
      <Checkbox checked={submit} onChange={(e) => setSubmit(e.target.checked)}>
        {t('projects.submitForReview')}
      </Checkbox>
      <Button
        type="primary"
        data-testid="investment-save"
        loading={busy}
        disabled={!periodId || wan === null}
        onClick={() => void save()}
      >
        {t('projects.save')}
      </Button>
    </Space>
  );
}

interface ProjectFields {
  code: string;
  name: string;
  kind: ProjectView['kind'];
  level: ProjectView['level'];
  stage: ProjectView['stage'];
  unitCode: string;
  townCode: string;
  ownerName: string;
  leader: string;
  totalYi: number | null;
  startDate: string;
  finishDate: string;
  content: string;
  progressNote: string;
}

const monthOrDay = /^\d{4}-\d{2}(-\d{2})?$/;

/**
 * 新增项目 / 修改项目: the registry entry, money in 亿元 as the office writes it. An owner edits
 * its own projects; the server refuses a unit outside the writer's scope.
 */
export function ProjectFormButton({
  project,
  onDone,
}: {
  project?: ProjectView;
  onDone: (code: string) => void;
}) {
  const { t, lang } = useI18n();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<ProjectFields>();
  const units = useApi((signal) => getJson<UnitView[]>('/units', signal), []);
  const { busy, run } = useWrite();
  const all = units.status === 'ok' ? units.data : [];
  const options = <K extends string>(
    keys: readonly K[],
    labels: Readonly<Record<K, { zh: string; en: string }>>,
  ) => keys.map((k) => ({ value: k, label: label(lang, labels[k]) }));
  const submit = async () => {
    const v = await form.validateFields();
    const fields = {
      name: v.name.trim(),
      kind: v.kind,
      level: v.level,
      stage: v.stage,
      unitCode: v.unitCode,
      townCode: v.townCode || null,
      ownerName: v.ownerName.trim(),
      leader: v.leader.trim(),
      totalInvestmentYuan: v.totalYi === null ? null : Math.round(v.totalYi * 1e8),
      startDate: v.startDate || null,
      finishDate: v.finishDate || null,
      content: v.content,
      progressNote: v.progressNote,
    };
    const code = project?.code ?? v.code.trim();
    const ok = await run(() =>
      project
        ? sendJson('PATCH', `/projects/${encodeURIComponent(code)}`, {
            ...fields,
            version: project.version,
          })
        : sendJson('POST', '/projects', { ...fields, code }),
    );
    if (ok) {
      setOpen(false);
      onDone(code);
    }
  };
  const title = t(project ? 'projects.editProject' : 'projects.newProject');
  return (
    <>
      <Button
        className="no-print"
        data-testid={project ? 'project-edit' : 'project-new'}
        onClick={() => setOpen(true)}
      >
        {title}
      </Button>
      <Modal
        open={open}
        title={title}
        width={720}
        onCancel={() => setOpen(false)}
        onOk={() => void submit()}
        confirmLoading={busy}
        okButtonProps={{ 'data-testid': 'project-form-ok' }}
        destroyOnHidden
      >
        <Form<ProjectFields>
          form={form}
          layout="vertical"
          initialValues={{
            code: project?.code ?? '',
            name: project?.name ?? '',
            kind: project?.kind ?? projectKinds[0],
            level: project?.level ?? 'district',
            stage: project?.stage ?? projectStages[0],
            unitCode: project?.unit.code ?? '',
            townCode: project?.town?.code ?? '',
            ownerName: project?.ownerName ?? '',
            leader: project?.leader ?? '',
            totalYi:
              project?.totalInvestmentYuan === null || project?.totalInvestmentYuan === undefined
                ? null
                : project.totalInvestmentYuan / 1e8,
            startDate: project?.startDate ?? '',
            finishDate: project?.finishDate ?? '',
            content: project?.content ?? '',
            progressNote: project?.progressNote ?? '',
          }}
        >
          <Space wrap align="start">
            <Form.Item
              name="code"
              label={t('projects.code')}
              rules={[{ required: true, whitespace: true, max: 64 }]}
            >
              <Input data-testid="project-code" disabled={project !== undefined} maxLength={64} />
            </Form.Item>
            <Form.Item
              name="name"
              label={t('common.name')}
              rules={[{ required: true, whitespace: true, max: 200 }]}
            >
              <Input data-testid="project-name" style={{ width: 360 }} maxLength={200} />
            </Form.Item>
          </Space>
          <Space wrap align="start">
            <Form.Item name="kind" label={t('projects.kind')}>
              <Select style={{ width: 140 }} options={options(projectKinds, projectKindLabels)} />
            </Form.Item>
            <Form.Item name="level" label={t('projects.level')}>
              <Select style={{ width: 140 }} options={options(projectLevels, projectLevelLabels)} />
            </Form.Item>
            <Form.Item name="stage" label={t('projects.stage')}>
              <Select
                data-testid="project-stage"
                style={{ width: 140 }}
                options={options(projectStages, projectStageLabels)}
              />
            </Form.Item>
          </Space>
          <Space wrap align="start">
            <Form.Item name="unitCode" label={t('common.unit')} rules={[{ required: true }]}>
              <Select
                data-testid="project-unit"
                style={{ width: 220 }}
                showSearch
                optionFilterProp="label"
                options={all.map((u) => ({ value: u.code, label: u.name }))}
              />
            </Form.Item>
            <Form.Item name="townCode" label={t('projects.town')}>
              <Select
                style={{ width: 180 }}
                showSearch
                optionFilterProp="label"
                options={[
                  { value: '', label: '—' },
                  ...all
                    .filter((u) => u.kind === 'region' && u.parentId !== null)
                    .map((u) => ({ value: u.code, label: u.name })),
                ]}
              />
            </Form.Item>
            <Form.Item name="totalYi" label={t('projects.total')}>
              <InputNumber<number>
                data-testid="project-total"
                min={0}
                max={1e6}
                precision={2}
                style={{ width: 160 }}
              />
            </Form.Item>
          </Space>
          <Space wrap align="start">
            <Form.Item name="ownerName" label={t('projects.owner')} rules={[{ max: 200 }]}>
              <Input style={{ width: 240 }} maxLength={200} />
            </Form.Item>
            <Form.Item name="leader" label={t('projects.leader')} rules={[{ max: 100 }]}>
              <Input style={{ width: 140 }} maxLength={100} />
            </Form.Item>
            <Form.Item
              name="startDate"
              label={t('projects.startDate')}
              rules={[{ pattern: monthOrDay, message: 'YYYY-MM / YYYY-MM-DD' }]}
            >
              <Input data-testid="project-start" style={{ width: 130 }} maxLength={10} />
            </Form.Item>
            <Form.Item
              name="finishDate"
              label={t('projects.finishDate')}
              rules={[{ pattern: monthOrDay, message: 'YYYY-MM / YYYY-MM-DD' }]}
            >
              <Input data-testid="project-finish" style={{ width: 130 }} maxLength={10} />
            </Form.Item>
          </Space>
          <Form.Item name="content" label={t('projects.content')} rules={[{ max: 4000 }]}>
            <Input.TextArea rows={2} maxLength={4000} />
          </Form.Item>
          <Form.Item name="progressNote" label={t('projects.progressNote')} rules={[{ max: 4000 }]}>
            <Input.TextArea data-testid="project-progress" rows={2} maxLength={4000} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
