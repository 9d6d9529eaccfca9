/**
 * One spot venue's last price for one symbol, as the index feed reads it once per tick: a public ticker over
 * HTTP in production, a seeded random walk or a recorded CSV locally (adapters/quotes). The feed stamps the
 * answer with its own clock, so a source that stops answering goes stale by the feed's time, not its own.
 */
export interface QuoteSource {
  /** The venue's name in the index's `sources` (binance, coinbase, …). */
  readonly name: string;
  /** Relative weight in the index, a positive decimal ("0.4", "40": only ratios matter). */
  readonly weight: string;
  /**
   * The venue's last price as the decimal text it sent. Throws when the venue did not answer usably (network,
   * HTTP status, a body without the price): the feed then keeps the venue's previous quote, which goes stale.
   */
  latest(): Promise<string>;
}
