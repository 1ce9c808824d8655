/** Test builders for document targets (monthly bulletin, execution report). */
import type { DocumentTarget } from './document-target.ts';

type Overrides = Partial<Omit<DocumentTarget, 'assessment'>> & {
  readonly assessment?: Partial<DocumentTarget['assessment']>;
};

/** 新增公共停车泊位1000个, 1—6月 420 done against 50% expected: yellow, 8 points behind. */
export function buildDocumentTarget(overrides: Overrides = {}): DocumentTarget {
  const { assessment, ...rest } = overrides;
  return {
    nodeKey: '二/(九)/26',
    nodeTitle: '26.大力推动缓堵促畅',
    leadUnits: ['区住房城乡建委'],
    metric: '公共停车泊位',
    comparator: '>=',
    value: 1000,
    unit: '个',
    measure: 'flow',
    isAspirational: false,
    indicatorName: '新增公共停车泊位',
    comparedUnit: '个',
    lastYearSameSpan: null,
    ...rest,
    assessment: {
      light: 'yellow',
      actual: 420,
      shareOfTarget: 0.42,
      expectedShare: 0.5,
      gapPoints: 8,
      reason: { zh: '1—6月完成42%，序时进度50%，落后8个百分点' },
      asOfPeriodId: '202506',
      standing: 'assessed',
      forecast: { value: 840, willMeet: false },
      ...assessment,
    },
  };
}
