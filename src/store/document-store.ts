/**
 * The archive of generated documents: versions of a kind for a plan, and their files.
 * Append-only by use: a generation adds a version; nothing here updates or deletes.
 */
import type { Kysely } from 'kysely';
import type { Database, DocumentFileTable, DocumentTable } from './schema.ts';

export type DocumentRow = DocumentTable & {
  readonly files: readonly Omit<DocumentFileTable, 'content' | 'document_id'>[];
};

export function createDocumentStore(db: Kysely<Database>) {
  return {
    /** The next version number of a kind of document for a plan (1 for the first). */
    async nextVersion(trx: Kysely<Database>, kind: string, planId: string): Promise<number> {
      const row = await trx
        .selectFrom('document')
        .select((eb) => eb.fn.max('version').as('v'))
        .where('kind', '=', kind)
        .where('plan_id', '=', planId)
        .executeTakeFirst();
      return Number(row?.v ?? 0) + 1;
    },

    async insert(
      trx: Kysely<Database>,
      document: DocumentTable,
      files: readonly Omit<DocumentFileTable, 'document_id'>[],
    ): Promise<void> {
      await trx.insertInto('document').values(document).execute();
      for (const f of files)
        await trx
          .insertInto('document_file')
          .values({ ...f, document_id: document.id })
          .execute();
    },

    /** Documents, newest first, with their files (without content). */
    async list(filter: { planId?: string; kind?: string; limit?: number }): Promise<DocumentRow[]> {
      let query = db
        .selectFrom('document')
        .selectAll()
        .orderBy('created_at', 'desc')
        .orderBy('version', 'desc')
        .limit(Math.min(filter.limit ?? 100, 500));
      if (filter.planId) query = query.where('plan_id', '=', filter.planId);
      if (filter.kind) query = query.where('kind', '=', filter.kind);
      const documents = await query.execute();
      if (documents.length === 0) return [];
      const files = await db
        .selectFrom('document_file')
        .select(['document_id', 'format', 'file_name', 'media_type', 'size_bytes'])
        .where(
          'document_id',
          'in',
          documents.map((d) => d.id),
        )
        .execute();
      return documents.map((d) => ({
        ...d,
        files: files
          .filter((f) => f.document_id === d.id)
          .map(({ format, file_name, media_type, size_bytes }) => ({
            format,
            file_name,
            media_type,
            size_bytes: Number(size_bytes),
          })),
      }));
    },

    async getFile(documentId: string, format: string) {
      return db
        .selectFrom('document_file')
        .selectAll()
        .where('document_id', '=', documentId)
        .where('format', '=', format)
        .executeTakeFirst();
    },
  };
}

export type DocumentStore = ReturnType<typeof createDocumentStore>;
