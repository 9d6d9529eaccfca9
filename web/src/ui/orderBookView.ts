import type { BookView } from '../market';
import {
  add,
  cmp,
  type Decimal,
  dec,
  div,
  max,
  mul,
  normalize,
  partsOf,
  sub,
  toPlain,
  ZERO,
} from '../model/decimal';
import { formatDecimal } from '../model/format';
import type { BookLevel } from '../model/localOrderBook';
import type { SymbolRules } from '../model/symbolRules';
import { el, frameScheduler, setText } from './dom';

/** Rows built per side; as many as the panel's height holds whole are shown, those nearest the spread. */
const ROWS = 30;
/** A level's height in pixels (styles.css .level). */
const ROW_HEIGHT = 19;

interface Row {
  readonly node: HTMLElement;
  readonly price: HTMLElement;
  readonly qty: HTMLElement;
  readonly total: HTMLElement;
  readonly bar: HTMLElement;
}

/**
 * The order book: asks above, bids below, each level with its size and the running total from the spread, a depth
 * bar proportional to that total, and between them the last price, the mark price and the spread. While the book
 * is not in sync (connecting, reconnecting, resynchronising after a gap) it shows that state and no levels.
 * Clicking a level puts its price into the order form.
 */
export class OrderBookView {
  private rules: SymbolRules | undefined;
  private view: BookView = { kind: 'syncing' };
  private fits = ROWS;
  private ownPrices = new Set<string>();
  private readonly asks: Row[];
  private readonly bids: Row[];
  private readonly status: HTMLElement;
  private readonly last: HTMLElement;
  private readonly mark: HTMLElement;
  private readonly spread: HTMLElement;
  private readonly head: { price: HTMLElement; qty: HTMLElement; total: HTMLElement };
  private readonly body: HTMLElement;
  private readonly schedule = frameScheduler(() => this.render());
  private lastPrice: string | undefined;
  private lastDirection: 'up' | 'down' | '' = '';

  constructor(panel: HTMLElement, onPrice: (price: string) => void) {
    this.head = {
      price: el('span', { text: 'Price' }),
      qty: el('span', { text: 'Size' }),
      total: el('span', { text: 'Total' }),
    };
    const pick = (event: MouseEvent) => {
      const price = (event.target as HTMLElement).closest<HTMLElement>('.level')?.dataset.price;
      if (price) onPrice(price);
    };
    this.asks = Array.from({ length: ROWS }, () => this.row('ask'));
    this.bids = Array.from({ length: ROWS }, () => this.row('bid'));
    const asks = el(
      'div',
      { class: 'book-side asks', on: { click: pick } },
      ...[...this.asks].reverse().map((r) => r.node),
    );
    const bids = el('div', { class: 'book-side bids', on: { click: pick } }, ...this.bids.map((r) => r.node));
    // Whole rows only: a level cut in half by the panel's edge would be a number half read.
    new ResizeObserver(() => {
      this.fits = Math.max(1, Math.min(ROWS, Math.floor(asks.clientHeight / ROW_HEIGHT)));
      this.schedule();
    }).observe(asks);
    this.last = el('span', { class: 'book-last' });
    this.mark = el('span', { class: 'book-mark', title: 'Mark price' });
    this.spread = el('span', { class: 'book-spread', title: 'Spread' });
    const middle = el('div', { class: 'book-middle' }, this.last, this.mark, this.spread);
    this.status = el('div', { class: 'book-status', attrs: { role: 'status', 'aria-live': 'polite' } });
    this.body = el('div', { class: 'book-body' }, asks, middle, bids, this.status);
    panel.append(
      el('div', { class: 'panel-head' }, el('h2', { text: 'Order book' })),
      el('div', { class: 'book-columns' }, this.head.price, this.head.qty, this.head.total),
      this.body,
    );
    panel.dataset.state = 'syncing';
  }

  setSymbol(rules: SymbolRules): void {
    this.rules = rules;
    this.lastPrice = undefined;
    this.lastDirection = '';
    setText(this.head.price, `Price (${rules.quoteAsset})`);
    setText(this.head.qty, `Size (${rules.baseAsset})`);
    setText(this.head.total, `Total (${rules.baseAsset})`);
    setText(this.mark, '');
    this.schedule();
  }

  show(view: BookView): void {
    this.view = view;
    this.schedule();
  }

  /** Prices (normalized text) where the trader has an open order: marked in the book. */
  setOwnPrices(prices: Set<string>): void {
    this.ownPrices = prices;
    this.schedule();
  }

  setLastPrice(price: string): void {
    if (this.lastPrice !== undefined) {
      const c = cmp(dec(price), dec(this.lastPrice));
      if (c !== 0) this.lastDirection = c > 0 ? 'up' : 'down';
    }
    this.lastPrice = price;
    this.schedule();
  }

  setMarkPrice(price: string): void {
    if (this.rules === undefined) return;
    setText(this.mark, formatDecimal(price, this.rules.priceDecimals));
  }

  private row(side: 'ask' | 'bid'): Row {
    const price = el('span', { class: 'level-price' });
    const qty = el('span', { class: 'level-qty' });
    const total = el('span', { class: 'level-total' });
    const bar = el('span', { class: 'level-bar' });
    const node = el('div', { class: `level ${side}` }, bar, price, qty, total);
    return { node, price, qty, total, bar };
  }

  private render(): void {
    const rules = this.rules;
    const panel = this.body.parentElement!;
    panel.dataset.state = this.view.kind;
    if (this.view.kind !== 'live' || rules === undefined) {
      setText(this.status, this.view.kind === 'reconnecting' ? 'Reconnecting…' : 'Synchronising order book…');
      for (const row of [...this.asks, ...this.bids]) row.node.hidden = true;
      setText(this.spread, '');
      return;
    }
    setText(this.status, '');
    const bids = this.view.bids.slice(0, this.fits);
    const asks = this.view.asks.slice(0, this.fits);
    const askTotals = runningTotals(asks);
    const bidTotals = runningTotals(bids);
    const deepest = max(askTotals.at(-1) ?? ZERO, bidTotals.at(-1) ?? ZERO);
    this.fill(this.asks, asks, askTotals, deepest, rules);
    this.fill(this.bids, bids, bidTotals, deepest, rules);

    if (this.lastPrice !== undefined) setText(this.last, formatDecimal(this.lastPrice, rules.priceDecimals));
    this.last.className = `book-last ${this.lastDirection}`;
    const [bestBid] = bids;
    const [bestAsk] = asks;
    if (bestBid !== undefined && bestAsk !== undefined) {
      const spread = sub(bestAsk.price, bestBid.price);
      const percent = div(mul(spread, dec('100')), bestAsk.price, 3, 'halfUp');
      setText(this.spread, `${formatDecimal(spread, rules.priceDecimals)} (${formatDecimal(percent, 3)}%)`);
    } else setText(this.spread, '');
  }

  private fill(
    rows: Row[],
    levels: readonly BookLevel[],
    totals: Decimal[],
    deepest: Decimal,
    rules: SymbolRules,
  ) {
    rows.forEach((row, i) => {
      const level = levels[i];
      if (level === undefined) {
        row.node.hidden = true;
        row.node.classList.remove('own');
        return;
      }
      row.node.hidden = false;
      const key = toPlain(normalize(level.price));
      row.node.dataset.price = toPlain(level.price);
      row.node.classList.toggle('own', this.ownPrices.has(key));
      setText(row.price, formatDecimal(level.price, rules.priceDecimals));
      setText(row.qty, formatDecimal(level.qty, rules.quantityDecimals));
      setText(row.total, formatDecimal(totals[i]!, rules.quantityDecimals));
      // Width in tenths of a percent, computed exactly: the bar is the level's share of the deepest total.
      row.bar.style.width = `${partsOf(totals[i]!, deepest, 1000) / 10}%`;
    });
  }
}

function runningTotals(levels: readonly BookLevel[]): Decimal[] {
  const totals: Decimal[] = [];
  let total = ZERO;
  for (const level of levels) {
    total = add(total, level.qty);
    totals.push(total);
  }
  return totals;
}
