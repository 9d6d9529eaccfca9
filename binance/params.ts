import { Rejected } from '../application/rejected';
import { Rejections, withDetail } from '../core/errors';

/**
 * Request parameters as Binance reads them: the raw query string and an x-www-form-urlencoded body, the query
 * winning where both carry a name. A name repeated within one of them is -1101.
 */
export type Params = ReadonlyMap<string, string>;

export function readParams(rawQuery: string, rawBody: string): Params {
  const fromBody = parseForm(rawBody);
  const fromQuery = parseForm(rawQuery);
  return new Map([...fromBody, ...fromQuery]);
}

function parseForm(raw: string): Map<string, string> {
  const params = new Map<string, string>();
  if (raw === '') return params;
  for (const [name, value] of new URLSearchParams(raw)) {
    if (params.has(name)) throw new Rejected(Rejections.tooManyParameters);
    params.set(name, value);
  }
  return params;
}

/** The value of a mandatory parameter, or -1102 naming it. */
export function required(params: Params, name: string): string {
  const value = params.get(name);
  if (value === undefined || value === '') throw new Rejected(withDetail(Rejections.mandatoryParam, name));
  return value;
}
