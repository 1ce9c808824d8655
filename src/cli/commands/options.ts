/** Options every command shares. */
import type { Command } from 'commander';
import { defaultDatabaseLocation } from '../../http/server.ts';

export const databaseLocation = (program: Command): string =>
  program.opts<{ database?: string }>().database ??
  process.env.DATABASE_URL ??
  defaultDatabaseLocation;
