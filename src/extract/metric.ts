/**
 * The metric of a figure: the shortest noun phrase naming what is measured,
 * read from the clause around the figure ("规上工业增加值增长10.3%" →
 * 规上工业增加值, "新增1000个公共停车泊位" → 公共停车泊位).
 */

/**
 * Words between a metric and its figure: verbs of change or of reaching a
 * level, adverbs, comparators. Stripped from the end of the words before the
 * figure, repeatedly ("同比增长", "全年累计交付近").
 */
const trailingWords = [
  '稳定保持',
  '保持在',
  '稳定在',
  '控制在',
  '提高到',
  '提高至',
  '提升到',
  '提升至',
  '增加到',
  '增加至',
  '降低到',
  '降低至',
  '下降到',
  '下降至',
  '压缩至',
  '压缩到',
  '缩短至',
  '缩短到',
  '覆盖',
  '惠及',
  '跃上',
  '首次',
  '扩大到',
  '增长',
  '增加',
  '提高',
  '提升',
  '下降',
  '降低',
  '减少',
  '上涨',
  '上升',
  '增幅',
  '涨幅',
  '增速',
  '突破',
  '超过',
  '达到',
  '实现',
  '完成',
  '分别',
  '同比',
  '全年',
  '累计',
  '总计',
  '合计',
  '平均',
  '最低',
  '最高',
  '年均',
  '保持',
  '稳定',
  '控制',
  '力争',
  '确保',
  '扩大',
  '拟按',
  '拟安排',
  '安排',
  '比去年',
  '比上年',
  '较上年',
  '不低于',
  '不超过',
  '不到',
  '接近',
  '大约',
  '降到',
  '降至',
  '再',
  '均',
  '共',
  '约',
  '近',
  '达',
  '为',
  '是',
  '超',
  '逾',
  '至',
  '到',
  '在',
  '了',
  '占',
  '从',
  '由',
  '和',
  '与',
  '有',
  '降',
  '的',
];

/** Words that open a clause without naming anything measured. */
const leadingWords =
  /^(?:[一二三四五六七八九十]是|其中|同时|并且|并|全年|今年|去年|全面|累计|力争|确保|推动|持续|进一步|全区|全县|全市|全省|全国|初步预计|初步核算|据统计预测|据统计|预计|过去(?:的)?[一五十]?年|[五十]年来|[五十]年|逐步|方式)+/u;

const stripTrailing = (phrase: string): string => {
  let text = phrase;
  for (let changed = true; changed && text.length > 0;) {
    changed = false;
    // 及 ends a list ("A及"), not a word that holds it (惠及, 涉及, 以及).
    if (text.endsWith('及') && !/[惠涉以普波危顾触企]及$/u.test(text)) {
      text = text.slice(0, -1);
      changed = true;
      continue;
    }
    for (const word of trailingWords) {
      if (text.endsWith(word) && text.length >= word.length) {
        text = text.slice(0, text.length - word.length);
        changed = true;
        break;
      }
    }
  }
  return text;
};

/** Verbs of doing that open a clause before the thing done ("新增公共停车位1500个"). */
const leadingVerbs =
  /^(?:压减|削减|减少|新增|新建|新改建|建成|完成|实现|发放|组建|培育|推出|引进|打造|创建|实施|开展|开行|优化升级)/u;

/** Cleans the words before a figure into a metric: list lead-ins, fillers and verbs removed. */
export const metricFromBefore = (before: string): string => {
  // "拓普、立中等13个项目" names examples, not the metric.
  let text = cleanLead(before).replace(/^.*等(?!级)/u, '');
  // "提请全国人大常委会审议法律议案18件": the motion is what is counted.
  text = text.replace(/^.*?提请.{0,12}?审议/u, '');
  // "为离校未就业高校毕业生开发见习岗位", "在公共场所新增配置自动体外除颤仪": whom for and where.
  text = text.replace(
    /^(?:为|在|对|向)[^,，]{1,16}?(?:开发|提供|新增配置|配置|新增|新建|建设|开展|实施|发放)/u,
    '',
  );
  text = text.replace(/[“”"'‘’()（）《》\s]/gu, (c) => (c === '“' || c === '”' ? c : ''));
  text = text.replace(/^.*以来的?/u, '').replace(/今年|去年|上年|当年|年内/gu, '');
  text = stripTrailing(text.replace(leadingWords, ''));
  const withoutVerb = text.replace(leadingVerbs, '');
  // 新增 names an increment of a stock ("新增贷款余额"), kept; of things counted, dropped.
  const isIncrement =
    /^新增/u.test(text) &&
    /(?:余额|贷款|存款|就业|收入|投资|产值|规模|总量|优惠|减税降费)$/u.test(text);
  if (withoutVerb.length >= 3 && !isIncrement) text = withoutVerb;
  // Quoted names of examples ("新增“重庆—伊斯坦布尔”国际线路") make a long phrase; the rest names the metric.
  if (text.length > 12 && /”[^“”]{2,}$/u.test(text)) {
    const unquoted = text.replace(/“[^”]{7,}”/gu, '');
    if (unquoted.length >= 2) text = unquoted;
  }
  return text.replace(/^[“”]+$/u, '');
};

/** Words that open the rest of a clause without naming a thing ("提高到100%", "以来"). */
const notANounAfter =
  /^(?:[的和及与至到从比较为占达超降减增提并居等]|压缩|节约|突破|以来|以上|以下|部分|左右|新?台阶|大关|关口|位列|排名|连续|全[国省市区县]第)/u;

/**
 * Marks that open a line or a headline without naming anything: bullets and dashes
 * ("●", "——"), a dateline or a headline tag ("2024两会|"), a year ("2024年"), the rest
 * of a parenthesis ("下同)").
 */
const leadNoise =
  /^(?:[\s●■◆▪•·○◎★☆※—–\-―]+|[^,，:：]{0,4}[0-9]{0,2}[:：]|从[^,，]{0,16}?(?:来看|来讲|看)|[^|｜]{0,12}[|｜]|(?:19|20)[0-9]{2}年(?:度|底|末)?|[^()（）]{0,8}[)）]|[（(][^()（）]{0,8}[)）]|[\d.]+[^\d]{0,4}、)+/u;

/** A phrase with its lead noise removed (see leadNoise). */
export const cleanLead = (phrase: string): string => phrase.replace(leadNoise, '');

/**
 * Cleans the words after a counted figure ("1000个公共停车泊位、新建…") into
 * a metric; '' when they name no thing.
 */
export const metricFromAfter = (after: string): string => {
  const text = after.replace(/\s/gu, '');
  const digit = text.search(/[0-9]/u);
  // Words running into the next numeral either link two figures ("5天压缩至2天")
  // or name the counted thing before its own figure ("172个区级重点项目完成投资255亿元").
  const phrase = (digit < 0 ? text : subjectOf(text.slice(0, digit))).replace(
    /(?:稳步推进|加快推进|有序推进|推进|建成投用|投用|投运|落地).*$/u,
    '',
  );
  if (notANounAfter.test(phrase) || genericHeads.test(phrase)) return '';
  // "2个应用进入全市“一本账”", "20家涉法服务机构落户国际法务区": the thing counted is what
  // enters or settles — named as such, a noun phrase (进入全市“一本账”的应用).
  const moves = /^([^进纳落]{2,10}?)(进入|纳入|落户)(.{2,10})$/u.exec(phrase);
  if (moves !== null) return `${moves[2]}${moves[3]}的${moves[1]}`;
  // A quoted name before a long head ("“大综合一体化”城市综合治理专项行动") qualifies it.
  const unquoted = phrase.length > 12 ? phrase.replace(/^“[^”]{2,}”/u, '') : phrase;
  return (unquoted.length >= 2 ? unquoted : phrase).slice(0, 12);
};

/**
 * The noun phrase a counted figure's clause ends with when it is modified with 的
 * ("2—3条有场景、惠民生的街巷" → 有场景、惠民生的街巷); '' when there is none.
 */
export const modifiedNounAfter = (clauseAfter: string): string => {
  const text = clauseAfter.replace(/\s/gu, '');
  const digit = text.search(/[0-9]/u);
  const rest = digit < 0 ? text : text.slice(0, digit);
  if (!/^[^的]{1,10}的[^的]{1,6}$/u.test(rest) || notANounAfter.test(rest)) return '';
  return rest;
};

/** Heads too generic to name a metric on their own ("扩招100万人目标"). */
const genericHeads = /^(?:目标|任务|工作|以上|水平)$/u;

/** The generic head a counted figure names ("等7项工作" → 工作), or ''. */
export const genericHeadAfter = (clauseAfter: string): string => {
  const head = /^(工作|任务)(?=$|[,，。;；、])/u.exec(clauseAfter.replace(/\s/gu, ''));
  return head?.[1] ?? '';
};

/**
 * The nouns a 分别 clause lists after its verb, one per figure that follows
 * ("分别完成轨道7号线、15号线、27号线工程总量的40%、68%、75%" → 轨道7号线工程总量,
 * 轨道15号线工程总量, 轨道27号线工程总量); empty when there is no such list.
 */
export const nounsAfterRespectively = (clauseBefore: string): string[] => {
  const m =
    /分别(?:完成|达到|达|实现|为|占|增长|提高|提升|下降)?([^,，;；0-9]*[0-9]*[^,，;；]*?)的(?:[0-9.]+%?[、和])*$/u.exec(
      clauseBefore,
    );
  if (m === null || !m[1]!.includes('、')) return [];
  const items = m[1]!.split('、');
  const first = items[0]!;
  const last = items[items.length - 1]!;
  // The first item's ending ("号线") marks where the last item ends and the head begins.
  const tail = first.slice(-2);
  const cut = last.indexOf(tail);
  if (cut < 0) return [];
  const head = last.slice(cut + tail.length);
  items[items.length - 1] = last.slice(0, cut + tail.length);
  // Items after the first drop its lead ("轨道"): it is carried back.
  const lead = /^[^0-9]*/u.exec(first)?.[0] ?? '';
  return items.map((item) => `${/^[0-9]/u.test(item) ? lead : ''}${item}${head}`);
};

/** Verbs that end the subject of a clause ("区属工业经济实现“倍增”"). */
const subjectEnd =
  /(?:实现|完成|达到|增长|增加|提高|提升|下降|降低|突破|超过|保持|稳定|控制|开行|运输|累计|全年|同比|分别|达|为)/u;

/** The subject noun phrase of a clause: its words before the first verb. */
export const subjectOf = (clause: string): string => {
  const text = clause.replace(leadingWords, '');
  const verb = subjectEnd.exec(text);
  return (verb === null ? text : text.slice(0, verb.index)).replace(/[“”]/gu, '');
};

/**
 * Completes a metric too short to stand alone with the subject it belongs
 * to: "总量" after "GDP…" is GDP总量, "占全市" is the subject's 占全市比重.
 */
export const completeMetric = (metric: string, subjectMetric: string): string => {
  const subject = subjectOf(subjectMetric);
  if (subject.length < 2 || metric.startsWith(subject)) return metric;
  if (/^占/u.test(metric) && metric.length <= 4)
    return `${subject}${metric}${metric.endsWith('比') ? '' : '比重'}`;
  if (attributeWords.test(metric)) return `${subject}${metric}`;
  return metric;
};

/** Words that name an attribute of something named before ("总量", "货值"), not a thing. */
const attributeWords =
  /^(?:总量|规模|营收|收入|货值|产值|占比|比重|增速|增幅|总额|金额|余额|投资|利润|税收|运量|销量|产量)$/u;

/**
 * The nouns a clause lists before 分别 ("批发业商销额、网络零售额分别增长15%、27.9%"),
 * one per figure that follows; empty when the clause lists fewer than two.
 */
export const nounsBeforeRespectively = (clauseBefore: string): string[] => {
  const at = clauseBefore.lastIndexOf('分别');
  if (at <= 0) return [];
  const listed = cleanLead(clauseBefore.slice(0, at)).replace(/(?:预计|同比|全年|均)+$/u, '');
  const nouns = listed.split('、').map((n) => n.replace(leadingWords, '').trim());
  // "城镇和农村居民人均可支配收入": two short modifiers joined by 和 over one head.
  const joined = nouns.length === 1 ? /^(.{2,4})[和与及](.+)$/u.exec(nouns[0]!) : null;
  if (joined !== null && joined[2]!.length > joined[1]!.length + 1) {
    const [, a, b] = joined as unknown as [string, string, string];
    return [`${a}${b.slice(a.length)}`, b];
  }
  if (nouns.length < 2 || !nouns.every((n) => n.length > 0)) return [];
  return shareHead(nouns);
};

/**
 * Gives the listed modifiers the head the last one carries ("城镇居民、农村居民人均可支配收入"
 * → 城镇居民人均可支配收入, 农村居民人均可支配收入): when the last noun is longer than the
 * first and ends its first part as the first noun ends.
 */
const shareHead = (nouns: readonly string[]): string[] => {
  const first = nouns[0]!;
  const last = nouns[nouns.length - 1]!;
  const k = first.length;
  if (last.length <= k + 1 || last[k - 1] !== first[k - 1]) return [...nouns];
  const head = last.slice(k);
  return nouns.map((n, i) => (i === nouns.length - 1 || n.endsWith(head) ? n : `${n}${head}`));
};

/**
 * The head a listed figure's short metric shares with the one before it, carried over
 * ("新引进投资百亿级项目9个、十亿级项目114个" → 新引进投资十亿级项目): when both end alike
 * and the previous one is longer, its lead is the current one's too.
 * @example carryHead('十亿级项目', '新引进投资百亿级项目') // '新引进投资十亿级项目'
 */
const tierWords = /^[百千万十亿一二三四五六七八九两大中小高低省市区县国镇村]+$/u;

export const carryHead = (metric: string, previousMetric: string): string => {
  if (metric.length < 2 || previousMetric.length <= metric.length) return metric;
  let common = 0;
  while (
    common < metric.length &&
    metric[metric.length - 1 - common] === previousMetric[previousMetric.length - 1 - common]
  ) {
    common++;
  }
  if (common < 2 || common === metric.length) return metric;
  // Only a tier or a size differs ("百亿级" / "十亿级", "省级" / "市级"), not another thing.
  const differs = metric.slice(0, metric.length - common);
  const replaced = previousMetric.slice(
    previousMetric.length - metric.length,
    previousMetric.length - common,
  );
  if (!tierWords.test(differs) || !tierWords.test(replaced)) return metric;
  return `${previousMetric.slice(0, previousMetric.length - metric.length)}${metric}`;
};

/**
 * The metric of the figure at `index` of a 分别 list over a 城乡 metric: 城镇… first,
 * 农村… second ("城乡居民人均可支配收入分别增长5%、6%"); other metrics as they are.
 * @example distributeUrbanRural('城乡居民人均可支配收入', 1) // '农村居民人均可支配收入'
 */
export const distributeUrbanRural = (metric: string, index: number): string => {
  const m = /^(.*?)城乡(.+)$/u.exec(metric);
  if (m === null || index > 1) return metric;
  return `${m[1]}${index === 0 ? '城镇' : '农村'}${m[2]}`;
};
