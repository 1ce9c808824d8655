/** Schemas of the document routes: generate, list the archive, download a file. */
import { Type, type Static } from 'typebox';
import { Nullable } from './common.ts';

export const DocumentKind = Type.Union([
  Type.Literal('monthly-bulletin'),
  Type.Literal('execution-report'),
  Type.Literal('weekly-monitor'),
  Type.Literal('quarterly-ranking'),
  Type.Literal('supervision'),
]);
export type DocumentKind = Static<typeof DocumentKind>;

export const DocumentFileView = Type.Object({
  format: Type.String({ description: 'docx | xlsx | md' }),
  fileName: Type.String(),
  mediaType: Type.String(),
  sizeBytes: Type.Number(),
});

export const DocumentView = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  /** 月通报, 计划执行情况报告. */
  kindName: Type.String(),
  planId: Type.String(),
  version: Type.Number(),
  title: Type.String(),
  asOf: Type.String(),
  /** 数据截至: the date the figures run to. */
  dataThrough: Nullable(Type.String()),
  dataPartial: Type.Boolean(),
  createdAt: Type.String(),
  createdBy: Type.String(),
  files: Type.Array(DocumentFileView),
});
export type DocumentView = Static<typeof DocumentView>;

export const GenerateDocumentBody = Type.Object({
  kind: DocumentKind,
  asOf: Type.Optional(Type.String({ maxLength: 10, pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
});

export const DocumentListQuery = Type.Object({
  planId: Type.Optional(Type.String()),
  kind: Type.Optional(DocumentKind),
});

export const DocumentFileParams = Type.Object({
  id: Type.String(),
  format: Type.Union([Type.Literal('docx'), Type.Literal('xlsx'), Type.Literal('md')]),
});
