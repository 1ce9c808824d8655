/**
 * Comments (意见) and leaders' instructions (批示) on a target, a task or a task's progress
 * report. Replies hang under the comment they answer, on the same subject; a 批示 is a
 * comment marked as a leader's, written only by those granted comment.instruct, and it is
 * never itself a reply — it opens a thread that the responsible unit answers.
 */
import { DomainError } from './domain-error.ts';

export const commentSubjectKinds = ['target', 'task', 'progress'] as const;
export type CommentSubjectKind = (typeof commentSubjectKinds)[number];

export const commentKinds = ['comment', 'instruction'] as const;
export type CommentKind = (typeof commentKinds)[number];

export const maxCommentLength = 2000;

export interface CommentSubject {
  readonly kind: CommentSubjectKind;
  readonly id: string;
}

/** The comment a new one answers, as far as the rule needs it. */
export interface ParentComment {
  readonly id: string;
  readonly subjectKind: CommentSubjectKind;
  readonly subjectId: string;
}

/**
 * Checks a new comment: a body of 1–2,000 characters after trimming, a reply on its
 * parent's subject, an instruction that opens a thread. Returns the trimmed body.
 */
export function checkNewComment(input: {
  readonly subject: CommentSubject;
  readonly kind: CommentKind;
  readonly body: string;
  readonly parent: ParentComment | null;
}): string {
  const body = input.body.trim();
  if (body === '')
    throw new DomainError('VALIDATION_FAILED', '请填写意见内容', 'the comment is empty');
  if (body.length > maxCommentLength)
    throw new DomainError(
      'VALIDATION_FAILED',
      `意见不能超过${maxCommentLength}字`,
      `a comment may have at most ${maxCommentLength} characters`,
    );
  if (input.parent) {
    if (input.kind === 'instruction')
      throw new DomainError(
        'VALIDATION_FAILED',
        '批示不能作为回复，请另起一条',
        'an instruction (批示) cannot be a reply; write it as a new thread',
      );
    if (
      input.parent.subjectKind !== input.subject.kind ||
      input.parent.subjectId !== input.subject.id
    )
      throw new DomainError(
        'VALIDATION_FAILED',
        '回复须与所回复的意见属于同一事项',
        'a reply must be on the same subject as the comment it answers',
        { details: { parentId: input.parent.id } },
      );
  }
  return body;
}

export interface ThreadedComment {
  readonly id: string;
  readonly parentId: string | null;
  readonly createdAt: string;
}

/**
 * Comments as threads: each root (oldest first) with every reply below it, at any depth,
 * flattened in time order under the root — the way an office reads a 批示 and its answers.
 */
export function threadComments<T extends ThreadedComment>(
  comments: readonly T[],
): { root: T; replies: T[] }[] {
  const byId = new Map(comments.map((c) => [c.id, c]));
  const rootOf = (c: T): T => {
    let current = c;
    const seen = new Set<string>();
    while (current.parentId && byId.has(current.parentId) && !seen.has(current.id)) {
      seen.add(current.id);
      current = byId.get(current.parentId)!;
    }
    return current;
  };
  const ordered = [...comments].sort((a, b) =>
    a.createdAt === b.createdAt ? a.id.localeCompare(b.id) : a.createdAt.localeCompare(b.createdAt),
  );
  const threads = new Map<string, { root: T; replies: T[] }>();
  for (const c of ordered) {
    const root = rootOf(c);
    const thread = threads.get(root.id) ?? { root, replies: [] };
    threads.set(root.id, thread);
    if (root.id !== c.id) thread.replies.push(c);
  }
  return [...threads.values()];
}
