import type { QuoteSource } from '../../application/ports/quoteSource';
import { formatScaled, parseScaled } from '../../core/numbers/decimal';

const DECIMALS = 8;
/** A step's size is drawn in millionths of the price. */
const PER_MILLION = 1_000_000n;

export interface SimulatedWalk {
  /** Where the walk starts and what it is pulled back to: the symbol's preset price. */
  readonly startPrice: string;
  /** The largest move of one step, in millionths of the price (default 500: 0.05%, about Bitcoin's per second). */
  readonly maxStepPerMillion?: number;
  /** The share of the distance back to the start price recovered each step, in millionths (default 2,000). */
  readonly reversionPerMillion?: number;
}

/**
 * A venue that does not exist: a random walk around the symbol's preset price, one step per tick, pulled back
 * toward the start so a long demo does not drift off. Exact: the price is integer 10^-8 units throughout; the
 * randomness is handed in (`seededRandom(seed)` for a reproducible walk), so this module reads no entropy.
 */
export class SimulatedQuoteSource implements QuoteSource {
  private units: bigint;
  private readonly start: bigint;
  private readonly maxStep: number;
  private readonly reversion: bigint;

  constructor(
    readonly name: string,
    walk: SimulatedWalk,
    private readonly random: () => number,
    readonly weight = '1',
  ) {
    const start = parseScaled(walk.startPrice, DECIMALS);
    if (start === undefined || start <= 0n)
      throw new Error(`${name}: start price ${walk.startPrice} is not positive`);
    this.start = start;
    this.units = start;
    this.maxStep = walk.maxStepPerMillion ?? 500;
    this.reversion = BigInt(walk.reversionPerMillion ?? 2_000);
  }

  async latest(): Promise<string> {
    const step = BigInt(Math.floor(this.random() * (2 * this.maxStep + 1)) - this.maxStep);
    const moved = this.units + (this.units * step) / PER_MILLION;
    const pulled = moved + ((this.start - moved) * this.reversion) / PER_MILLION;
    this.units = pulled > 0n ? pulled : this.start;
    return formatScaled(this.units, DECIMALS);
  }
}
