/**
 * A name that is data, not chrome (a unit, an indicator, a category): its English when the
 * registry has one, else the Chinese, marked in English as untranslated (`lang="zh-CN"` and a
 * small "zh" tag) so a reader knows why it is Chinese and the English-chrome check skips it.
 */
import { Fragment } from 'react';
import { useI18n } from '../app/i18n-context.tsx';

export function DataText({ zh, en }: { zh: string; en?: string | null }) {
  const { lang } = useI18n();
  if (lang === 'zh') return <>{zh}</>;
  if (en) return <>{en}</>;
  return <Untranslated text={zh} />;
}

function Untranslated({ text }: { text: string }) {
  return (
    <span lang="zh-CN" data-untranslated="">
      {text}
      <sup className="zh-mark" aria-hidden="true">
        zh
      </sup>
    </span>
  );
}

/** Several names that are data (lead units, co-units), joined as each language lists them; a dash for none. */
export function DataList({
  names,
}: {
  names: readonly { zh: string; en?: string | null }[] | readonly string[];
}) {
  const { lang } = useI18n();
  if (names.length === 0) return <>—</>;
  return (
    <>
      {names.map((n, i) => {
        const name = typeof n === 'string' ? { zh: n } : n;
        return (
          <Fragment key={i}>
            {i > 0 ? (lang === 'zh' ? '、' : ', ') : null}
            <DataText zh={name.zh} en={name.en} />
          </Fragment>
        );
      })}
    </>
  );
}

/**
 * Chinese inside a sentence the server words in English around data — a rule's, an indicator's
 * or a unit's name ("城镇新增就业: -23.4% y/y"): each run of Chinese (with the punctuation and
 * Latin letters between its characters) is marked as untranslated data; the rest is English.
 */
const chineseRun =
  /[\p{Script=Han}\u3000-\u303f\uff00-\uffef“”‘’]+(?:[A-Za-z0-9+·.-]+[\p{Script=Han}\u3000-\u303f\uff00-\uffef“”‘’]+)*/gu;

/**
 * A text cut into runs, each Chinese (`zh`) or not; only runs with a Han character count as
 * Chinese, so a sentence's own punctuation stays English.
 * @example splitChineseRuns('城镇新增就业: -23.4% y/y') // [{ text: '城镇新增就业', zh: true }, { text: ': -23.4% y/y', zh: false }]
 */
export function splitChineseRuns(text: string): { text: string; zh: boolean }[] {
  const runs: { text: string; zh: boolean }[] = [];
  let at = 0;
  for (const m of text.matchAll(chineseRun)) {
    if (!/\p{Script=Han}/u.test(m[0])) continue;
    if (m.index > at) runs.push({ text: text.slice(at, m.index), zh: false });
    runs.push({ text: m[0], zh: true });
    at = m.index + m[0].length;
  }
  if (at < text.length) runs.push({ text: text.slice(at), zh: false });
  return runs;
}

export function MixedText({ text }: { text: string }) {
  const { lang } = useI18n();
  if (lang === 'zh') return <>{text}</>;
  return (
    <>
      {splitChineseRuns(text).map((run, i) =>
        run.zh ? <Untranslated key={i} text={run.text} /> : run.text,
      )}
    </>
  );
}

/** Where a data name goes in a translated message: `t(key, { unit: dataSlot })` then `fillDataSlot`. */
export const dataSlot = '\u0000';

/**
 * A translated message with data names in it, each marked as `DataText` marks it: the message
 * is translated with `dataSlot` in each name's place, then the names are put back in order.
 * @example fillDataSlot(t('screen.title', { unit: dataSlot, year: 2025 }), { zh: '沙坪坝区' })
 */
export function fillDataSlot(message: string, ...names: { zh: string; en?: string | null }[]) {
  const [first, ...rest] = message.split(dataSlot);
  return (
    <>
      {first}
      {rest.map((text, i) => (
        <Fragment key={i}>
          {names[i] ? <DataText zh={names[i].zh} en={names[i].en} /> : null}
          {text}
        </Fragment>
      ))}
    </>
  );
}
