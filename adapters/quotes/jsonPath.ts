/**
 * Reads one value out of a venue's JSON answer by a path such as `price`, `data[0].last` or
 * `result.XBTUSDT.c[0]` (a leading `$.` is allowed): property names and array indexes, nothing more, which is
 * all a ticker needs and keeps a configured path from doing anything but reading.
 */
export function readJsonPath(document: unknown, path: string): unknown {
  let value: unknown = document;
  for (const step of jsonPathSteps(path)) {
    if (value === null || typeof value !== 'object') return undefined;
    value =
      typeof step === 'number'
        ? Array.isArray(value)
          ? value[step]
          : undefined
        : (value as Record<string, unknown>)[step];
  }
  return value;
}

/** The steps of a path; throws on a path that is not names and [n] indexes (a configuration error). */
export function jsonPathSteps(path: string): (string | number)[] {
  const body = path.startsWith('$.') ? path.slice(2) : path.startsWith('$') ? path.slice(1) : path;
  const steps: (string | number)[] = [];
  const pattern = /([A-Za-z0-9_-]+)|\[(\d+)\]|\.|(.)/gy;
  let expectName = true;
  for (const match of body.matchAll(pattern)) {
    if (match[3] !== undefined || (match[0] === '.' && expectName)) throw new Error(`bad JSON path: ${path}`);
    if (match[1] !== undefined) {
      if (!expectName) throw new Error(`bad JSON path: ${path}`);
      steps.push(match[1]);
      expectName = false;
    } else if (match[2] !== undefined) {
      steps.push(Number(match[2]));
      expectName = false;
    } else expectName = true;
  }
  if (steps.length === 0 || expectName) throw new Error(`bad JSON path: ${path}`);
  return steps;
}
