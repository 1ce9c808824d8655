/** Audit records in words: which fields a change touched, from what to what. */

/** The fields an audit record changed, as "field: old → new". */
export function describeChange(oldValue: unknown, newValue: unknown): string {
  const asRecord = (v: unknown): Record<string, unknown> =>
    typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
  const before = asRecord(oldValue);
  const after = asRecord(newValue);
  const show = (v: unknown): string =>
    typeof v === 'string'
      ? v
      : typeof v === 'number' || typeof v === 'boolean'
        ? String(v)
        : v === undefined || v === null
          ? '—'
          : JSON.stringify(v);
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
    (k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]),
  );
  if (oldValue === null || oldValue === undefined)
    return keys.length > 0
      ? keys
          .map((k) => `${k}: ${show(after[k])}`)
          .slice(0, 6)
          .join('; ')
      : show(newValue);
  return keys
    .map((k) => `${k}: ${show(before[k])} → ${show(after[k])}`)
    .slice(0, 6)
    .join('; ');
}
