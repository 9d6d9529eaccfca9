/**
 * A benchmark setting from the environment: a whole number (underscores allowed, as in 1_000_000), or the
 * fallback when unset. Anything else stops the benchmark, so a typo never runs as NaN.
 */
export function envInt(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value.replaceAll('_', ''));
  if (!Number.isSafeInteger(parsed) || parsed < 0)
    throw new Error(`${name} must be a whole number, not "${value}"`);
  return parsed;
}
