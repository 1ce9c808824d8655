/** Comments, 批示 and evidence (佐证材料): what the API answers and takes. */
import { Type, type Static } from 'typebox';
import { maxAttachmentBytes, maxFilesPerUpload } from '../core/attachment.ts';
import { commentSubjectKinds, maxCommentLength } from '../core/comment.ts';
import { IdString, LineString, Nullable, TextString } from './common.ts';

export const SubjectKind = Type.Union(
  commentSubjectKinds.map((k) => Type.Literal(k)),
  { description: 'target (目标), task (任务) or progress (任务进展)' },
);

export const IncomingFile = Type.Object({
  fileName: LineString(255, {
    minLength: 1,
    description: 'ends in .png .jpg .jpeg .gif .webp .pdf .docx .xlsx .pptx .doc .xls or .ppt',
  }),
  contentBase64: Type.String({
    minLength: 1,
    // base64 of the largest file accepted, with room for line breaks
    maxLength: Math.ceil((maxAttachmentBytes * 4) / 3) + 1024 * 1024,
    pattern: '^[A-Za-z0-9+/=\\r\\n]*$',
    description: `the file, base64; at most ${maxAttachmentBytes / 1024 / 1024} MB, its type checked by its content`,
  }),
});

export const Attachments = Type.Array(IncomingFile, { maxItems: maxFilesPerUpload });

export const AttachmentView = Type.Object({
  id: Type.String(),
  fileName: Type.String(),
  mediaType: Type.String(),
  size: Type.Number(),
  createdAt: Type.String(),
  createdBy: Type.String(),
});

const CommentFields = {
  id: Type.String(),
  parentId: Nullable(Type.String()),
  kind: Type.Union([Type.Literal('comment'), Type.Literal('instruction')], {
    description: 'instruction: a leader’s 批示',
  }),
  body: Type.String(),
  author: Type.String(),
  authorName: Type.String(),
  createdAt: Type.String(),
  attachments: Type.Array(AttachmentView),
};

export const CommentView = Type.Object(CommentFields);
export type CommentView = Static<typeof CommentView>;

export const CommentThreads = Type.Object({
  threads: Type.Array(
    Type.Object({
      ...CommentFields,
      replies: Type.Array(CommentView, { description: 'every reply below, oldest first' }),
    }),
  ),
});

export const CommentQuery = Type.Object({
  subjectKind: SubjectKind,
  subjectId: IdString,
});

export const NewCommentBody = Type.Object({
  subjectKind: SubjectKind,
  subjectId: IdString,
  body: TextString(maxCommentLength, { minLength: 1 }),
  parentId: Type.Optional(IdString),
  instruction: Type.Optional(
    Type.Boolean({ description: 'a leader’s 批示 (needs comment.instruct)' }),
  ),
  attachments: Type.Optional(Attachments),
});

export const AttachmentUploadBody = Type.Object({ attachments: Attachments });

export const AttachmentList = Type.Object({ attachments: Type.Array(AttachmentView) });
