/** Exhaustiveness guard for discriminated unions: the compiler proves this is unreachable. */
export function assertNever(value: never): never {
  throw new Error(`Unexpected variant: ${JSON.stringify(value)}`);
}
