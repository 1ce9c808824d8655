/**
 * The flags headless chromium runs with in the browser journeys and the web bench: no
 * sandbox or GPU, and nothing that reaches the network on its own. No imports, so that the
 * bench can take them without loading the journeys' helpers.
 */
export const chromiumFlags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;
