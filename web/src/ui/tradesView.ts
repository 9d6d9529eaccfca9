import type { MarketTrade } from '../market';
import { formatClock, formatDecimal } from '../model/format';
import type { SymbolRules } from '../model/symbolRules';
import { el, frameScheduler, setText } from './dom';

/** Recent trades, newest first: price coloured by the taker's side, size, time of day. */
export class TradesView {
  private rules: SymbolRules | undefined;
  private trades: readonly MarketTrade[] = [];
  private readonly list: HTMLElement;
  private readonly head: { price: HTMLElement; qty: HTMLElement };
  private readonly schedule = frameScheduler(() => this.render());

  constructor(panel: HTMLElement) {
    this.head = { price: el('span', { text: 'Price' }), qty: el('span', { text: 'Size' }) };
    this.list = el('div', { class: 'trades-list', attrs: { id: 'trades' } });
    panel.append(
      el('div', { class: 'panel-head' }, el('h2', { text: 'Trades' })),
      el('div', { class: 'trades-columns' }, this.head.price, this.head.qty, el('span', { text: 'Time' })),
      this.list,
    );
  }

  setSymbol(rules: SymbolRules): void {
    this.rules = rules;
    setText(this.head.price, `Price (${rules.quoteAsset})`);
    setText(this.head.qty, `Size (${rules.baseAsset})`);
  }

  show(trades: readonly MarketTrade[]): void {
    this.trades = trades;
    this.schedule();
  }

  private render(): void {
    const rules = this.rules;
    if (rules === undefined) return;
    if (this.trades.length === 0) {
      this.list.replaceChildren(el('div', { class: 'empty', text: 'No trades yet' }));
      return;
    }
    this.list.replaceChildren(
      ...this.trades.map((t) =>
        el(
          'div',
          { class: `trade ${t.buyerMaker ? 'sell' : 'buy'}`, attrs: { 'data-trade-id': String(t.id) } },
          el('span', { class: 'trade-price', text: formatDecimal(t.price, rules.priceDecimals) }),
          el('span', { text: formatDecimal(t.qty, rules.quantityDecimals) }),
          el('span', { class: 'muted', text: formatClock(t.time) }),
        ),
      ),
    );
  }
}
