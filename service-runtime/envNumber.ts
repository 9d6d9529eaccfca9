/** What a numeric setting of a service may be (each setting's meaning says which). */
export type NumberRule = 'positive integer' | 'positive number' | 'non-negative number';

const ALLOWS: Record<NumberRule, (value: number) => boolean> = {
  'positive integer': (value) => Number.isSafeInteger(value) && value > 0,
  'positive number': (value) => Number.isFinite(value) && value > 0,
  'non-negative number': (value) => Number.isFinite(value) && value >= 0,
};

/**
 * A reader of a service's numeric settings from the environment under one rule: the fallback when a setting is
 * unset or empty; anything the rule does not allow stops the service at start, naming the setting and the value,
 * so a typo never runs as NaN or as a nonsense interval.
 */
export function envNumbers(
  env: NodeJS.ProcessEnv,
  rule: NumberRule,
): (name: string, fallback: number) => number {
  return (name, fallback) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!ALLOWS[rule](value)) throw new Error(`${name} must be a ${rule}, got ${raw}`);
    return value;
  };
}
