// The reading thread runs Lantu's TypeScript through tsx, as bin/lantu.mjs does for the CLI.
import { register } from 'tsx/esm/api';

register();
await import('./workbook-row-thread-body.ts');
