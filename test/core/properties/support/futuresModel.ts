import type { SettleFunding, UpdateIndexPrice } from '../../../../core/engine/commands';
import type { MatchingEngine } from '../../../../core/engine/matchingEngine';
import type { Market } from './markets';

/**
 * An independent reading of docs/futures.md for the properties: mark, basis, premium, funding rate and payments
 * recomputed from the engine's public views (depth, last price, positions) with plain fractions and lists that
 * are re-summed every time, none of the engine's running sums, rings or formulas. What it expects of each
 * MarkPriceUpdated and of each settlement is compared with what the engine emitted.
 */

/** An exact fraction of bigints, denominator positive. */
class Q {
  constructor(
    readonly n: bigint,
    readonly d: bigint = 1n,
  ) {
    if (d <= 0n) throw new Error('denominator must be positive');
  }
  add(o: Q): Q {
    return new Q(this.n * o.d + o.n * this.d, this.d * o.d);
  }
  sub(o: Q): Q {
    return new Q(this.n * o.d - o.n * this.d, this.d * o.d);
  }
  mul(o: Q): Q {
    return new Q(this.n * o.n, this.d * o.d);
  }
  div(o: Q): Q {
    return o.n < 0n ? new Q(-this.n * o.d, -o.n * this.d) : new Q(this.n * o.d, this.d * o.n);
  }
  cmp(o: Q): number {
    const l = this.n * o.d;
    const r = o.n * this.d;
    return l < r ? -1 : l > r ? 1 : 0;
  }
  /** Nearest integer, halves away from zero. */
  round(): bigint {
    const twice = 2n * (this.n < 0n ? -this.n : this.n) + this.d;
    const q = twice / (2n * this.d);
    return this.n < 0n ? -q : q;
  }
  floor(): bigint {
    return this.n >= 0n ? this.n / this.d : -((-this.n + this.d - 1n) / this.d);
  }
}

const q = (n: bigint | number, d: bigint | number = 1n) => new Q(BigInt(n), BigInt(d));
const HOUR = 3_600_000;
const INTERVAL = 8 * HOUR;
const WINDOW = 300;
const RATE = q(100_000_000n);

/** The futures terms of the property markets (their specs name none: the defaults apply). */
export interface Terms {
  readonly interest: Q;
  readonly cap: Q;
  readonly floor: Q;
  /** Impact margin notional in money (10⁻⁸ USDT). */
  readonly impactNotional: Q;
}

export function termsOf(market: Market): Terms {
  const maxLeverage = market.spec.maxLeverage;
  // The single legacy tier: maintenance ⌊10,000 / (2 × maxLeverage)⌋ basis points; the cap 0.75 of it.
  const maintenance = q(Math.floor(10_000 / (2 * maxLeverage)) * 10_000);
  const cap = maintenance.mul(q(3, 4));
  return {
    interest: q(10_000),
    cap: q(cap.floor()),
    floor: q(-cap.floor()),
    impactNotional: q(200n * 100_000_000n * BigInt(maxLeverage)),
  };
}

interface Expected {
  readonly markPrice: number;
  readonly premium: number;
  readonly basis: number | null;
  readonly sampled: boolean;
  readonly estimatedFundingRate: number;
  readonly lastFundingRate: number;
  readonly nextFundingTime: number;
}

export interface ExpectedSettlement {
  readonly fundingRate: number;
  readonly payments: [number, bigint][];
  readonly exact: Map<number, Q>;
}

export class FuturesModel {
  private samples: { second: number; basis: bigint }[] = [];
  private premiums: { fundingTime: number; values: bigint[] } = { fundingTime: 0, values: [] };
  private closed: { fundingTime: number; rate: bigint } | undefined;
  private lastSampleSecond = -1;
  lastFundingRate = 0n;
  lastFundingTime = 0;
  mark: bigint | undefined;

  constructor(
    private readonly market: Market,
    private readonly terms: Terms,
  ) {}

  /** What the engine should emit for this index price, decided against the engine as it is before it. */
  indexPrice(engine: MatchingEngine, command: UpdateIndexPrice, time: number): Expected {
    const u = this.market.unitsPerTick;
    const index = parseUnits(command.price);
    const second = Math.floor(time / 1000);
    const sampled = second > this.lastSampleSecond;
    const bid = engine.bestPrice('BUY');
    const ask = engine.bestPrice('SELL');
    const basis =
      bid === undefined || ask === undefined ? null : q(BigInt(bid + ask) * u - 2n * index, 2n).round();
    const premium = this.premiumOf(engine, index);

    if (sampled) {
      this.lastSampleSecond = second;
      if (basis !== null) this.samples.push({ second, basis });
      const fundingTime = (Math.floor(time / INTERVAL) + 1) * INTERVAL;
      if (this.premiums.fundingTime !== fundingTime) {
        if (this.premiums.values.length > 0 && this.premiums.fundingTime > this.lastFundingTime) {
          this.closed = { fundingTime: this.premiums.fundingTime, rate: this.rateOf(this.premiums.values) };
        }
        this.premiums = { fundingTime, values: [] };
      }
      this.premiums.values.push(premium);
    }
    this.samples = this.samples.filter((s) => s.second > second - WINDOW);

    const nextFundingTime = (Math.floor(time / INTERVAL) + 1) * INTERVAL;
    const indexQ = q(index);
    const price1 =
      index +
      indexQ
        .mul(q(this.lastFundingRate))
        .mul(q(nextFundingTime - time))
        .div(RATE.mul(q(INTERVAL)))
        .round();
    const price2 =
      this.samples.length === 0
        ? undefined
        : index +
          q(
            this.samples.reduce((sum, s) => sum + s.basis, 0n),
            this.samples.length,
          ).round();
    const last = engine.lastPrice === undefined ? undefined : BigInt(engine.lastPrice) * u;
    const mark =
      price2 === undefined || last === undefined
        ? price1
        : [price1, price2, last].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))[1]!;
    this.mark = mark;
    return {
      markPrice: Number(mark),
      premium: Number(premium),
      basis: basis === null ? null : Number(basis),
      sampled,
      estimatedFundingRate: Number(this.rateOf(this.premiums.values)),
      lastFundingRate: Number(this.lastFundingRate),
      nextFundingTime,
    };
  }

  /** What a settlement should pay, or undefined if the engine must refuse it. */
  settle(engine: MatchingEngine, command: SettleFunding, time: number): ExpectedSettlement | undefined {
    const t = command.fundingTime;
    if (t % INTERVAL !== 0 || t <= this.lastFundingTime || t > time || this.mark === undefined)
      return undefined;
    const rate =
      this.closed?.fundingTime === t
        ? this.closed.rate
        : this.premiums.fundingTime === t
          ? this.rateOf(this.premiums.values)
          : this.rateOf([]);
    // Exact payments: size (base units) × mark (10⁻⁸ USDT) × rate.
    const [lotNum, lotDen] = this.market.lotSize;
    const exact = new Map<number, Q>();
    for (const [accountId, position] of engine.positions()) {
      if (position.size === 0) continue;
      const owed = q(BigInt(position.size) * lotNum, lotDen)
        .mul(q(this.mark))
        .mul(q(rate))
        .div(RATE);
      if (owed.n !== 0n) exact.set(accountId, owed);
    }
    const payers = [...exact].filter(([, owed]) => owed.n > 0n);
    const receivers = [...exact]
      .filter(([, owed]) => owed.n < 0n)
      .map(([id, owed]) => [id, q(-owed.n, owed.d)] as const);
    const total = payers.reduce((sum, [, owed]) => sum.add(owed), q(0)).round();
    const payments: [number, bigint][] = [
      ...share(payers, total).map(([id, amount]) => [id, -amount] as [number, bigint]),
      ...share(receivers, total),
    ].filter(([, amount]) => amount !== 0n);
    payments.sort((a, b) => a[0] - b[0]);
    this.lastFundingRate = rate;
    this.lastFundingTime = t;
    if (this.closed !== undefined && this.closed.fundingTime <= t) this.closed = undefined;
    if (this.premiums.fundingTime !== 0 && this.premiums.fundingTime <= t)
      this.premiums = { fundingTime: 0, values: [] };
    return { fundingRate: Number(rate), payments, exact };
  }

  private rateOf(values: readonly bigint[]): bigint {
    const n = BigInt(values.length);
    let weighted = 0n;
    values.forEach((p, i) => {
      weighted += BigInt(i + 1) * p;
    });
    const average = n === 0n ? 0n : q(weighted * 2n, n * (n + 1n)).round();
    const gap = this.terms.interest.n - average;
    const clamped = gap < -50_000n ? -50_000n : gap > 50_000n ? 50_000n : gap;
    const rate = average + clamped;
    return rate < this.terms.floor.n ? this.terms.floor.n : rate > this.terms.cap.n ? this.terms.cap.n : rate;
  }

  /** [max(0, impact bid − index) − max(0, index − impact ask)] / index, rounded to 10⁻⁸. */
  private premiumOf(engine: MatchingEngine, index: bigint): bigint {
    const bid = this.impactPrice(engine.depth('BUY'));
    const ask = this.impactPrice(engine.depth('SELL'));
    const indexQ = q(index);
    let premium = q(0);
    if (bid !== undefined && bid.cmp(indexQ) > 0) premium = premium.add(bid.sub(indexQ));
    if (ask !== undefined && ask.cmp(indexQ) < 0) premium = premium.sub(indexQ.sub(ask));
    return premium.div(indexQ).mul(RATE).round();
  }

  /** The average price in 10⁻⁸ USDT per base unit of filling the impact notional, or undefined if too thin. */
  private impactPrice(levels: readonly [number, number][]): Q | undefined {
    const m = q(this.market.moneyPerTickLot);
    let left = this.terms.impactNotional;
    let lots = q(0);
    for (const [price, quantity] of levels) {
      const levelNotional = q(price).mul(q(quantity)).mul(m);
      if (levelNotional.cmp(left) >= 0) {
        lots = lots.add(left.div(q(price).mul(m)));
        // notional / lots is ticks; × units per tick.
        return this.terms.impactNotional.div(m.mul(lots)).mul(q(this.market.unitsPerTick));
      }
      left = left.sub(levelNotional);
      lots = lots.add(q(quantity));
    }
    return undefined;
  }
}

/** Each account's exact amount rounded down, then one unit each to the largest remainders (ties: lower id). */
function share(owed: readonly (readonly [number, Q])[], total: bigint): [number, bigint][] {
  const shares = owed.map(([id, amount]) => ({
    id,
    base: amount.floor(),
    rest: amount.sub(q(amount.floor())),
  }));
  let missing = total - shares.reduce((sum, s) => sum + s.base, 0n);
  const order = [...shares].sort((a, b) => b.rest.cmp(a.rest) || a.id - b.id);
  for (const s of order) {
    if (missing <= 0n) break;
    s.base += 1n;
    missing--;
  }
  return shares.map((s) => [s.id, s.base]);
}

function parseUnits(text: string): bigint {
  const [whole, fraction = ''] = text.split('.');
  return BigInt(whole!) * 100_000_000n + BigInt(fraction.padEnd(8, '0'));
}
