/**
 * Writes examples/shapingba-2025/projects.xlsx: a small list of Shapingba's 2025 key
 * projects laid out as a project office keeps it (title row, 投资（万元） merged over three
 * columns, section rows, a blank row between sections, some full-width digits, one amount
 * in 亿元). SIMULATED: the project names come from the seed report or are typical of the
 * district; every figure, date, owner and narrative is invented for the demo.
 * Run: node --import tsx scripts/generate-projects-sample.ts
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';

type Row = [
  name: string,
  content: string,
  totalWan: number | string,
  planWan: number | string,
  doneWan: number | string,
  progress: string,
  owner: string,
  unit: string,
  town: string,
  start: string,
  finish: string,
];

const sections: { title: string; rows: Row[] }[] = [
  {
    title: '一、产业项目',
    rows: [
      [
        '赛力斯新能源汽车供应链管理中心',
        '建设供应链管理中心及配套仓储约12万平方米',
        180000,
        45000,
        31200,
        '主体结构施工至8层',
        '重庆某汽车供应链公司（模拟）',
        '区经济信息委',
        '土主街道',
        '2024.06',
        '2026.12',
      ],
      [
        '拾光格数字经济产业园',
        '改造楼宇约6万平方米，打造数字经济载体',
        60000,
        18000,
        14100,
        '室内装修完成70%',
        '某数字产业发展公司（模拟）',
        '区大数据发展局',
        '覃家岗街道',
        '2024.09',
        '2025.12',
      ],
      [
        '磁器口产业电商产业园',
        '建设电商直播基地及配套设施3万平方米',
        35000,
        12000,
        '８６００',
        '二期装修施工',
        '某文旅电商公司（模拟）',
        '区商务委',
        '磁器口街道',
        '2025.03',
        '2026.06',
      ],
      [
        '西永智能终端配套产业园（二期）',
        '新建标准厂房25万平方米',
        '3.2亿元',
        40000,
        26500,
        '6栋厂房主体完工',
        '某园区开发公司（模拟）',
        '区经济信息委',
        '西永街道',
        '2024.11',
        '2026.10',
      ],
    ],
  },
  {
    title: '二、基础设施项目',
    rows: [
      [
        '歌乐山片区路网完善工程',
        '新建城市次干道3.6公里',
        142000,
        38000,
        30500,
        '路基完成85%，桥梁下部结构完成',
        '区城市建设投资公司（模拟）',
        '区住房城乡建委',
        '歌乐山街道',
        '2023.10',
        '2025.12',
      ],
      [
        '井口至双碑滨江道路',
        '新建道路2.1公里及滨江步道',
        98000,
        26000,
        15800,
        '征拆扫尾，管网施工',
        '区城市建设投资公司（模拟）',
        '区交通局',
        '井口街道',
        '2024.04',
        '2026.06',
      ],
      [
        '城区公共停车场建设（一批）',
        '新建公共停车泊位1200个',
        24000,
        15000,
        9800,
        '4处停车场主体完工',
        '区城市运营公司（模拟）',
        '区城市管理局',
        '沙坪坝街道',
        '2025.02',
        '2025.12',
      ],
      [
        '梁滩河流域综合治理（沙坪坝段）',
        '河道整治6公里，新建污水管网9公里',
        56000,
        20000,
        17300,
        '管网完成80%',
        '区水务公司（模拟）',
        '区水利局',
        '曾家镇',
        '2024.03',
        '2025.12',
      ],
    ],
  },
  {
    title: '三、民生项目',
    rows: [
      [
        '区人民医院新院区（一期）',
        '新建医疗用房8万平方米，床位600张',
        120000,
        30000,
        21400,
        '主体封顶，机电安装',
        '区卫生健康委（模拟）',
        '区卫生健康委',
        '陈家桥街道',
        '2023.08',
        '2026.08',
      ],
      [
        '大学城第三小学校',
        '新建36班小学，建筑面积2.4万平方米',
        21000,
        14000,
        12900,
        '竣工验收准备',
        '区教育发展公司（模拟）',
        '区教委',
        '虎溪街道',
        '2024.05',
        '2025.08',
      ],
      [
        '城市社区嵌入式服务设施',
        '建设社区养老托育服务点20个',
        '８０００',
        8000,
        4100,
        '12个点位完工',
        '区民政局（模拟）',
        '区民政局',
        '小龙坎街道',
        '2025.04',
        '2025.12',
      ],
    ],
  },
  {
    title: '四、城市更新项目',
    rows: [
      [
        '小龙坎人才公寓项目',
        '盘活存量楼宇改造人才公寓1200套',
        46000,
        16000,
        13900,
        '二期改造施工',
        '区国有资产经营公司（模拟）',
        '区国资委',
        '小龙坎街道',
        '2024.02',
        '2025.12',
      ],
      [
        '磁器口古镇“境界”片区提升',
        '街巷风貌整治及业态更新',
        39000,
        11000,
        9200,
        '风貌整治完成',
        '某文旅投资公司（模拟）',
        '区文化旅游委',
        '磁器口街道',
        '2024.07',
        '2025.10',
      ],
      [
        '老旧小区改造（2025年批次）',
        '改造老旧小区52个，惠及1.1万户',
        33000,
        33000,
        19600,
        '38个小区开工',
        '区住房城乡建委（模拟）',
        '区住房城乡建委',
        '渝碚路街道',
        '2025.03',
        '2025.12',
      ],
    ],
  },
  {
    title: '五、招商引资项目',
    rows: [
      [
        '国际汽摩赛事公园',
        '建设赛道、看台及配套设施',
        150000,
        20000,
        6500,
        '已签约落地，场平施工',
        '某赛事运营公司（模拟）',
        '区投资促进中心',
        '青木关镇',
        '2025.05',
        '2027.12',
      ],
    ],
  },
];

async function main() {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Lantu 蓝图 (simulated demo data)';
  const sheet = workbook.addWorksheet('2025年区级重点项目');
  const header = [
    '序号',
    '项目名称',
    '建设内容及规模',
    '总投资',
    '2025年计划投资',
    '1—9月完成投资',
    '形象进度',
    '业主单位',
    '责任单位',
    '所在镇街',
    '开工时间',
    '竣工时间',
  ];
  sheet.columns = [6, 30, 36, 12, 14, 14, 26, 26, 16, 12, 10, 10].map((width) => ({ width }));
  sheet.getCell(1, 1).value = '沙坪坝区2025年区级重点项目推进情况表（模拟数据，仅供演示）';
  sheet.mergeCells(1, 1, 1, header.length);
  sheet.getRow(1).font = { bold: true, size: 14 };
  header.forEach((label, i) => {
    const col = i + 1;
    if (col >= 4 && col <= 6) sheet.getCell(3, col).value = label;
    else {
      sheet.getCell(2, col).value = label;
      sheet.mergeCells(2, col, 3, col);
    }
  });
  sheet.getCell(2, 4).value = '投资（万元）';
  sheet.mergeCells(2, 4, 2, 6);
  let r = 4;
  let seq = 0;
  for (const section of sections) {
    sheet.getCell(r, 1).value = `${section.title}（${section.rows.length}个）`;
    sheet.mergeCells(r, 1, r, header.length);
    sheet.getRow(r).font = { bold: true };
    r += 1;
    for (const row of section.rows) {
      seq += 1;
      // The office types some serial numbers with a Chinese input method: full-width.
      const serial =
        seq % 4 === 0
          ? String(seq).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)))
          : seq;
      [serial, ...row].forEach((value, i) => (sheet.getCell(r, i + 1).value = value));
      r += 1;
    }
    r += 1;
  }
  const note = workbook.addWorksheet('说明');
  note.getCell(1, 1).value =
    '本清单为演示用模拟数据：项目名称取自《沙坪坝区2025年计划报告》或为典型项目，投资、日期、业主单位和形象进度均为虚构。';
  note.getCell(2, 1).value =
    'Simulated demo data: project names come from the seed report or are typical; every figure, date, owner and narrative is invented.';
  const out = path.resolve(
    path.dirname(fileURLToPath(import.meta.url)),
    '../examples/shapingba-2025/projects.xlsx',
  );
  await workbook.xlsx.writeFile(out);
  process.stdout.write(`wrote ${out} (${seq} projects)\n`);
}

await main();
