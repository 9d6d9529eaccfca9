/**
 * How hard the property suites push. The defaults keep the whole directory well under a minute on a 2-core
 * machine; scale up for a soak run:
 *
 *   PROPERTY_RUNS=500 PROPERTY_COMMANDS=600 npx jest test/core/properties
 *
 * PROPERTY_RUNS overrides every suite's number of runs, PROPERTY_COMMANDS the longest generated command
 * sequence; PROPERTY_SEED (and PROPERTY_PATH) replay the counterexample a failure printed:
 *
 *   PROPERTY_SEED=1260006628 PROPERTY_PATH='1:0:0:1' npx jest test/core/properties/depth-changes
 */
import type { Parameters } from 'fast-check';

function envNumber(name: string): number | undefined {
  const text = process.env[name];
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`);
  return value;
}

const runsOverride = envNumber('PROPERTY_RUNS');
const seed = envNumber('PROPERTY_SEED');
const path = process.env.PROPERTY_PATH || undefined;

/** The longest random command sequence (before the closing trades some scenarios append). */
export const MAX_COMMANDS = envNumber('PROPERTY_COMMANDS') ?? 300;

/** fast-check parameters for a suite whose default is `defaultRuns` runs. */
export function propertyParameters(defaultRuns: number): Parameters<unknown> {
  return {
    numRuns: runsOverride ?? defaultRuns,
    ...(seed === undefined ? {} : { seed }),
    ...(path === undefined ? {} : { path, endOnFailure: true }),
  };
}

/** A jest timeout that grows with the requested work (shrinking a failure included). */
export function testTimeout(defaultRuns: number): number {
  const runs = runsOverride ?? defaultRuns;
  const scale = (runs / defaultRuns) * (MAX_COMMANDS / 300);
  return Math.max(120_000, Math.ceil(120_000 * scale));
}
