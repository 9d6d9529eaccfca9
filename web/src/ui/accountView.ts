import type { Order } from '../api/wire';
import { type AccountState, marginSummary, openPositions, type Position } from '../model/account';
import { dec, isZero, parseDecimal, sign } from '../model/decimal';
import { formatDateTime, formatDecimal } from '../model/format';
import type { SymbolRules } from '../model/symbolRules';
import { el, frameScheduler, setText } from './dom';

type Tab = 'positions' | 'open' | 'orders' | 'trades' | 'balances';

const TABS: readonly { readonly id: Tab; readonly label: string }[] = [
  { id: 'positions', label: 'Positions' },
  { id: 'open', label: 'Open orders' },
  { id: 'orders', label: 'Order history' },
  { id: 'trades', label: 'Trade history' },
  { id: 'balances', label: 'Balances' },
];

export interface AccountViewHost {
  cancel(order: Order): void;
  cancelAll(): void;
  connectKeys(): void;
}

/** Money is shown with 2 digits, rounded down: the page never shows more than there is. */
const MONEY = { rounding: 'down' as const };

/**
 * The account panel: positions (size, entry, mark, liquidation price, the account's margin ratio, unrealized PnL),
 * open orders with cancel and cancel-all, the shown symbol's order and trade history, and balances. Rows carry the
 * API's ids as data attributes, so a test (or a user's tooling) can find them.
 */
export class AccountView {
  private state: AccountState | undefined;
  private rulesBySymbol = new Map<string, SymbolRules>();
  private symbol = '';
  private tab: Tab = 'positions';
  private rendered: { tab: Tab; symbol: string; data: unknown } | undefined;
  private readonly tabButtons = new Map<Tab, HTMLButtonElement>();
  private readonly body: HTMLElement;
  private readonly actions: HTMLElement;
  private readonly summary: HTMLElement;
  private readonly schedule = frameScheduler(() => this.render());

  constructor(
    panel: HTMLElement,
    summary: HTMLElement,
    private readonly host: AccountViewHost,
  ) {
    const tabs = el('div', { class: 'tabs', attrs: { role: 'tablist' } });
    for (const { id, label } of TABS) {
      const button = el('button', {
        class: 'tab',
        text: label,
        attrs: { type: 'button', role: 'tab', 'data-tab': id },
        on: { click: () => this.select(id) },
      });
      this.tabButtons.set(id, button);
      tabs.append(button);
    }
    this.actions = el('div', { class: 'tab-actions' });
    this.body = el('div', { class: 'account-body', attrs: { id: 'account-body' } });
    panel.append(el('div', { class: 'panel-head account-head' }, tabs, this.actions), this.body);
    this.summary = summary;
    this.select('positions');
  }

  setRules(rules: readonly SymbolRules[]): void {
    this.rulesBySymbol = new Map(rules.map((r) => [r.symbol, r]));
  }

  setSymbol(symbol: string): void {
    this.symbol = symbol;
    this.schedule();
  }

  show(state: AccountState | undefined): void {
    this.state = state;
    this.schedule();
  }

  private select(tab: Tab): void {
    this.tab = tab;
    for (const [id, button] of this.tabButtons) {
      button.classList.toggle('active', id === tab);
      button.setAttribute('aria-selected', String(id === tab));
    }
    this.schedule();
  }

  private render(): void {
    const state = this.state;
    this.renderSummary(state);
    const positions = state === undefined ? [] : openPositions(state);
    const open = state === undefined ? [] : [...state.openOrders.values()].sort((a, b) => b.time - a.time);
    setText(this.tabButtons.get('positions')!, `Positions (${positions.length})`);
    setText(this.tabButtons.get('open')!, `Open orders (${open.length})`);
    // A table is rebuilt only when what it shows changed: mark prices move every second, and rebuilding the
    // open orders under the pointer would swallow a click on Cancel.
    const shown = this.shownData(state);
    if (this.rendered !== undefined && this.rendered.tab === this.tab && this.rendered.symbol === this.symbol)
      if (this.rendered.data === shown) return;
    this.rendered = { tab: this.tab, symbol: this.symbol, data: shown };
    this.actions.replaceChildren();
    if (state === undefined) {
      this.body.replaceChildren(
        el(
          'div',
          { class: 'empty' },
          el('span', { text: 'Read-only mode. ' }),
          el('button', {
            class: 'link',
            text: 'Connect an API key',
            attrs: { type: 'button' },
            on: { click: () => this.host.connectKeys() },
          }),
          el('span', { text: ' to see positions, orders and balances.' }),
        ),
      );
      return;
    }
    switch (this.tab) {
      case 'positions':
        this.body.replaceChildren(this.positionsTable(state, positions));
        break;
      case 'open':
        if (open.length > 0)
          this.actions.append(
            el('button', {
              class: 'small danger',
              text: 'Cancel all',
              attrs: { type: 'button', id: 'cancel-all' },
              on: { click: () => this.host.cancelAll() },
            }),
          );
        this.body.replaceChildren(this.openOrdersTable(open));
        break;
      case 'orders':
        this.body.replaceChildren(
          this.orderHistoryTable(state.orders.filter((o) => o.symbol === this.symbol)),
        );
        break;
      case 'trades':
        this.body.replaceChildren(this.tradesTable(state));
        break;
      case 'balances':
        this.body.replaceChildren(this.balancesTable(state));
        break;
    }
  }

  /** What the active tab is drawn from (same object: nothing to redraw). */
  private shownData(state: AccountState | undefined): unknown {
    if (state === undefined) return undefined;
    switch (this.tab) {
      case 'open':
        return state.openOrders;
      case 'orders':
        return state.orders;
      case 'trades':
        return state.trades;
      case 'positions':
      case 'balances':
        return state;
    }
  }

  private renderSummary(state: AccountState | undefined): void {
    if (state === undefined) {
      this.summary.replaceChildren();
      return;
    }
    const m = marginSummary(state);
    const balance = state.balances.get('USDT');
    const row = (label: string, value: string, id: string, cls = '') =>
      el(
        'div',
        { class: 'summary-row' },
        el('span', { class: 'muted', text: label }),
        el('span', { class: cls, text: value, attrs: { id } }),
      );
    this.summary.replaceChildren(
      el('h3', { text: 'Account' }),
      row(
        'Margin ratio',
        m.marginRatioPercent === undefined ? '—' : `${formatDecimal(m.marginRatioPercent, 2)}%`,
        'margin-ratio',
      ),
      row('Maintenance margin', `${formatDecimal(m.maintMargin, 2, MONEY)} USDT`, 'maint-margin'),
      row('Margin balance', `${formatDecimal(m.marginBalance, 2, MONEY)} USDT`, 'margin-balance'),
      row('Wallet balance', `${formatDecimal(m.walletBalance, 2, MONEY)} USDT`, 'wallet-balance'),
      row(
        'Available',
        balance === undefined ? '—' : `${formatDecimal(balance.availableBalance, 2, MONEY)} USDT`,
        'available-balance',
      ),
    );
  }

  private priceText(symbol: string, price: string): string {
    const rules = this.rulesBySymbol.get(symbol);
    const value = parseDecimal(price);
    if (value === undefined || isZero(value)) return '—';
    return formatDecimal(value, rules?.priceDecimals ?? 2);
  }

  private qtyText(symbol: string, qty: string, signed = false): string {
    return formatDecimal(qty, this.rulesBySymbol.get(symbol)?.quantityDecimals ?? 3, { signed });
  }

  private positionsTable(state: AccountState, positions: readonly Position[]): HTMLElement {
    if (positions.length === 0) return empty('No open positions');
    const ratio = marginSummary(state).marginRatioPercent;
    return table(
      ['Symbol', 'Size', 'Entry price', 'Mark price', 'Liq. price', 'Margin ratio', 'Unrealized PnL'],
      positions.map((p) => {
        const size = dec(p.positionAmt);
        const pnl = dec(p.unRealizedProfit);
        const base = this.rulesBySymbol.get(p.symbol)?.baseAsset ?? '';
        return el(
          'tr',
          { attrs: { 'data-symbol': p.symbol } },
          cell(`${p.symbol}${p.leverage ? ` · ${p.leverage}x` : ''}`, 'symbol'),
          cell(
            `${this.qtyText(p.symbol, p.positionAmt, true)} ${base}`,
            `num ${sign(size) > 0 ? 'up' : 'down'} size`,
          ),
          cell(this.priceText(p.symbol, p.entryPrice), 'num entry'),
          cell(this.priceText(p.symbol, p.markPrice), 'num mark'),
          cell(this.priceText(p.symbol, p.liquidationPrice), 'num liq'),
          cell(ratio === undefined ? '—' : `${formatDecimal(ratio, 2)}%`, 'num'),
          cell(
            `${formatDecimal(pnl, 2, { signed: true })} USDT`,
            `num pnl ${sign(pnl) > 0 ? 'up' : sign(pnl) < 0 ? 'down' : ''}`,
          ),
        );
      }),
    );
  }

  private openOrdersTable(orders: readonly Order[]): HTMLElement {
    if (orders.length === 0) return empty('No open orders');
    return table(
      ['Time', 'Symbol', 'Type', 'Side', 'Price', 'Size', 'Filled', 'Options', ''],
      orders.map((o) =>
        el(
          'tr',
          { attrs: { 'data-order-id': String(o.orderId), 'data-symbol': o.symbol } },
          cell(formatDateTime(o.time), 'muted'),
          cell(o.symbol),
          cell(typeLabel(o)),
          cell(o.side === 'BUY' ? 'Buy' : 'Sell', o.side === 'BUY' ? 'up' : 'down'),
          cell(this.priceText(o.symbol, o.price), 'num price'),
          cell(this.qtyText(o.symbol, o.origQty), 'num qty'),
          cell(this.qtyText(o.symbol, o.executedQty), 'num filled'),
          cell([o.timeInForce, o.reduceOnly ? 'Reduce only' : ''].filter(Boolean).join(' · '), 'muted'),
          el(
            'td',
            { class: 'actions' },
            el('button', {
              class: 'small',
              text: 'Cancel',
              attrs: { type: 'button', 'data-cancel': String(o.orderId) },
              on: { click: () => this.host.cancel(o) },
            }),
          ),
        ),
      ),
    );
  }

  private orderHistoryTable(orders: readonly Order[]): HTMLElement {
    if (orders.length === 0) return empty(`No ${this.symbol} orders in the last 7 days`);
    return table(
      ['Time', 'Symbol', 'Type', 'Side', 'Price', 'Average', 'Size', 'Filled', 'Status'],
      orders.map((o) =>
        el(
          'tr',
          { attrs: { 'data-order-id': String(o.orderId) } },
          cell(formatDateTime(o.updateTime), 'muted'),
          cell(o.symbol),
          cell(typeLabel(o)),
          cell(o.side === 'BUY' ? 'Buy' : 'Sell', o.side === 'BUY' ? 'up' : 'down'),
          cell(o.type === 'MARKET' ? 'Market' : this.priceText(o.symbol, o.price), 'num'),
          cell(this.priceText(o.symbol, o.avgPrice), 'num'),
          cell(this.qtyText(o.symbol, o.origQty), 'num'),
          cell(this.qtyText(o.symbol, o.executedQty), 'num'),
          cell(statusLabel(o.status), 'status'),
        ),
      ),
    );
  }

  private tradesTable(state: AccountState): HTMLElement {
    const trades = state.trades.filter((t) => t.symbol === this.symbol);
    if (trades.length === 0) return empty(`No ${this.symbol} trades in the last 7 days`);
    return table(
      ['Time', 'Symbol', 'Side', 'Price', 'Size', 'Fee', 'Role', 'Realized PnL'],
      trades.map((t) => {
        const pnl = dec(t.realizedPnl);
        return el(
          'tr',
          { attrs: { 'data-trade-id': String(t.id) } },
          cell(formatDateTime(t.time), 'muted'),
          cell(t.symbol),
          cell(t.side === 'BUY' ? 'Buy' : 'Sell', t.side === 'BUY' ? 'up' : 'down'),
          cell(this.priceText(t.symbol, t.price), 'num price'),
          cell(this.qtyText(t.symbol, t.qty), 'num qty'),
          cell(`${formatDecimal(t.commission, 4)} ${t.commissionAsset}`, 'num fee'),
          cell(t.maker ? 'Maker' : 'Taker', 'muted'),
          cell(
            formatDecimal(pnl, 4, { signed: true }),
            `num ${sign(pnl) > 0 ? 'up' : sign(pnl) < 0 ? 'down' : ''}`,
          ),
        );
      }),
    );
  }

  private balancesTable(state: AccountState): HTMLElement {
    const m = marginSummary(state);
    return table(
      [
        'Asset',
        'Wallet balance',
        'Unrealized PnL',
        'Margin balance',
        'Available',
        'Maint. margin',
        'Margin ratio',
      ],
      [...state.balances.values()].map((b) =>
        el(
          'tr',
          { attrs: { 'data-asset': b.asset } },
          cell(b.asset),
          cell(formatDecimal(b.walletBalance, 2, MONEY), 'num wallet'),
          cell(formatDecimal(m.unrealizedPnl, 2, { signed: true }), 'num'),
          cell(formatDecimal(m.marginBalance, 2, MONEY), 'num'),
          cell(formatDecimal(b.availableBalance, 2, MONEY), 'num available'),
          cell(formatDecimal(m.maintMargin, 2), 'num'),
          cell(
            m.marginRatioPercent === undefined ? '—' : `${formatDecimal(m.marginRatioPercent, 2)}%`,
            'num',
          ),
        ),
      ),
    );
  }
}

function typeLabel(o: Order): string {
  if (o.type === 'LIMIT' && o.timeInForce === 'GTX') return 'Limit (post only)';
  return o.type
    .toLowerCase()
    .split('_')
    .map((w, i) => (i === 0 ? w[0]!.toUpperCase() + w.slice(1) : w))
    .join(' ');
}

function statusLabel(status: string): string {
  return status === 'EXPIRED_IN_MATCH'
    ? 'Expired in match'
    : status[0] + status.slice(1).toLowerCase().replace(/_/g, ' ');
}

function table(headers: readonly string[], rows: readonly HTMLElement[]): HTMLElement {
  return el(
    'div',
    { class: 'table-scroll' },
    el(
      'table',
      {},
      el('thead', {}, el('tr', {}, ...headers.map((h) => el('th', { text: h })))),
      el('tbody', {}, ...rows),
    ),
  );
}

function cell(text: string, cls = ''): HTMLElement {
  return el('td', { class: cls, text });
}

function empty(text: string): HTMLElement {
  return el('div', { class: 'empty', text });
}
