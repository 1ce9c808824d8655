/** Test data builders for the web's logic tests: plan trees and targets with overrides, units and users. */
import type { Light, LightCounts } from '../../src/contract/common.ts';
import type { PlanNodeView, PlanTree, TargetView } from '../../src/contract/plan.ts';
import type { UnitView } from '../../src/contract/registry.ts';
import type { Role, SessionUser } from '../app/session.ts';

let seq = 0;

/** A target view; every field can be overridden, `light` sets the assessment's light. */
export function buildTarget(overrides: Partial<TargetView> & { light?: Light } = {}): TargetView {
  seq += 1;
  const { light = 'green', ...rest } = overrides;
  return {
    id: `t${seq}`,
    nodeId: 'n',
    kind: 'indicator',
    metric: `目标${seq}`,
    indicator: { code: 'INTL_TRAINS', name: '四向国际班列', unit: '列', decimals: 0 },
    suggestedIndicator: null,
    proposal: null,
    measure: 'flow',
    direction: 'higher',
    comparator: '>=',
    value: 4000,
    valueMax: null,
    unit: '列',
    sign: 1,
    isAspirational: false,
    duePeriodId: '2025',
    status: 'accepted',
    isEdited: false,
    sourceText: '开行四向国际班列4000列',
    sourceOffset: null,
    version: 1,
    comparedValue: 4000,
    comparedUnit: '列',
    assessment: {
      light,
      actual: 2500,
      shareOfTarget: 0.625,
      expectedShare: 0.7,
      gapPoints: 7.5,
      forecast: { value: 3600, willMeet: false, method: 'profile' },
      requiredRunRate: 500,
      reason: { zh: '1—9月完成62.5%', en: 'Jan–Sep 62.5% done' },
      asOfPeriodId: '202509',
    },
    ...rest,
  };
}

const zero = (): LightCounts => ({ green: 0, yellow: 0, red: 0, done: 0, none: 0 });

/** A plan node; units as `[code, name, role]`. */
export function buildNode(
  kind: PlanNodeView['kind'],
  title: string,
  opts: {
    key?: string;
    label?: string;
    targets?: TargetView[];
    children?: PlanNodeView[];
    units?: [string, string, string][];
  } = {},
): PlanNodeView {
  seq += 1;
  return {
    id: `n${seq}`,
    key: opts.key ?? `k${seq}`,
    kind,
    label: opts.label ?? String(seq),
    ordinal: seq,
    title,
    text: title,
    units: (opts.units ?? []).map(([code, name, role]) => ({
      code,
      name,
      role,
      isSuggested: false,
    })),
    targets: opts.targets ?? [],
    lights: zero(),
    children: opts.children ?? [],
  };
}

/** A plan tree: one part with two groups, three tasks and five targets of different lights. */
export function buildTree(): PlanTree {
  const nodes = [
    buildNode('part', '2025年重点工作', {
      key: '二',
      label: '二',
      children: [
        buildNode('group', '开放型经济', {
          key: '二/(八)',
          label: '(八)',
          children: [
            buildNode('task', '高水平提升通道枢纽能级', {
              key: '二/(八)/23',
              label: '23',
              units: [
                ['COM', '区商务委', 'lead'],
                ['TRA', '区交通局', 'co'],
              ],
              targets: [
                buildTarget({ metric: '开行四向国际班列', light: 'yellow' }),
                buildTarget({ metric: '整车进出口', light: 'green' }),
              ],
            }),
          ],
        }),
        buildNode('group', '新型城镇化', {
          key: '二/(九)',
          label: '(九)',
          children: [
            buildNode('task', '大力推动缓堵促畅', {
              key: '二/(九)/26',
              label: '26',
              units: [['TRA', '区交通局', 'lead']],
              targets: [
                buildTarget({ metric: '公共停车泊位', light: 'red' }),
                buildTarget({ metric: '山城步道', light: 'none', duePeriodId: '2025Q2' }),
              ],
            }),
            buildNode('task', '大力实施城市更新', {
              key: '二/(九)/27',
              label: '27',
              units: [['HOU', '区住房城乡建委', 'lead']],
            }),
          ],
        }),
      ],
    }),
  ];
  return {
    id: 'p1',
    year: 2025,
    title: '沙坪坝区2025年计划',
    status: 'adopted',
    sourceDocument: 'seed.txt',
    unit: { code: '500106', name: '沙坪坝区' },
    asOf: '2025-09-30',
    lights: { green: 1, yellow: 1, red: 1, done: 0, none: 1 },
    nodes,
  };
}

/** A unit of the registry whose code is also its id and name, at `path` (`/d/t/`). */
export const buildUnitView = (
  code: string,
  path: string,
  kind: UnitView['kind'] = 'region',
): UnitView => ({
  id: code,
  code,
  name: code,
  nameEn: '',
  kind,
  level: 'x',
  parentId: null,
  path,
  keywords: [],
});

/** An active signed-in user with `roles`, bound to the units with `codes`. */
export const buildSessionUser = (roles: Role[], codes: string[] = []): SessionUser => ({
  id: 'u',
  username: 'u',
  displayName: 'U',
  roles,
  units: codes.map((code) => ({ code, name: code })),
  isActive: true,
  createdAt: '2025-01-01',
  lockedUntil: null,
});
