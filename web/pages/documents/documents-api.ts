/** The document and warning routes as functions (contract types only). */
import type { DocumentKind, DocumentView } from '../../../src/contract/document.ts';
import type { WarningView } from '../../../src/contract/warning.ts';
import { getJson, sendJson } from '../../app/api.ts';

export const documentsApi = {
  list: (signal?: AbortSignal) => getJson<DocumentView[]>('/documents', signal),
  generate: (planId: string, kind: DocumentKind) =>
    sendJson<DocumentView>('POST', `/plans/${encodeURIComponent(planId)}/documents`, { kind }),
  filePath: (id: string, format: string) => `/documents/${encodeURIComponent(id)}/${format}`,
  warnings: (state: string | null, signal?: AbortSignal) =>
    getJson<WarningView[]>(`/warnings${state ? `?state=${state}` : ''}`, signal),
  evaluate: (planId: string) =>
    sendJson<{ rules: number; raised: number; recovered: number }>(
      'POST',
      `/plans/${encodeURIComponent(planId)}/warnings/evaluate`,
    ),
  step: (
    id: string,
    step:
      | { action: 'acknowledge' }
      | { action: 'assign'; unitCode: string; deadline: string }
      | { action: 'resolve'; note: string },
  ) => sendJson<WarningView>('POST', `/warnings/${encodeURIComponent(id)}/steps`, step),
};
