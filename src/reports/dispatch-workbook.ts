/**
 * The 旬调度 list as a workbook: a sheet per part (投资滞后, 节点滞后, 卡点, 上期督办事项, 本旬议定
 * 事项), each titled with the scope, the dekad and the day it is drawn up as of, printable on
 * landscape A4. Amounts in 万元, as the office writes them.
 */
import ExcelJS from 'exceljs';

const wan = (yuan: number | null) => (yuan === null ? '' : Math.round(yuan / 100) / 100);
const percent = (share: number | null) => (share === null ? '' : Math.round(share * 1000) / 10);

/** A decision as the sheets print it (the service's DecisionView fits). */
interface DecisionRow {
  readonly seq: number;
  readonly kind: string;
  readonly text: string;
  readonly unit: { readonly name: string };
  readonly deadline: string;
  readonly project: { readonly code: string } | null;
  readonly status: string;
  readonly note: string;
  readonly periodId: string;
}

/** The dispatch list as the workbook needs it (the service's DispatchList fits). */
export interface DispatchWorkbookView {
  readonly label: { readonly zh: string };
  readonly scope: { readonly name: string };
  readonly asOf: string;
  readonly gapPoints: number;
  readonly behindPlan: readonly {
    readonly code: string;
    readonly name: string;
    readonly unit: { readonly name: string };
    readonly townName: string | null;
    readonly annualPlanYuan: number | null;
    readonly actualYuan: number;
    readonly shareOfPlan: number | null;
    readonly expectedShare: number;
    readonly gapPoints: number;
  }[];
  readonly slippingMilestones: readonly {
    readonly projectCode: string;
    readonly projectName: string;
    readonly name: string;
    readonly baselineDate: string | null;
    readonly plannedDate: string | null;
    readonly forecastDate: string | null;
    readonly actualDate: string | null;
    readonly reason: string;
    readonly slipDays: number;
  }[];
  readonly blockers: readonly {
    readonly projectCode: string;
    readonly projectName: string;
    readonly description: string;
    readonly unit: { readonly name: string };
    readonly dueDate: string;
    readonly overdueDays: number;
    readonly level: string;
    readonly escalated: boolean;
  }[];
  readonly carried: readonly DecisionRow[];
  readonly meeting: {
    readonly heldOn: string;
    readonly chair: string;
    readonly attendees: string;
    readonly decisions: readonly DecisionRow[];
  } | null;
}

export const slipReasonLabels: Readonly<Record<string, string>> = {
  'done-late': '滞后完成',
  'forecast-late': '预计滞后',
  'past-due': '逾期未完成',
};
export const levelLabels: Readonly<Record<string, string>> = {
  unit: '责任单位',
  'lead-department': '牵头部门',
  leader: '分管区领导',
  meeting: '区政府专题会',
};
export const decisionStatusLabels: Readonly<Record<string, string>> = {
  open: '办理中',
  overdue: '已逾期',
  done: '已办结',
};

type Cell = string | number;

export async function renderDispatchWorkbook(view: DispatchWorkbookView): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Lantu 蓝图';
  const title = `${view.scope.name}${view.label.zh}重点项目调度清单（截至${view.asOf}）`;
  const addSheet = (name: string, columns: readonly [string, number][], rows: Cell[][]) => {
    const sheet = workbook.addWorksheet(name, {
      views: [{ state: 'frozen', ySplit: 2 }],
      pageSetup: {
        paperSize: 9,
        orientation: 'landscape',
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
      },
    });
    sheet.columns = columns.map(([, width]) => ({ width }));
    sheet.getRow(1).getCell(1).value = `${title} · ${name}`;
    sheet.mergeCells(1, 1, 1, columns.length);
    sheet.getRow(1).font = { bold: true, size: 13 };
    const header = sheet.getRow(2);
    columns.forEach(([label], i) => (header.getCell(i + 1).value = label));
    header.font = { bold: true };
    for (const row of rows) sheet.addRow(row);
  };
  const decisionRows = (rows: readonly DecisionRow[]): Cell[][] =>
    rows.map((d) => [
      d.periodId,
      d.seq,
      d.kind === 'blocker' ? '卡点' : '督办事项',
      d.text,
      d.project?.code ?? '',
      d.unit.name,
      d.deadline,
      decisionStatusLabels[d.status] ?? d.status,
      d.note,
    ]);
  const decisionColumns: [string, number][] = [
    ['旬', 10],
    ['序号', 6],
    ['类别', 9],
    ['议定事项', 40],
    ['项目编码', 12],
    ['责任单位', 16],
    ['办结时限', 11],
    ['状态', 8],
    ['办理情况', 30],
  ];

  addSheet(
    '投资滞后项目',
    [
      ['项目编码', 12],
      ['项目名称', 30],
      ['责任单位', 16],
      ['所在镇街', 12],
      ['年度计划投资（万元）', 14],
      ['累计完成投资（万元）', 14],
      ['完成率（%）', 10],
      ['序时进度（%）', 10],
      [`落后序时（百分点，阈值${view.gapPoints}）`, 14],
    ],
    view.behindPlan.map((p) => [
      p.code,
      p.name,
      p.unit.name,
      p.townName ?? '',
      wan(p.annualPlanYuan),
      wan(p.actualYuan),
      percent(p.shareOfPlan),
      percent(p.expectedShare),
      Math.round(-p.gapPoints * 10) / 10,
    ]),
  );
  addSheet(
    '节点滞后',
    [
      ['项目编码', 12],
      ['项目名称', 30],
      ['节点', 10],
      ['基准日期', 11],
      ['计划日期', 11],
      ['预计日期', 11],
      ['实际日期', 11],
      ['情形', 10],
      ['滞后天数', 9],
    ],
    view.slippingMilestones.map((m) => [
      m.projectCode,
      m.projectName,
      m.name,
      m.baselineDate ?? '',
      m.plannedDate ?? '',
      m.forecastDate ?? '',
      m.actualDate ?? '',
      slipReasonLabels[m.reason] ?? m.reason,
      m.slipDays,
    ]),
  );
  addSheet(
    '超期和升级卡点',
    [
      ['项目编码', 12],
      ['项目名称', 26],
      ['卡点问题', 36],
      ['解决单位', 16],
      ['应解决日期', 11],
      ['超期天数', 9],
      ['督办层级', 12],
    ],
    view.blockers.map((b) => [
      b.projectCode,
      b.projectName,
      b.description,
      b.unit.name,
      b.dueDate,
      b.overdueDays,
      levelLabels[b.level] ?? b.level,
    ]),
  );
  addSheet('上期督办事项', decisionColumns, decisionRows(view.carried));
  const meeting = view.meeting;
  addSheet(
    '本旬调度会议定事项',
    decisionColumns,
    meeting
      ? [
          [`会议日期：${meeting.heldOn}；主持：${meeting.chair}；参会：${meeting.attendees}`],
          ...decisionRows(meeting.decisions),
        ]
      : [['本旬尚未召开调度会']],
  );
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
