/**
 * Data collection (issue 5): data entry with its rules, Excel and CSV both ways, review
 * and locking, timeliness, and task progress — one service object whose parts live in
 * their own modules.
 */
import { createDataEntryService } from './data-entry-service.ts';
import type { ServiceDeps } from './ports.ts';
import { createReviewService } from './review-service.ts';
import { createSpreadsheetExchange } from './spreadsheet-exchange.ts';
import { createTaskProgressService } from './task-progress-service.ts';
import { createTimelinessService } from './timeliness-service.ts';

export function createCollectionService(deps: ServiceDeps) {
  return {
    ...createDataEntryService(deps),
    ...createReviewService(deps),
    ...createSpreadsheetExchange(deps),
    ...createTimelinessService(deps),
    ...createTaskProgressService(deps),
  };
}

export type CollectionService = ReturnType<typeof createCollectionService>;
