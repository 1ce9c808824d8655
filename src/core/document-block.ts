/** A block of a generated document, in reading order: what core builds and reports/ lays out. */
export type DocumentBlock =
  | { readonly kind: 'title'; readonly text: string }
  | { readonly kind: 'subtitle'; readonly text: string }
  | { readonly kind: 'heading1'; readonly text: string }
  | { readonly kind: 'heading2'; readonly text: string }
  | { readonly kind: 'paragraph'; readonly text: string }
  | {
      readonly kind: 'table';
      readonly header: readonly string[];
      readonly rows: readonly (readonly string[])[];
    };
