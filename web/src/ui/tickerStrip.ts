import type { PremiumView, TickerView } from '../market';
import { cmp, dec, parseDecimal, sign } from '../model/decimal';
import { formatCountdown, formatDecimal, formatPercent, formatRatePercent } from '../model/format';
import type { SymbolRules } from '../model/symbolRules';
import { el, setText } from './dom';

interface Stat {
  readonly node: HTMLElement;
  readonly value: HTMLElement;
}

/**
 * The strip under the symbol: last price, mark, index, 24 h change, high, low and volumes, the funding rate and
 * the countdown to the next funding. Mark and index show "—" while the exchange answers "0" (not published yet).
 */
export class TickerStrip {
  private rules: SymbolRules | undefined;
  private readonly last: HTMLElement;
  private readonly stats: Record<
    'mark' | 'index' | 'funding' | 'change' | 'high' | 'low' | 'volume' | 'quoteVolume',
    Stat
  >;
  private nextFundingTime = 0;
  private lastPrice: string | undefined;

  constructor(
    container: HTMLElement,
    private readonly now: () => number,
  ) {
    this.last = el('div', { class: 'ticker-last', attrs: { id: 'last-price' } });
    const stat = (label: string, id: string): Stat => {
      const value = el('span', { class: 'stat-value', attrs: { id } });
      return {
        node: el('div', { class: 'stat' }, el('span', { class: 'stat-label', text: label }), value),
        value,
      };
    };
    this.stats = {
      mark: stat('Mark', 'mark-price'),
      index: stat('Index', 'index-price'),
      funding: stat('Funding / Countdown', 'funding'),
      change: stat('24h Change', 'change-24h'),
      high: stat('24h High', 'high-24h'),
      low: stat('24h Low', 'low-24h'),
      volume: stat('24h Volume', 'volume-24h'),
      quoteVolume: stat('24h Volume (USDT)', 'quote-volume-24h'),
    };
    container.append(this.last, ...Object.values(this.stats).map((s) => s.node));
    setInterval(() => this.tick(), 1000);
  }

  setSymbol(rules: SymbolRules): void {
    this.rules = rules;
    this.lastPrice = undefined;
    this.nextFundingTime = 0;
    setText(this.stats.volume.node.firstChild!, `24h Volume (${rules.baseAsset})`);
    setText(this.stats.quoteVolume.node.firstChild!, `24h Volume (${rules.quoteAsset})`);
    setText(this.last, '—');
    for (const s of Object.values(this.stats)) setText(s.value, '—');
  }

  setTicker(t: TickerView): void {
    const r = this.rules;
    if (r === undefined) return;
    this.setLast(t.lastPrice);
    const change = parseDecimal(t.priceChange);
    const direction = change === undefined ? '' : sign(change) > 0 ? 'up' : sign(change) < 0 ? 'down' : '';
    setText(
      this.stats.change.value,
      `${formatDecimal(t.priceChange, r.priceDecimals, { signed: true })} ${formatPercent(t.priceChangePercent, 2)}`,
    );
    this.stats.change.value.className = `stat-value ${direction}`;
    setText(this.stats.high.value, formatDecimal(t.highPrice, r.priceDecimals));
    setText(this.stats.low.value, formatDecimal(t.lowPrice, r.priceDecimals));
    setText(this.stats.volume.value, formatDecimal(t.volume, r.quantityDecimals));
    setText(this.stats.quoteVolume.value, formatDecimal(t.quoteVolume, 2));
  }

  /** The last trade price, coloured by its move. */
  setLast(price: string): void {
    const r = this.rules;
    if (r === undefined) return;
    if (this.lastPrice !== undefined) {
      const c = cmp(dec(price), dec(this.lastPrice));
      if (c !== 0) this.last.className = `ticker-last ${c > 0 ? 'up' : 'down'}`;
    }
    this.lastPrice = price;
    setText(this.last, formatDecimal(price, r.priceDecimals));
  }

  setPremium(p: PremiumView): void {
    const r = this.rules;
    if (r === undefined) return;
    const shown = (price: string) => {
      const value = parseDecimal(price);
      return value === undefined || sign(value) === 0 ? '—' : formatDecimal(value, r.priceDecimals);
    };
    setText(this.stats.mark.value, shown(p.markPrice));
    setText(this.stats.index.value, shown(p.indexPrice));
    this.nextFundingTime = p.nextFundingTime;
    this.stats.funding.value.dataset.rate = p.fundingRate;
    this.tick();
  }

  private tick(): void {
    const rate = this.stats.funding.value.dataset.rate;
    if (rate === undefined || this.nextFundingTime === 0) return;
    const parsed = parseDecimal(rate);
    const direction = parsed === undefined ? '' : sign(parsed) > 0 ? 'up' : sign(parsed) < 0 ? 'down' : '';
    this.stats.funding.value.className = `stat-value ${direction}`;
    setText(
      this.stats.funding.value,
      `${formatRatePercent(rate, 4)} / ${formatCountdown(this.nextFundingTime - this.now())}`,
    );
  }
}
