/** Plan: the tree parts → groups → tasks → targets with lights, lead units and progress; filter, search, export, print. */
import { EditOutlined, PrinterOutlined, TeamOutlined } from '@ant-design/icons';
import { Button, Card, Input, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useCallback, useMemo, useState, type ReactNode } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import type { Light } from '../../../src/contract/common.ts';
import type { PlanNodeView, PlanTree, TargetView } from '../../../src/contract/plan.ts';
import { api } from '../../app/api.ts';
import {
  formatCount,
  formatNodeLabel,
  formatPeriod,
  formatShare,
  formatTargetValue,
} from '../../app/format.ts';
import { useI18n } from '../../app/i18n-context.tsx';
import { screenOnly, usePrintMode } from '../../app/use-print-mode.ts';
import { pickLang, type MessageKey } from '../../app/i18n.ts';
import {
  collectExpandableKeys,
  countTargets,
  filterPlanRows,
  flattenRows,
  lightOrder,
  toPlanRows,
  type PlanRow,
} from '../../app/plan-rows.ts';
import { useSession } from '../../app/session-context.tsx';
import { canEditPlan } from '../../app/session.ts';
import { useApi } from '../../app/use-api.ts';
import type { ExportColumn } from '../../app/xlsx.ts';
import { ExportButton } from '../../components/export-button.tsx';
import { DataList, DataText, dataSlot, fillDataSlot } from '../../components/data-text.tsx';
import { lightStyles } from '../../components/light-style.ts';
import { LightCountsInline, LightTag } from '../../components/light-tag.tsx';
import { Async, NoData } from '../../components/page-state.tsx';
import { NodeUnitsEditor, PlanStatusBar, TargetEditor } from './plan-editor.tsx';
import { ProgressCell } from './progress-cell.tsx';
import { progressByNode, type TaskProgressItem } from './task-progress-logic.ts';
import { TaskProgressCell, TaskProgressDrawer } from './task-progress.tsx';

const kindKey = (kind: PlanRow['kind']): MessageKey => `plan.kind.${kind}`;
const isLight = (s: string): s is Light => (lightOrder as readonly string[]).includes(s);

const nodeIdOf = (row: PlanRow) => row.key.replace(/^node:/, '');

/** Every node of a tree by id, for the units editor. */
const nodesById = (nodes: readonly PlanNodeView[], into = new Map<string, PlanNodeView>()) => {
  for (const n of nodes) {
    into.set(n.id, n);
    nodesById(n.children, into);
  }
  return into;
};

function PlanTable({
  tree,
  canEdit,
  onEdited,
}: {
  tree: PlanTree;
  canEdit: boolean;
  onEdited: () => void;
}) {
  const { t, lang } = useI18n();
  const isPrinting = usePrintMode();
  const [editing, setEditing] = useState<TargetView | null>(null);
  const [editingNode, setEditingNode] = useState<PlanNodeView | null>(null);
  const nodeMap = useMemo(() => nodesById(tree.nodes), [tree]);
  const progress = useApi((signal) => api.planProgress(tree.id, signal), [tree.id]);
  const progressData = progress.status === 'ok' ? progress.data : null;
  const progressMap = useMemo(
    () => (progressData ? progressByNode(progressData) : new Map<string, TaskProgressItem>()),
    [progressData],
  );
  const [openTask, setOpenTask] = useState<TaskProgressItem | null>(null);
  const [params, setParams] = useSearchParams();
  const lights = (params.get('light') ?? '').split(',').filter(isLight);
  const unitCode = params.get('unit');
  const groupKey = params.get('group');
  const search = params.get('q') ?? '';
  const setParam = (name: string, value: string | null) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );

  const allRows = useMemo(() => toPlanRows(tree), [tree]);
  const rows = useMemo(
    () => filterPlanRows(allRows, { lights, unitCode, groupKey, search }),
    // The lights array is rebuilt each render; its text form is what changes.
    [allRows, lights.join(','), unitCode, groupKey, search],
  );
  const allKeys = useMemo(() => collectExpandableKeys(rows), [rows]);
  // Parts and groups without targets (the review of last year) start closed.
  const [collapsed, setCollapsed] = useState<Set<string>>(
    () =>
      new Set(
        flattenRows(allRows)
          .filter((r) => r.row.children && countTargets(r.row.children) === 0)
          .map((r) => r.row.key),
      ),
  );
  const expandedKeys = allKeys.filter((k) => !collapsed.has(k));

  const unitOptions = useMemo(() => {
    const seen = new Map<string, string>();
    for (const { row } of flattenRows(allRows))
      for (const u of [...row.leadUnits, ...row.coUnits])
        if (!seen.has(u.code)) seen.set(u.code, u.name);
    return [...seen.entries()]
      .sort((a, b) => a[1].localeCompare(b[1], 'zh'))
      .map(([value, label]) => ({ value, label }));
  }, [allRows]);
  const groupOptions = useMemo(
    () =>
      flattenRows(allRows)
        .filter((r) => r.row.kind === 'group')
        .map((r) => ({ value: r.row.groupKey ?? '', label: `${r.row.label} ${r.row.title}` })),
    [allRows],
  );

  const exportColumns: ExportColumn<{ row: PlanRow; depth: number }>[] = [
    { header: t('plan.col.level'), value: ({ row }) => t(kindKey(row.kind)) },
    {
      header: t('plan.col.item'),
      value: ({ row, depth }) =>
        `${'  '.repeat(depth)}${row.label ? `${formatNodeLabel(row.label, lang)} ` : ''}${row.title}`,
    },
    {
      header: t('plan.col.light'),
      value: ({ row }) => (row.light ? t(lightStyles[row.light].word) : ''),
    },
    { header: t('plan.col.lead'), value: ({ row }) => row.leadUnits.map((u) => u.name).join('、') },
    { header: t('plan.col.co'), value: ({ row }) => row.coUnits.map((u) => u.name).join('、') },
    {
      header: t('plan.col.target'),
      value: ({ row }) => (row.target ? formatTargetValue(row.target, lang) : ''),
    },
    { header: t('plan.col.actual'), value: ({ row }) => row.target?.assessment.actual ?? null },
    {
      header: t('target.share'),
      value: ({ row }) => (row.target ? formatShare(row.target.assessment.shareOfTarget) : ''),
    },
    {
      header: t('target.expected'),
      value: ({ row }) => (row.target ? formatShare(row.target.assessment.expectedShare) : ''),
    },
    {
      header: t('plan.col.due'),
      value: ({ row }) => (row.target ? formatPeriod(row.target.duePeriodId, lang) : ''),
    },
    {
      header: t('plan.col.reason'),
      value: ({ row }) =>
        row.target
          ? pickLang(lang, row.target.assessment.reason.zh, row.target.assessment.reason.en)
          : '',
    },
  ];

  return (
    <Card size="small">
      <div className="toolbar no-print">
        <Input.Search
          allowClear
          placeholder={t('plan.search')}
          defaultValue={search}
          onSearch={(v) => setParam('q', v.trim() || null)}
          style={{ width: 240 }}
          data-testid="plan-search"
        />
        <Select<Light[]>
          mode="multiple"
          allowClear
          placeholder={t('plan.filter.light')}
          value={lights}
          onChange={(v) => setParam('light', v.join(',') || null)}
          style={{ minWidth: 180 }}
          data-testid="filter-light"
          options={lightOrder.map((l) => ({ value: l, label: t(lightStyles[l].word) }))}
          optionRender={(o) => <LightTag light={o.value as Light} />}
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('plan.filter.unit')}
          value={unitCode ?? undefined}
          onChange={(v: string | undefined) => setParam('unit', v ?? null)}
          style={{ width: 200 }}
          options={unitOptions}
          data-testid="filter-unit"
        />
        <Select
          allowClear
          placeholder={t('plan.filter.group')}
          value={groupKey ?? undefined}
          onChange={(v: string | undefined) => setParam('group', v ?? null)}
          style={{ width: 220 }}
          options={groupOptions}
          popupMatchSelectWidth={false}
          data-testid="filter-group"
        />
        <Button onClick={() => setCollapsed(new Set())} data-testid="expand-all">
          {t('plan.expandAll')}
        </Button>
        <Button onClick={() => setCollapsed(new Set(allKeys))} data-testid="collapse-all">
          {t('plan.collapseAll')}
        </Button>
        <span style={{ flex: 1 }} />
        <Typography.Text type="secondary" data-testid="matched-count">
          {t('plan.matched', { count: countTargets(rows) })}
        </Typography.Text>
        <ExportButton
          fileName={tree.title}
          sheetName={t('menu.plan')}
          columns={exportColumns}
          rows={flattenRows(rows)}
        />
        <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
          {t('common.print')}
        </Button>
      </div>
      <PrintedFilters
        parts={[
          lights.length > 0
            ? `${t('plan.col.light')}：${lights.map((l) => t(lightStyles[l].word)).join('、')}`
            : null,
          unitCode
            ? `${t('common.unit')}：${unitOptions.find((o) => o.value === unitCode)?.label ?? unitCode}`
            : null,
          groupKey
            ? `${t('plan.kind.group')}：${groupOptions.find((o) => o.value === groupKey)?.label ?? groupKey}`
            : null,
          search ? t('print.filter.search', { text: search }) : null,
        ]}
        count={t('plan.matched', { count: countTargets(rows) })}
      />
      <Table<PlanRow>
        size="small"
        rowKey="key"
        dataSource={rows}
        pagination={false}
        data-testid="plan-table"
        rowClassName={(r) => `plan-row node-row-${r.kind}`}
        expandable={{
          expandedRowKeys: expandedKeys,
          onExpand: (open, r) =>
            setCollapsed((c) => {
              const next = new Set(c);
              if (open) next.delete(r.key);
              else next.add(r.key);
              return next;
            }),
          indentSize: 18,
        }}
        locale={{ emptyText: <NoData title={t('empty.noMatch')} /> }}
        columns={[
          {
            title: t('plan.col.item'),
            key: 'item',
            render: (_, r) =>
              r.kind === 'target' && r.target ? (
                <Space orientation="vertical" size={0}>
                  <Link
                    to={`/targets/${r.target.id}`}
                    className="tree-title-target"
                    data-target-id={r.target.id}
                  >
                    <DataText zh={r.title} />
                  </Link>
                  {r.target.indicator ? (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      <DataText zh={r.target.indicator.name} />
                      {r.target.isAspirational ? ` · ${t('target.aspirational')}` : ''}
                    </Typography.Text>
                  ) : null}
                  <TargetMarks target={r.target} />
                </Space>
              ) : (
                <span>
                  <Tag bordered={false} style={{ marginInlineEnd: 6 }}>
                    {t(kindKey(r.kind))}
                  </Tag>
                  {formatNodeLabel(r.label, lang)} <DataText zh={r.title} />
                </span>
              ),
          },
          {
            title: t('plan.col.light'),
            key: 'light',
            width: 150,
            render: (_, r) =>
              r.light ? (
                <LightTag
                  light={r.light}
                  title={
                    r.target
                      ? pickLang(lang, r.target.assessment.reason.zh, r.target.assessment.reason.en)
                      : undefined
                  }
                />
              ) : r.lights ? (
                <LightCountsInline counts={r.lights} />
              ) : null,
          },
          {
            title: t('plan.col.lead'),
            key: 'lead',
            width: 170,
            render: (_, r) =>
              r.kind === 'task' ? (
                <Tooltip
                  title={
                    r.coUnits.length > 0 ? (
                      <>
                        {t('plan.col.co')}: <DataList names={r.coUnits.map((u) => u.name)} />
                      </>
                    ) : undefined
                  }
                >
                  <span>
                    {r.leadUnits.map((u, i) => (
                      <span key={u.code}>
                        {i > 0 ? (lang === 'zh' ? '、' : ', ') : ''}
                        <Link to={`/units/${u.code}`}>
                          <DataText zh={u.name} />
                        </Link>
                      </span>
                    ))}
                  </span>
                </Tooltip>
              ) : null,
          },
          {
            title: t('plan.col.progress'),
            key: 'progress',
            width: 190,
            render: (_, r) =>
              r.target ? (
                <ProgressCell target={r.target} />
              ) : r.kind === 'task' && progressMap.has(nodeIdOf(r)) ? (
                <TaskProgressCell
                  item={progressMap.get(nodeIdOf(r))}
                  onOpen={() => setOpenTask(progressMap.get(nodeIdOf(r)) ?? null)}
                />
              ) : null,
          },
          {
            title: t('plan.col.target'),
            key: 'target',
            width: 150,
            responsive: screenOnly(isPrinting, 'lg'),
            render: (_, r) =>
              r.target ? (
                <span>
                  {formatTargetValue(r.target, lang)}
                  {r.target.assessment.actual !== null &&
                  r.target.assessment.shareOfTarget !== null ? (
                    <div style={{ fontSize: 12, color: '#6b7785' }}>
                      {t('plan.col.actual')}{' '}
                      <CountText
                        value={r.target.assessment.actual}
                        unit={r.target.comparedUnit}
                        decimals={r.target.indicator?.decimals ?? 2}
                      />
                    </div>
                  ) : null}
                </span>
              ) : null,
          },
          {
            title: t('plan.col.due'),
            key: 'due',
            width: 96,
            responsive: screenOnly(isPrinting, 'xl'),
            render: (_, r) => (r.target ? formatPeriod(r.target.duePeriodId, lang) : null),
          },
          ...(canEdit && !isPrinting
            ? [
                {
                  title: t('plan.col.edit'),
                  key: 'edit',
                  width: 72,
                  className: 'no-print',
                  render: (_: unknown, r: PlanRow) =>
                    r.target ? (
                      <Button
                        size="small"
                        type="text"
                        icon={<EditOutlined />}
                        aria-label={t('edit.edit')}
                        title={t('edit.edit')}
                        onClick={() => setEditing(r.target)}
                        data-testid="edit-target"
                        data-target-id={r.target.id}
                      />
                    ) : r.kind === 'task' ? (
                      <Button
                        size="small"
                        type="text"
                        icon={<TeamOutlined />}
                        aria-label={t('edit.units')}
                        title={t('edit.units')}
                        onClick={() => setEditingNode(nodeMap.get(nodeIdOf(r)) ?? null)}
                        data-testid="edit-units"
                        data-node-id={nodeIdOf(r)}
                      />
                    ) : null,
                },
              ]
            : []),
        ]}
      />
      <TargetEditor
        target={editing}
        planStatus={tree.status}
        onClose={() => setEditing(null)}
        onSaved={onEdited}
      />
      <NodeUnitsEditor
        planId={tree.id}
        node={editingNode}
        planStatus={tree.status}
        onClose={() => setEditingNode(null)}
        onSaved={onEdited}
      />
      <TaskProgressDrawer
        item={openTask}
        onClose={() => setOpenTask(null)}
        onChanged={progress.retry}
      />
    </Card>
  );
}

/** On paper only: which filters the printed table reflects, how many targets it holds, and when it was printed. */
function PrintedFilters({ parts, count }: { parts: (string | null)[]; count: string }) {
  const { t } = useI18n();
  const given = parts.filter((p): p is string => p !== null);
  const today = new Date().toLocaleDateString('en-CA');
  return (
    <div className="print-only print-filters" data-testid="print-filters">
      {given.length > 0 ? t('print.filters', { filters: given.join('；') }) : t('print.noFilter')}
      {' · '}
      {count} · {t('print.printedOn', { date: today })}
    </div>
  );
}

/** A count with 万/亿 in Chinese and its unit in the UI language. */
function CountText({ value, unit, decimals }: { value: number; unit: string; decimals: number }) {
  const { lang } = useI18n();
  const shown = formatCount(value, unit, lang, decimals);
  return <>{`${shown.value} ${shown.unit}`.trim()}</>;
}

/** Small marks on a target row: not linked, the importer's suggestion or proposal, its kind and status. */
function TargetMarks({ target }: { target: TargetView }) {
  const { t } = useI18n();
  const marks: { key: string; color?: string; text: ReactNode }[] = [];
  if (target.kind !== 'indicator')
    marks.push({ key: 'kind', color: 'blue', text: t(`edit.kind.${target.kind}` as MessageKey) });
  else if (!target.indicator)
    marks.push({
      key: 'link',
      color: 'orange',
      text: target.suggestedIndicator
        ? fillDataSlot(t('edit.suggested', { name: dataSlot }), {
            zh: target.suggestedIndicator.name,
          })
        : t('plan.notLinked'),
    });
  if (target.status !== 'accepted')
    marks.push({
      key: 'status',
      color: target.status === 'rejected' ? 'red' : undefined,
      text: t(`edit.status.${target.status}` as MessageKey),
    });
  if (marks.length === 0) return null;
  return (
    <span className="target-marks">
      {marks.map((m) => (
        <Tag key={m.key} color={m.color} bordered={false} style={{ fontSize: 11 }}>
          {m.text}
        </Tag>
      ))}
    </span>
  );
}

/** The plan page (`/plans/:id`). */
export default function PlanPage() {
  const { id = '' } = useParams();
  const { t, lang } = useI18n();
  const { user } = useSession();
  const state = useApi((signal) => api.plan(id, null, signal), [id]);
  // After an edit the tree is read again in place, so the table keeps its filters and open rows.
  const [fresh, setFresh] = useState<PlanTree | null>(null);
  const reload = useCallback(() => {
    void api.plan(id, null).then(setFresh, () => state.retry());
  }, [id, state]);
  const shown =
    state.status === 'ok' && fresh && fresh.id === id ? { ...state, data: fresh } : state;
  return (
    <div data-page="plan">
      <Async state={shown} rows={14}>
        {(tree) => (
          <>
            <div className="page-header">
              <div>
                <Typography.Title level={3}>
                  <DataText zh={tree.title} />
                </Typography.Title>
                <div className="page-sub">
                  <DataText zh={tree.unit.name} /> ·{' '}
                  {t(tree.dataPartial ? 'common.asOfPartial' : 'common.asOf', {
                    date: tree.dataThrough ?? tree.asOf,
                  })}{' '}
                  · <LightCountsInline counts={tree.lights} />
                </div>
              </div>
              <PlanStatusBar tree={tree} canEdit={canEditPlan(user)} onChanged={reload} />
            </div>
            {lang === 'en' ? (
              <Typography.Paragraph type="secondary" data-testid="zh-data-note">
                {t('plan.zhData')}
              </Typography.Paragraph>
            ) : null}
            {tree.nodes.length === 0 ? (
              <NoData title={t('empty.noPlan')} hint={t('empty.noPlanHint')} />
            ) : (
              <PlanTable tree={tree} canEdit={canEditPlan(user)} onEdited={reload} />
            )}
          </>
        )}
      </Async>
    </div>
  );
}
