import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ExtractedNode } from './extracted-plan.ts';
import { parsePlanStructure } from './structure.ts';

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];

function flatten(nodes: readonly ExtractedNode[]): ExtractedNode[] {
  return nodes.flatMap((node) => [node, ...flatten(node.children)]);
}

// Prose that cannot read as a heading: it never opens with a numeral, "(" or 第.
const prose = fc
  .array(fc.constantFrom('推进', '建设', '完成', '新增', '1000个', '增长6.5%', ',', '“双城记”'), {
    minLength: 1,
    maxLength: 6,
  })
  .map((words) => `加快${words.join('')}。`);

const title = fc
  .array(fc.constantFrom('聚焦', '产业', '引领', '打造', '集群', '民生'), {
    minLength: 1,
    maxLength: 4,
  })
  .map((words) => words.join(''));

const planShape = fc.array(
  fc.record({
    title,
    intro: fc.option(prose, { nil: undefined }),
    groups: fc.array(
      fc.record({
        title,
        body: prose,
        tasks: fc.array(fc.record({ title, body: prose }), { maxLength: 4 }),
      }),
      { maxLength: 5 },
    ),
  }),
  { minLength: 1, maxLength: 4 },
);

describe('parsePlanStructure (property)', () => {
  it('recovers the tree of any rendered plan, in either punctuation style', () => {
    fc.assert(
      fc.property(planShape, fc.boolean(), fc.boolean(), (parts, fullWidth, restart) => {
        const lines: string[] = [
          '索引号: | 1 | 名称: | 关于2024年执行情况及2025年计划草案的报告 |',
          '各位代表:',
        ];
        const expected: [string, string][] = [];
        parts.forEach((part, p) => {
          const partLabel = NUMERALS[p]!;
          lines.push(`${partLabel}、${part.title}`);
          expected.push([partLabel, part.title]);
          if (part.intro !== undefined) lines.push(part.intro);
          let task = 0;
          part.groups.forEach((group, g) => {
            const numeral = NUMERALS[g]!;
            lines.push(
              fullWidth
                ? `（${numeral}）${group.title}。${group.body}`
                : `(${numeral})${group.title}。${group.body}`,
            );
            expected.push([`${partLabel}/(${numeral})`, group.title]);
            if (restart) task = 0;
            for (const t of group.tasks) {
              task++;
              lines.push(`${task}${fullWidth ? '．' : '.'}${t.title}。${t.body}`);
              expected.push([`${partLabel}/(${numeral})/${task}`, t.title]);
            }
          });
        });
        const plan = parsePlanStructure(lines.join('\n'));
        expect(flatten(plan.nodes).map((n) => [n.key, n.title])).toEqual(expected);
        expect(plan.planYear).toBe(2025);
      }),
      { seed: 20250225, numRuns: 300 },
    );
  });

  it('never throws and keeps spans nested and inside the text for arbitrary input', () => {
    const line = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.constantFrom(
        '一、',
        '二、',
        '(一)',
        '（二）',
        '1.',
        '2．',
        '3、',
        '各位代表！',
        '1.5万',
        'a.docx',
      ),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(line, fc.string({ maxLength: 20 })), { maxLength: 40 }),
        (pairs) => {
          const text = pairs.map(([head, tail]) => head + tail).join('\n');
          const plan = parsePlanStructure(text);
          const check = (nodes: readonly ExtractedNode[], lo: number, hi: number): void => {
            let previousEnd = lo;
            for (const node of nodes) {
              expect(node.start).toBeGreaterThanOrEqual(previousEnd);
              expect(node.end).toBeLessThanOrEqual(hi);
              expect(node.start).toBeLessThanOrEqual(node.end);
              check(node.children, node.start, node.end);
              previousEnd = node.end;
            }
          };
          check(plan.nodes, 0, text.length);
        },
      ),
      { seed: 7, numRuns: 500 },
    );
  });
});
