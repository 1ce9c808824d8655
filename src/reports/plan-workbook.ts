/** The plan as a workbook: one sheet of nodes, one of targets with their lights. */
import type { Light } from '../core/light-thresholds.ts';
import { defineSheet, renderWorkbook } from './workbook.ts';

interface TargetLike {
  readonly metric: string;
  readonly comparator: string;
  readonly value: number | null;
  readonly valueMax: number | null;
  readonly unit: string;
  readonly status: string;
  readonly indicator: { readonly code: string; readonly name: string } | null;
  readonly sourceText: string;
  readonly assessment: {
    readonly light: Light;
    readonly actual: number | null;
    readonly reason: { readonly zh: string };
  };
}
interface NodeLike {
  readonly key: string;
  readonly kind: string;
  readonly label: string;
  readonly title: string;
  readonly units: readonly { readonly name: string; readonly role: string }[];
  readonly targets: readonly TargetLike[];
  readonly children: readonly NodeLike[];
}

const lightNames: Record<Light, string> = {
  green: '绿',
  yellow: '黄',
  red: '红',
  done: '已完成',
  none: '无数据',
};
const kindNames: Record<string, string> = { part: '部分', group: '组', task: '任务' };

export function renderPlanWorkbook(plan: {
  readonly title: string;
  readonly nodes: readonly NodeLike[];
}): Promise<Buffer> {
  const nodes: NodeLike[] = [];
  const walk = (list: readonly NodeLike[]) =>
    list.forEach((n) => (nodes.push(n), walk(n.children)));
  walk(plan.nodes);
  const targets = nodes.flatMap((n) => n.targets.map((t) => ({ node: n, target: t })));
  return renderWorkbook([
    defineSheet({
      name: '计划节点',
      rows: nodes,
      columns: [
        { header: '编号', width: 16, value: (n) => n.key },
        { header: '层级', width: 8, value: (n) => kindNames[n.kind] ?? n.kind },
        { header: '标题', width: 60, value: (n) => n.title },
        {
          header: '牵头单位',
          width: 20,
          value: (n) =>
            n.units
              .filter((u) => u.role === 'lead')
              .map((u) => u.name)
              .join('、'),
        },
        {
          header: '配合单位',
          width: 30,
          value: (n) =>
            n.units
              .filter((u) => u.role === 'co')
              .map((u) => u.name)
              .join('、'),
        },
        { header: '目标数', width: 8, value: (n) => n.targets.length },
      ],
    }),
    defineSheet({
      name: '目标',
      rows: targets,
      columns: [
        { header: '任务', width: 16, value: (r) => r.node.key },
        { header: '指标名称', width: 24, value: (r) => r.target.metric },
        { header: '比较', width: 8, value: (r) => r.target.comparator },
        { header: '目标值', width: 14, value: (r) => r.target.value },
        { header: '上限', width: 10, value: (r) => r.target.valueMax },
        { header: '单位', width: 8, value: (r) => r.target.unit },
        { header: '关联指标', width: 20, value: (r) => r.target.indicator?.name ?? '' },
        { header: '状态', width: 10, value: (r) => r.target.status },
        { header: '灯', width: 8, value: (r) => lightNames[r.target.assessment.light] },
        { header: '实际', width: 14, value: (r) => r.target.assessment.actual },
        { header: '说明', width: 50, value: (r) => r.target.assessment.reason.zh },
        { header: '原文', width: 60, value: (r) => r.target.sourceText },
      ],
    }),
  ]);
}
