import './styles.css';
import type { Credentials } from './api/rest';
import { RestClient } from './api/rest';
import { type SocketStatus, StreamSocket } from './api/streamSocket';
import type { ExchangeInfo, Order } from './api/wire';
import { loadConfig } from './config';
import { INTERVALS, type Interval, MarketFeed, type PremiumView } from './market';
import type { AccountState } from './model/account';
import { Backoff } from './model/backoff';
import { dec, normalize, parseDecimal, sign, toPlain } from './model/decimal';
import { formatDecimal } from './model/format';
import type { MarketReference } from './model/orderCheck';
import { type SymbolRules, symbolRules } from './model/symbolRules';
import { AccountSession } from './session';
import { AccountView } from './ui/accountView';
import { ChartView } from './ui/chartView';
import { byId, el, setText } from './ui/dom';
import { KeysDialog, storeCredentials, storedCredentials } from './ui/keysDialog';
import { OrderBookView } from './ui/orderBookView';
import { OrderForm } from './ui/orderForm';
import { TickerStrip } from './ui/tickerStrip';
import { Toasts } from './ui/toasts';
import { TradesView } from './ui/tradesView';

const INTERVAL_KEY = 'shardex.interval';

/**
 * The trading page's composition root: reads where the exchange is, loads the symbols, builds the panels and
 * wires them to the market feed (public streams) and, once keys are entered, to the trader's session (signed
 * REST and the user data stream). Everything it shows comes from the public API of the contract.
 */
async function main(): Promise<void> {
  const config = await loadConfig();
  const rest = new RestClient(config.restUrl);
  const toasts = new Toasts();
  const info = await exchangeInfo(rest);
  void rest.syncTime().catch(() => undefined);

  const allRules = info.symbols.map(symbolRules);
  if (allRules.length === 0) {
    fatal('The exchange lists no symbols yet.');
    return;
  }
  const wanted = decodeURIComponent(window.location.hash.slice(1)).toUpperCase();
  let rules = allRules.find((r) => r.symbol === wanted) ?? allRules[0]!;
  const storedInterval = localStorage.getItem(INTERVAL_KEY) as Interval | null;
  let interval: Interval =
    storedInterval !== null && INTERVALS.includes(storedInterval) ? storedInterval : '15m';
  let premium: PremiumView | undefined;
  let session: AccountSession | undefined;

  const ticker = new TickerStrip(byId('ticker'), () => rest.serverNow());
  const chart = new ChartView(byId('chart-panel'), (next) => {
    interval = next;
    localStorage.setItem(INTERVAL_KEY, next);
    chart.setInterval(next);
    void market.setInterval(next);
  });
  const book = new OrderBookView(byId('book-panel'), (price) => form.usePrice(price));
  const trades = new TradesView(byId('trades-panel'));
  const form = new OrderForm(byId('entry-panel'), {
    reference: () => reference(),
    buyingPower: () => {
      const available = session?.account.balances.get(rules.quoteAsset)?.availableBalance;
      const leverage = session?.leverageOf(rules.symbol);
      return available === undefined || leverage === undefined
        ? undefined
        : { available: dec(available), leverage };
    },
    submit: async (params) => {
      const order = await requireSession().placeOrder(params);
      const r = allRules.find((x) => x.symbol === order.symbol) ?? rules;
      const price = order.type === 'MARKET' ? 'market' : formatDecimal(order.price, r.priceDecimals);
      return `${order.side === 'BUY' ? 'Buy' : 'Sell'} ${formatDecimal(order.origQty, r.quantityDecimals)} ${order.symbol} @ ${price}: ${order.status.toLowerCase().replace(/_/g, ' ')}`;
    },
    setLeverage: (leverage) => requireSession().setLeverage(rules.symbol, leverage),
    connectKeys: () => keys.open(session?.credentials),
  });
  const account = new AccountView(byId('account-panel'), byId('account-summary'), {
    cancel: (order) => void cancel(order),
    cancelAll: () => void cancelAll(),
    connectKeys: () => keys.open(session?.credentials),
  });
  account.setRules(allRules);
  const keys = new KeysDialog(
    { connect: (c) => startSession(c), disconnect: () => endSession() },
    config.demo,
  );
  byId('keys-button').addEventListener('click', () => keys.open(session?.credentials));

  const socket = new StreamSocket(config.wsUrl);
  socket.onStatus((status) => showStatus('market-status', status));
  const market = new MarketFeed(
    rest,
    socket,
    {
      book: (view) => book.show(view),
      trades: (list) => {
        trades.show(list);
        const [newest] = list;
        if (newest !== undefined) {
          book.setLastPrice(newest.price);
          form.offerPrice(newest.price);
          ticker.setLast(newest.price);
          document.title = `${formatDecimal(newest.price, rules.priceDecimals)} · ${rules.symbol} · shardex`;
        }
      },
      candles: (change) => chart.showCandles(change),
      ticker: (t) => {
        ticker.setTicker(t);
        book.setLastPrice(t.lastPrice);
      },
      premium: (p) => {
        premium = p;
        ticker.setPremium(p);
        chart.setPremium(p);
        book.setMarkPrice(p.markPrice);
        session?.onMarkPrice(rules.symbol, p.markPrice);
        form.refresh();
      },
      // The shown symbol's mark comes with its premium above; the others' revalue their positions live.
      marks: (list) => {
        for (const m of list) if (m.s !== rules.symbol) session?.onMarkPrice(m.s, m.p);
      },
    },
    (message) => toasts.show(message, 'error'),
  );

  function reference(): MarketReference {
    const mark = premium === undefined ? undefined : parseDecimal(premium.markPrice);
    const { bestBid, bestAsk } = market.bestPrices();
    return {
      ...(mark !== undefined && sign(mark) > 0 ? { mark } : {}),
      ...(bestBid ? { bestBid: bestBid.price } : {}),
      ...(bestAsk ? { bestAsk: bestAsk.price } : {}),
    };
  }

  function requireSession(): AccountSession {
    if (session === undefined) throw new Error('Connect an API key first');
    return session;
  }

  function showAccount(state: AccountState | undefined): void {
    account.show(state);
    const own = new Set<string>();
    for (const o of state?.openOrders.values() ?? [])
      if (o.symbol === rules.symbol) own.add(toPlain(normalize(dec(o.price))));
    book.setOwnPrices(own);
    form.setLeverage(session?.leverageOf(rules.symbol));
  }

  function startSession(credentials: Credentials): void {
    session?.stop();
    storeCredentials(credentials);
    const started: AccountSession = new AccountSession(rest, config.wsUrl, credentials, rules.symbol, {
      changed: (state) => {
        if (session === started) showAccount(state);
      },
      status: (status) => {
        if (session === started) showStatus('user-status', status);
      },
      refused: (message) => {
        if (session !== started) return;
        toasts.show(`The API key was refused: ${message}`, 'error', 8_000);
        endSession();
      },
      error: (message) => toasts.show(message, 'error'),
    });
    session = started;
    session.start();
    if (premium !== undefined) session.onMarkPrice(rules.symbol, premium.markPrice);
    form.setTradingEnabled(true);
    setText(byId('keys-button'), `API key ····${credentials.apiKey.slice(-4)}`);
    byId('user-status').hidden = false;
  }

  function endSession(): void {
    session?.stop();
    session = undefined;
    storeCredentials(undefined);
    form.setTradingEnabled(false);
    form.setLeverage(undefined);
    showAccount(undefined);
    setText(byId('keys-button'), 'Connect API key');
    byId('user-status').hidden = true;
  }

  async function cancel(order: Order): Promise<void> {
    try {
      const canceled = await requireSession().cancelOrder(order);
      toasts.show(`Canceled order ${canceled.orderId} (${canceled.symbol})`, 'ok');
    } catch (error) {
      toasts.show(
        `Cancel refused: ${(error as { display?: string }).display ?? (error as Error).message}`,
        'error',
      );
    }
  }

  async function cancelAll(): Promise<void> {
    try {
      const symbols = await requireSession().cancelAll();
      toasts.show(`Canceled every open order (${symbols} symbol${symbols === 1 ? '' : 's'})`, 'ok');
    } catch (error) {
      toasts.show(
        `Cancel all refused: ${(error as { display?: string }).display ?? (error as Error).message}`,
        'error',
      );
    }
  }

  async function selectSymbol(next: SymbolRules): Promise<void> {
    rules = next;
    history.replaceState(null, '', `#${next.symbol}`);
    premium = undefined;
    ticker.setSymbol(next);
    chart.setSymbol(next);
    chart.setInterval(interval);
    book.setSymbol(next);
    trades.setSymbol(next);
    form.setSymbol(next);
    account.setSymbol(next.symbol);
    showAccount(session?.account);
    session?.setSymbol(next.symbol);
    await market.select(next, interval);
  }

  const picker = byId<HTMLSelectElement>('symbol');
  picker.replaceChildren(
    ...allRules.map((r) => el('option', { text: `${r.symbol} Perpetual`, attrs: { value: r.symbol } })),
  );
  picker.value = rules.symbol;
  picker.addEventListener('change', () => {
    const next = allRules.find((r) => r.symbol === picker.value);
    if (next !== undefined) void selectSymbol(next);
  });

  await selectSymbol(rules);
  socket.connect();
  const stored = storedCredentials();
  if (stored !== undefined) startSession(stored);
  else endSession();
  document.body.dataset.ready = 'true';
}

/** exchangeInfo, retried with back-off while the exchange cannot be reached (the page says so meanwhile). */
async function exchangeInfo(rest: RestClient): Promise<ExchangeInfo> {
  const backoff = new Backoff(1_000, 15_000);
  for (;;) {
    try {
      const info = await rest.get<ExchangeInfo>('/fapi/v1/exchangeInfo');
      byId('page-status').hidden = true;
      return info;
    } catch (error) {
      const wait = backoff.next();
      fatal(`${(error as Error).message}. Retrying in ${Math.ceil(wait / 1000)} s…`);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

function fatal(message: string): void {
  const status = byId('page-status');
  status.hidden = false;
  status.textContent = message;
}

const STATUS_TEXT: Record<SocketStatus, string> = {
  connecting: 'Connecting',
  open: 'Live',
  reconnecting: 'Reconnecting',
  closed: 'Offline',
};

function showStatus(id: string, status: SocketStatus): void {
  const badge = byId(id);
  badge.dataset.status = status;
  const label = id === 'user-status' ? 'Account' : 'Market';
  setText(badge, `${label}: ${STATUS_TEXT[status]}`);
}

void main();
