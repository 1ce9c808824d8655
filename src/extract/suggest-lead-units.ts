/** A row of the lead-unit keyword table: a unit and the words that mark its tasks. */
export interface LeadUnitKeywords {
  readonly unitName: string;
  readonly keywords: readonly string[];
}

/** A unit suggested to lead a task, with the keywords that matched and how often. */
export interface LeadUnitSuggestion {
  unitName: string;
  /** Keyword occurrences found in the task text. */
  score: number;
  /** The unit's keywords found in the text, longest first. */
  matched: string[];
}

function normalise(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/**
 * Words after a keyword that make it part of a place's name ("西南医院下穿道", "学校路"):
 * the task is about the road, not the hospital.
 */
const placeNameAfter = /^(?:下穿道|隧道|大道|立交|路|街|站|桥|片区|组团|广场|小区)/u;

/** Whether the occurrence of `keyword` at `at` names the unit's business, not a place or a figure. */
function isTopical(text: string, keyword: string, at: number): boolean {
  const after = text.slice(at + keyword.length, at + keyword.length + 3);
  if (placeNameAfter.test(after)) return false;
  // A code word ("141") inside a figure ("141个", "1410") is the figure.
  if (/^[0-9.]+$/u.test(keyword)) {
    return !/^[0-9.个万亿%]/u.test(after) && !/[0-9.]$/u.test(text.slice(Math.max(0, at - 1), at));
  }
  return true;
}

/** Occurrences of `keyword` in `text` not inside an already `taken` span; marks them taken. */
function countAndTake(text: string, keyword: string, taken: boolean[]): number {
  let count = 0;
  for (let at = text.indexOf(keyword); at !== -1; at = text.indexOf(keyword, at + 1)) {
    if (!isTopical(text, keyword, at)) continue;
    let isFree = true;
    for (let i = at; i < at + keyword.length; i++) {
      if (taken[i] === true) {
        isFree = false;
        break;
      }
    }
    if (!isFree) continue;
    for (let i = at; i < at + keyword.length; i++) taken[i] = true;
    count++;
  }
  return count;
}

/**
 * Suggests the units most likely to lead a task (牵头单位), by counting each unit's keywords
 * in the task text. The table is data a deployment edits (examples/…/units.json `keywords`);
 * a suggestion is only a starting point the planner confirms. A keyword inside a longer
 * matched keyword of the same unit is not counted twice ("空气质量" within "空气质量优良天数"),
 * nor is one inside a place's name ("西南医院下穿道") or a code word inside a figure ("141个").
 * Past the first, a unit is suggested only when the text speaks of it: a second occurrence,
 * a specific keyword (four characters or more) or its name.
 * @example suggestLeadUnits('确保全年城镇新增就业3万人以上', table)[0]?.unitName // '区人力社保局'
 */
export function suggestLeadUnits(
  taskText: string,
  table: readonly LeadUnitKeywords[],
  max = 3,
): LeadUnitSuggestion[] {
  const text = normalise(taskText);
  const suggestions: LeadUnitSuggestion[] = [];
  for (const row of table) {
    const keywords = [...new Set(row.keywords.map(normalise).filter((k) => k.trim() !== ''))].sort(
      (a, b) => b.length - a.length,
    );
    const taken: boolean[] = [];
    let score = 0;
    const matched: string[] = [];
    for (const keyword of keywords) {
      const count = countAndTake(text, keyword, taken);
      if (count > 0) {
        score += count;
        matched.push(row.keywords.find((k) => normalise(k) === keyword) ?? keyword);
      }
    }
    if (score > 0) suggestions.push({ unitName: row.unitName, score, matched });
  }
  suggestions.sort(
    (a, b) =>
      b.score - a.score ||
      b.matched.length - a.matched.length ||
      a.unitName.localeCompare(b.unitName, 'zh-Hans-CN'),
  );
  // The lead may rest on one keyword; a co-unit needs the text to speak of it: a second
  // occurrence, a specific keyword (four characters or more), or its name.
  const isEvidenced = (s: LeadUnitSuggestion): boolean =>
    s.score >= 2 || s.matched.some((k) => k.length >= 4) || text.includes(normalise(s.unitName));
  return suggestions.filter((s, i) => i === 0 || isEvidenced(s)).slice(0, Math.max(0, max));
}
