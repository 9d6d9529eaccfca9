import type { QuoteSource } from '../../application/ports/quoteSource';
import { jsonPathSteps, readJsonPath } from './jsonPath';

/** A venue's public ticker for one symbol: where to GET it and where the last price is in its JSON. */
export interface HttpSourceConfig {
  readonly name: string;
  readonly url: string;
  /** Where the last price is in the answer (jsonPath.ts), e.g. `price` or `data[0].last`. */
  readonly jsonPath: string;
  readonly weight: string;
}

export type Fetch = (
  url: string,
  init: { signal: AbortSignal; headers: Record<string, string> },
) => Promise<{
  readonly ok: boolean;
  readonly status: number;
  text(): Promise<string>;
}>;

/**
 * A venue's public REST ticker (no key, no account): one GET per tick with a timeout shorter than the tick, so
 * a hanging venue cannot hold the others' index back.
 */
export class HttpQuoteSource implements QuoteSource {
  readonly name: string;
  readonly weight: string;

  constructor(
    private readonly config: HttpSourceConfig,
    private readonly timeoutMs = 800,
    private readonly fetcher: Fetch = fetch,
  ) {
    jsonPathSteps(config.jsonPath); // a bad path fails at start, not on every tick
    this.name = config.name;
    this.weight = config.weight;
  }

  async latest(): Promise<string> {
    const response = await this.fetcher(this.config.url, {
      signal: AbortSignal.timeout(this.timeoutMs),
      headers: { accept: 'application/json' },
    });
    if (!response.ok) throw new Error(`${this.name}: HTTP ${response.status}`);
    return priceAt(await response.text(), this.config.jsonPath, this.name);
  }
}

/**
 * The price at `jsonPath` in a venue's answer, as decimal text. Venues send it as a JSON string ("64000.10");
 * one sent as a JSON number is taken by its text as parsed (never through arithmetic). Throws on anything else.
 */
export function priceAt(body: string, jsonPath: string, venue: string): string {
  let document: unknown;
  try {
    document = JSON.parse(body);
  } catch {
    throw new Error(`${venue}: the answer is not JSON`);
  }
  const value = readJsonPath(document, jsonPath);
  const text =
    typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : undefined;
  if (text === undefined || !/^\d+(\.\d+)?$/.test(text)) throw new Error(`${venue}: no price at ${jsonPath}`);
  return text;
}
