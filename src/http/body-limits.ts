/**
 * Request body limits, per kind of route: a login or a small write needs a few kilobytes,
 * a JSON batch about a megabyte, and only the authenticated upload routes more. Fastify
 * refuses a larger body with 413 while reading it, before parsing.
 */
export const bodyLimits = {
  /** POST /api/session: a username and a password. */
  login: 4 * 1024,
  /** Every other write unless it says otherwise (the default of the app). */
  small: 64 * 1024,
  /** JSON batches: entries, observations. */
  batch: 1024 * 1024,
  /** A plan document (.docx, .txt, .html), base64. */
  document: 16 * 1024 * 1024,
  /** A filled-in template (.xlsx, .csv), base64: the only route with the large limit. */
  upload: 64 * 1024 * 1024,
} as const;
