/**
 * Compile-time exhaustiveness for switches over discriminated unions: a `default:` that hands its value here does
 * not compile while a case is missing, and throws if a value outside the union ever arrives at run time. Every part
 * of core (engine, accounts, projections) uses it, so it belongs to none of them.
 */
export function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}
