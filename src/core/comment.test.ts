import { describe, expect, it } from 'vitest';
import { checkNewComment, maxCommentLength, threadComments } from './comment.ts';

const onTarget = { kind: 'target' as const, id: 't1' };

describe('checkNewComment', () => {
  it('trims the body and takes a reply on the same subject', () => {
    expect(
      checkNewComment({
        subject: onTarget,
        kind: 'comment',
        body: '  已督促街道加快进度\n',
        parent: { id: 'c1', subjectKind: 'target', subjectId: 't1' },
      }),
    ).toBe('已督促街道加快进度');
  });

  it('refuses an empty body and one over the limit', () => {
    expect(() =>
      checkNewComment({ subject: onTarget, kind: 'comment', body: ' \n ', parent: null }),
    ).toThrow(/请填写意见内容/);
    expect(() =>
      checkNewComment({
        subject: onTarget,
        kind: 'comment',
        body: '字'.repeat(maxCommentLength + 1),
        parent: null,
      }),
    ).toThrow(/不能超过2000字/);
  });

  it('refuses a reply whose parent is on another subject', () => {
    expect(() =>
      checkNewComment({
        subject: onTarget,
        kind: 'comment',
        body: '回复',
        parent: { id: 'c9', subjectKind: 'task', subjectId: 't1' },
      }),
    ).toThrow(/同一事项/);
  });

  it('refuses a 批示 written as a reply: it opens its own thread', () => {
    expect(() =>
      checkNewComment({
        subject: onTarget,
        kind: 'instruction',
        body: '请抓紧',
        parent: { id: 'c1', subjectKind: 'target', subjectId: 't1' },
      }),
    ).toThrow(/批示不能作为回复/);
  });
});

describe('threadComments', () => {
  it('puts every reply, at any depth, under its root in time order, roots oldest first', () => {
    const c = (id: string, parentId: string | null, createdAt: string) => ({
      id,
      parentId,
      createdAt,
    });
    const threads = threadComments([
      c('reply-to-reply', 'reply', '2025-10-03'),
      c('second-root', null, '2025-10-02'),
      c('root', null, '2025-10-01'),
      c('reply', 'root', '2025-10-02'),
    ]);
    expect(threads.map((t) => [t.root.id, t.replies.map((r) => r.id)])).toEqual([
      ['root', ['reply', 'reply-to-reply']],
      ['second-root', []],
    ]);
  });
});
