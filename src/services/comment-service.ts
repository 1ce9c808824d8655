/**
 * Comments, leaders' 批示 and evidence (issue 11 item 5). Anyone granted comment.write
 * comments or replies on a subject of their units; a 批示 needs comment.instruct and is told
 * to the responsible unit's reporters and reviewers. Evidence on a progress report is added
 * by its unit's reporters; on a comment, with the comment. Each file is checked by its bytes
 * (core/attachment.ts), kept in the attachment directory, and its upload audited.
 */
import { createHash } from 'node:crypto';
import { checkAttachment, maxFilesPerUpload } from '../core/attachment.ts';
import {
  checkNewComment,
  threadComments,
  type CommentKind,
  type CommentSubjectKind,
} from '../core/comment.ts';
import { DomainError } from '../core/domain-error.ts';
import { instructionNotice } from '../core/notice.ts';
import { authorize } from '../core/permission.ts';
import type { AttachmentFiles } from '../store/attachment-files.ts';
import {
  findAttachment,
  findComment,
  findSubject,
  findTaskProgress,
  insertAttachment,
  insertComment,
  listAttachments,
  listComments,
  type SubjectRow,
} from '../store/comment-store.ts';
import { insertAudit } from '../store/observation-store.ts';
import type { AttachmentTable, CommentTable } from '../store/schema.ts';
import { buildAuditEntry } from './audit-service.ts';
import { createNotificationService } from './notification-service.ts';
import type { Actor, ServiceDeps } from './ports.ts';

/** A file as it arrives: its name and its bytes, base64. */
export interface IncomingFile {
  readonly fileName: string;
  readonly contentBase64: string;
}

export interface NewComment {
  readonly subjectKind: CommentSubjectKind;
  readonly subjectId: string;
  readonly body: string;
  readonly parentId?: string;
  /** A leader's 批示 rather than a comment. */
  readonly instruction?: boolean;
  readonly attachments?: readonly IncomingFile[];
}

export interface AttachmentView {
  readonly id: string;
  readonly fileName: string;
  readonly mediaType: string;
  readonly size: number;
  readonly createdAt: string;
  readonly createdBy: string;
}

export interface CommentView {
  readonly id: string;
  readonly parentId: string | null;
  readonly kind: CommentKind;
  readonly body: string;
  readonly author: string;
  readonly authorName: string;
  readonly createdAt: string;
  readonly attachments: AttachmentView[];
}

const attachmentView = (a: AttachmentTable): AttachmentView => ({
  id: a.id,
  fileName: a.file_name,
  mediaType: a.media_type,
  size: a.size,
  createdAt: a.created_at,
  createdBy: a.created_by,
});

const decode = (file: IncomingFile): Buffer => Buffer.from(file.contentBase64, 'base64');

export function createCommentService(deps: ServiceDeps & { readonly files: AttachmentFiles }) {
  const { db } = deps.database;
  const notifications = createNotificationService(deps);

  async function subjectOf(kind: CommentSubjectKind, id: string): Promise<SubjectRow> {
    const subject = await findSubject(db, kind, id);
    if (!subject)
      throw new DomainError(
        'NOT_FOUND',
        `找不到要评论的${{ target: '目标', task: '任务', progress: '任务进展' }[kind]}“${id}”`,
        `${kind} ${id} not found`,
      );
    return subject;
  }

  /** Checks every file before any is stored, so that one bad file stores none. */
  function checkFiles(files: readonly IncomingFile[]) {
    if (files.length > maxFilesPerUpload)
      throw new DomainError(
        'VALIDATION_FAILED',
        `一次最多上传${maxFilesPerUpload}个附件`,
        `at most ${maxFilesPerUpload} files at a time`,
      );
    return files.map((f) => {
      const bytes = decode(f);
      return {
        fileName: f.fileName.trim(),
        bytes,
        type: checkAttachment(f.fileName.trim(), bytes),
      };
    });
  }

  /**
   * Stores checked files and their rows for one owner, auditing each; the rows are written
   * by the caller's transaction, and files of a transaction that fails are removed.
   */
  async function storeFiles(
    owner: { kind: AttachmentTable['owner_kind']; id: string },
    files: ReturnType<typeof checkFiles>,
    actor: Actor,
  ) {
    const stored: { row: AttachmentTable; key: string }[] = [];
    try {
      for (const f of files) {
        const key = await deps.files.put(f.bytes);
        stored.push({
          key,
          row: {
            id: deps.ids.next(),
            owner_kind: owner.kind,
            owner_id: owner.id,
            file_name: f.fileName,
            media_type: f.type.mediaType,
            size: f.bytes.length,
            sha256: createHash('sha256').update(f.bytes).digest('hex'),
            storage_key: key,
            created_at: deps.clock.now(),
            created_by: actor.id,
          },
        });
      }
    } catch (error) {
      await Promise.all(stored.map((s) => deps.files.remove(s.key)));
      throw error;
    }
    return {
      rows: stored.map((s) => s.row),
      discard: () => Promise.all(stored.map((s) => deps.files.remove(s.key))),
    };
  }

  const auditAttachment = (trx: typeof db, row: AttachmentTable, actor: Actor) =>
    insertAudit(
      trx,
      buildAuditEntry(deps.clock, actor, {
        action: 'attachment.add',
        entity: 'attachment',
        entityId: row.id,
        oldValue: null,
        newValue: {
          ownerKind: row.owner_kind,
          ownerId: row.owner_id,
          fileName: row.file_name,
          mediaType: row.media_type,
          size: row.size,
          sha256: row.sha256,
        },
      }),
    );

  /** The comments on a subject as threads, oldest first, each with its files. */
  async function getThreads(kind: CommentSubjectKind, subjectId: string) {
    await subjectOf(kind, subjectId);
    const rows = await listComments(db, kind, subjectId);
    const files = await listAttachments(
      db,
      'comment',
      rows.map((r) => r.id),
    );
    const view = (r: CommentTable): CommentView => ({
      id: r.id,
      parentId: r.parent_id,
      kind: r.kind,
      body: r.body,
      author: r.author,
      authorName: r.author_name,
      createdAt: r.created_at,
      attachments: files.filter((f) => f.owner_id === r.id).map(attachmentView),
    });
    return {
      threads: threadComments(rows.map(view)).map((t) => ({ ...t.root, replies: t.replies })),
    };
  }

  /** Writes a comment, a reply or a 批示 with its files; a 批示 notifies the responsible unit. */
  async function addComment(input: NewComment, actor: Actor): Promise<CommentView> {
    const kind: CommentKind = input.instruction ? 'instruction' : 'comment';
    const subject = await subjectOf(input.subjectKind, input.subjectId);
    const scope = subject.unit ? [subject.unit.path] : [];
    // A 批示 comes from above the unit; a comment or reply from those working within it.
    if (kind === 'instruction') authorize(actor, 'comment.instruct', scope);
    else authorize(actor, 'comment.write', scope);
    const parentRow = input.parentId ? await findComment(db, input.parentId) : undefined;
    if (input.parentId && !parentRow)
      throw new DomainError(
        'NOT_FOUND',
        `找不到要回复的意见“${input.parentId}”`,
        `comment ${input.parentId} not found`,
      );
    const body = checkNewComment({
      subject: { kind: input.subjectKind, id: input.subjectId },
      kind,
      body: input.body,
      parent: parentRow
        ? { id: parentRow.id, subjectKind: parentRow.subject_kind, subjectId: parentRow.subject_id }
        : null,
    });
    const checked = checkFiles(input.attachments ?? []);
    const row: CommentTable = {
      id: deps.ids.next(),
      subject_kind: input.subjectKind,
      subject_id: input.subjectId,
      parent_id: parentRow?.id ?? null,
      kind,
      body,
      author: actor.id,
      author_name: actor.name,
      created_at: deps.clock.now(),
    };
    const files = await storeFiles({ kind: 'comment', id: row.id }, checked, actor);
    try {
      await db.transaction().execute(async (trx) => {
        await insertComment(trx, row);
        await insertAudit(
          trx,
          buildAuditEntry(deps.clock, actor, {
            action: kind === 'instruction' ? 'comment.instruct' : 'comment.add',
            entity: 'comment',
            entityId: row.id,
            oldValue: null,
            newValue: {
              subjectKind: row.subject_kind,
              subjectId: row.subject_id,
              parentId: row.parent_id,
              body,
            },
          }),
        );
        for (const f of files.rows) {
          await insertAttachment(trx, f);
          await auditAttachment(trx, f, actor);
        }
      });
    } catch (error) {
      await files.discard();
      throw error;
    }
    if (kind === 'instruction' && subject.unit) await notifyInstruction(row, subject);
    return {
      id: row.id,
      parentId: row.parent_id,
      kind,
      body,
      author: row.author,
      authorName: row.author_name,
      createdAt: row.created_at,
      attachments: files.rows.map(attachmentView),
    };
  }

  async function notifyInstruction(row: CommentTable, subject: SubjectRow) {
    const link =
      row.subject_kind === 'target'
        ? `/targets/${encodeURIComponent(row.subject_id)}`
        : `/plans/${encodeURIComponent(subject.planId)}?task=${encodeURIComponent(subject.nodeId)}`;
    try {
      await notifications.notifyUnit(
        subject.unit!,
        ['reporter', 'reviewer'],
        instructionNotice({
          commentId: row.id,
          subjectTitle: subject.title,
          author: row.author_name,
          excerpt: row.body,
          link,
        }),
      );
    } catch (error) {
      // The 批示 is recorded; a failed notice must not make the leader write it twice.
      deps.onError?.(error, 'instruction notice');
    }
  }

  /** Adds evidence (佐证材料) to a task progress report: its unit's reporters only. */
  async function attachToProgress(
    progressId: string,
    incoming: readonly IncomingFile[],
    actor: Actor,
  ): Promise<{ attachments: AttachmentView[] }> {
    const progress = await findTaskProgress(db, progressId);
    if (!progress)
      throw new DomainError(
        'NOT_FOUND',
        `找不到任务进展“${progressId}”`,
        `progress report ${progressId} not found`,
      );
    authorize(actor, 'task-progress.write', [progress.unit_path]);
    const checked = checkFiles(incoming);
    if (checked.length === 0)
      throw new DomainError('VALIDATION_FAILED', '请选择要上传的附件', 'no file given');
    const files = await storeFiles({ kind: 'progress', id: progress.id }, checked, actor);
    try {
      await db.transaction().execute(async (trx) => {
        for (const f of files.rows) {
          await insertAttachment(trx, f);
          await auditAttachment(trx, f, actor);
        }
      });
    } catch (error) {
      await files.discard();
      throw error;
    }
    return { attachments: files.rows.map(attachmentView) };
  }

  /** The evidence of a progress report. */
  async function getProgressAttachments(progressId: string) {
    if (!(await findTaskProgress(db, progressId)))
      throw new DomainError(
        'NOT_FOUND',
        `找不到任务进展“${progressId}”`,
        `progress report ${progressId} not found`,
      );
    return {
      attachments: (await listAttachments(db, 'progress', [progressId])).map(attachmentView),
    };
  }

  /** One attachment's bytes, for download. */
  async function getAttachmentFile(id: string) {
    const row = await findAttachment(db, id);
    if (!row) throw new DomainError('NOT_FOUND', `找不到附件“${id}”`, `attachment ${id} not found`);
    return {
      fileName: row.file_name,
      mediaType: row.media_type,
      content: await deps.files.get(row.storage_key),
    };
  }

  return { getThreads, addComment, attachToProgress, getProgressAttachments, getAttachmentFile };
}

export type CommentService = ReturnType<typeof createCommentService>;
