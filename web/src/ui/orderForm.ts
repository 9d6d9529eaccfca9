import type { Side } from '../api/wire';
import {
  type Decimal,
  div,
  fromInteger,
  mul,
  parseDecimal,
  roundToStep,
  sign,
  toPlain,
} from '../model/decimal';
import { formatDecimal } from '../model/format';
import { type CheckedOrder, checkOrder, type MarketReference, type OrderDraft } from '../model/orderCheck';
import { FIELD_LABELS, type OrderField, type OrderKind, offeredKinds } from '../model/orderKinds';
import type { SymbolRules } from '../model/symbolRules';
import { el, setText } from './dom';

export interface OrderFormHost {
  /** Prices the checks measure against. */
  reference(): MarketReference;
  /** Available balance (quote asset) and the symbol's leverage, when keys are connected. */
  buyingPower(): { available: Decimal; leverage: number } | undefined;
  /** Sends the order; resolves with a line for the trader, rejects with the exchange's refusal. */
  submit(params: Record<string, string>): Promise<string>;
  setLeverage(leverage: number): Promise<void>;
  connectKeys(): void;
}

/**
 * Order entry. The type tabs come from the symbol's `orderTypes` (see model/orderKinds.ts: a new type is one
 * descriptor there), the fields from the chosen type; Buy and Sell each check the order against the symbol's
 * filters first (model/orderCheck.ts) and show what is wrong beside the field, so nothing the exchange would
 * refuse for a filter is sent. What the exchange refuses anyway (margin, post-only that would take, …) is shown
 * with the exchange's own message.
 */
export class OrderForm {
  private rules: SymbolRules | undefined;
  private kind: OrderKind | undefined;
  private readonly tabs: HTMLElement;
  private readonly fieldsBox: HTMLElement;
  private readonly inputs = new Map<OrderField, HTMLInputElement>();
  private readonly errors = new Map<OrderField, HTMLElement>();
  private readonly values: Record<OrderField, string> = { price: '', stopPrice: '', quantity: '' };
  private readonly timeInForce: HTMLSelectElement;
  private readonly postOnly: HTMLInputElement;
  private readonly reduceOnly: HTMLInputElement;
  private readonly limitOptions: HTMLElement;
  private readonly summary: HTMLElement;
  private readonly message: HTMLElement;
  private readonly leverageButton: HTMLButtonElement;
  private readonly leverageEditor: HTMLElement;
  private readonly leverageInput: HTMLInputElement;
  private readonly buttons: HTMLButtonElement[];
  private readonly lock: HTMLElement;
  private busy = false;
  /** The account's leverage in the symbol, as the button shows it. */
  private leverage: number | undefined;

  constructor(
    private readonly panel: HTMLElement,
    private readonly host: OrderFormHost,
  ) {
    this.leverageButton = el('button', {
      class: 'chip leverage',
      text: '—x',
      title: 'Leverage',
      attrs: { type: 'button', id: 'leverage-button' },
      on: { click: () => this.toggleLeverage() },
    });
    this.leverageInput = el('input', {
      attrs: { type: 'number', min: '1', max: '125', step: '1', inputmode: 'numeric', id: 'leverage-input' },
    });
    this.leverageEditor = el(
      'div',
      { class: 'leverage-editor' },
      el('label', { text: 'Leverage', attrs: { for: 'leverage-input' } }),
      this.leverageInput,
      el('button', {
        class: 'small',
        text: 'Confirm',
        attrs: { type: 'button', id: 'leverage-confirm' },
        on: { click: () => void this.confirmLeverage() },
      }),
    );
    this.leverageEditor.hidden = true;
    this.tabs = el('div', { class: 'tabs order-kinds', attrs: { role: 'tablist' } });
    this.fieldsBox = el('div', { class: 'order-fields' });
    this.timeInForce = el(
      'select',
      { attrs: { id: 'time-in-force', 'aria-label': 'Time in force' } },
      el('option', { text: 'GTC', attrs: { value: 'GTC' } }),
      el('option', { text: 'IOC', attrs: { value: 'IOC' } }),
      el('option', { text: 'FOK', attrs: { value: 'FOK' } }),
    );
    this.postOnly = el('input', { attrs: { type: 'checkbox', id: 'post-only' } });
    this.reduceOnly = el('input', { attrs: { type: 'checkbox', id: 'reduce-only' } });
    this.postOnly.addEventListener('change', () => {
      this.timeInForce.disabled = this.postOnly.checked;
      this.changed();
    });
    this.reduceOnly.addEventListener('change', () => this.changed());
    this.timeInForce.addEventListener('change', () => this.changed());
    this.limitOptions = el(
      'div',
      { class: 'order-options' },
      el(
        'label',
        { class: 'check', title: 'GTX: canceled instead of taking liquidity' },
        this.postOnly,
        'Post only',
      ),
      this.timeInForce,
    );
    this.summary = el('div', { class: 'order-summary', attrs: { id: 'order-summary' } });
    this.message = el('div', { class: 'order-message', attrs: { id: 'order-message', role: 'alert' } });
    const sideButton = (side: Side, label: string) =>
      el('button', {
        class: `submit ${side === 'BUY' ? 'buy' : 'sell'}`,
        text: label,
        attrs: { type: 'submit', 'data-side': side, id: side === 'BUY' ? 'buy-button' : 'sell-button' },
      });
    this.buttons = [sideButton('BUY', 'Buy / Long'), sideButton('SELL', 'Sell / Short')];
    const form = el(
      'form',
      { class: 'order-form', attrs: { novalidate: '', id: 'order-form' } },
      this.tabs,
      this.fieldsBox,
      this.limitOptions,
      el('div', { class: 'order-options' }, el('label', { class: 'check' }, this.reduceOnly, 'Reduce only')),
      this.summary,
      el('div', { class: 'submit-row' }, ...this.buttons),
      this.message,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const side = ((event as SubmitEvent).submitter as HTMLElement | null)?.dataset.side as Side | undefined;
      if (side !== undefined) void this.send(side);
    });
    this.lock = el(
      'div',
      { class: 'order-lock' },
      el('p', { text: 'Read-only: connect an API key to trade.' }),
      el('button', {
        class: 'primary',
        text: 'Connect API key',
        attrs: { type: 'button' },
        on: { click: () => this.host.connectKeys() },
      }),
    );
    // Before the account summary the page's HTML already holds at the panel's foot.
    panel.prepend(
      el(
        'div',
        { class: 'panel-head' },
        el('h2', { class: 'grow', text: 'Place order' }),
        el('span', { class: 'chip', text: 'Cross', title: 'Cross margin' }),
        this.leverageButton,
      ),
      this.leverageEditor,
      form,
      this.lock,
    );
  }

  setSymbol(rules: SymbolRules): void {
    this.rules = rules;
    const kinds = offeredKinds(rules.orderTypes);
    this.tabs.replaceChildren(
      ...kinds.map((kind) =>
        el('button', {
          class: 'tab',
          text: kind.label,
          attrs: { type: 'button', role: 'tab', 'data-kind': kind.type },
          on: { click: () => this.selectKind(kind) },
        }),
      ),
    );
    this.values.price = '';
    this.values.stopPrice = '';
    this.values.quantity = '';
    this.selectKind(kinds.find((k) => k.type === this.kind?.type) ?? kinds[0]!);
  }

  setTradingEnabled(enabled: boolean): void {
    this.panel.classList.toggle('locked', !enabled);
    this.lock.hidden = enabled;
  }

  setLeverage(leverage: number | undefined): void {
    this.leverage = leverage;
    setText(this.leverageButton, leverage === undefined ? '—x' : `${leverage}x`);
    this.updateSummary();
  }

  /** A price picked elsewhere (a book level): into the price field, if the type has one. */
  usePrice(price: string): void {
    const input = this.inputs.get('price');
    if (input === undefined) return;
    input.value = this.priceText(price);
    this.values.price = input.value;
    this.changed();
  }

  /** The last price as a starting point, while the price field is empty and not being edited. */
  offerPrice(price: string): void {
    const input = this.inputs.get('price');
    if (input === undefined || this.values.price !== '' || document.activeElement === input) return;
    input.value = this.priceText(price);
    this.values.price = input.value;
    this.updateSummary();
  }

  /** A price from the API ("65059.40") as the trader would type it, at the tick's digits ("65059.4"). */
  private priceText(price: string): string {
    return this.rules === undefined
      ? price
      : formatDecimal(price, this.rules.priceDecimals, { group: false });
  }

  /** Recomputes the order value when market prices move (market orders are valued at the mark). */
  refresh(): void {
    this.updateSummary();
  }

  private selectKind(kind: OrderKind): void {
    this.kind = kind;
    for (const tab of this.tabs.children)
      tab.classList.toggle('active', (tab as HTMLElement).dataset.kind === kind.type);
    this.inputs.clear();
    this.errors.clear();
    const rules = this.rules!;
    this.fieldsBox.replaceChildren(
      ...kind.fields.map((field) => {
        const input = el('input', {
          attrs: {
            id: `order-${field}`,
            name: field,
            inputmode: 'decimal',
            autocomplete: 'off',
            spellcheck: 'false',
            placeholder: field === 'quantity' ? `min ${toPlain(rules.lot.minQty)}` : '0',
          },
        });
        input.value = this.values[field];
        input.addEventListener('input', () => {
          this.values[field] = input.value;
          this.changed();
        });
        const unit = el('span', {
          class: 'unit',
          text: field === 'quantity' ? rules.baseAsset : rules.quoteAsset,
        });
        const error = el('div', { class: 'field-error', attrs: { id: `order-${field}-error` } });
        this.inputs.set(field, input);
        this.errors.set(field, error);
        const box = el(
          'div',
          { class: 'field' },
          el('label', { text: FIELD_LABELS[field], attrs: { for: `order-${field}` } }),
          el('div', { class: 'input-box' }, input, unit),
          error,
        );
        if (field === 'quantity') box.append(this.sizeChips());
        return box;
      }),
    );
    this.limitOptions.hidden = !kind.limit;
    this.changed();
  }

  /** 25–100 % of what the available balance buys at this leverage, rounded down to the step size. */
  private sizeChips(): HTMLElement {
    return el(
      'div',
      { class: 'size-chips' },
      ...[25, 50, 75, 100].map((percent) =>
        el('button', {
          class: 'chip',
          text: `${percent}%`,
          attrs: { type: 'button' },
          on: { click: () => this.sizeFraction(percent) },
        }),
      ),
    );
  }

  private sizeFraction(percent: number): void {
    const rules = this.rules;
    const power = this.host.buyingPower();
    const price = this.valuationPrice();
    const input = this.inputs.get('quantity');
    if (rules === undefined || power === undefined || price === undefined || input === undefined) return;
    const budget = div(
      mul(mul(power.available, fromInteger(power.leverage)), fromInteger(percent)),
      fromInteger(100),
      8,
      'down',
    );
    const quantity = roundToStep(
      div(budget, price, rules.quantityDecimals + 2, 'down'),
      rules.lot.stepSize,
      'down',
    );
    input.value = sign(quantity) > 0 ? formatDecimal(quantity, rules.quantityDecimals, { group: false }) : '';
    this.values.quantity = input.value;
    this.changed();
  }

  /** The price an order of the current type is valued at: its limit price, else the mark (or best price). */
  private valuationPrice(): Decimal | undefined {
    if (this.kind?.limit) {
      const price = parseDecimal(this.values.price.trim());
      return price !== undefined && sign(price) > 0 ? price : undefined;
    }
    const ref = this.host.reference();
    return ref.mark ?? ref.bestAsk ?? ref.bestBid;
  }

  private changed(): void {
    for (const error of this.errors.values()) setText(error, '');
    for (const input of this.inputs.values()) input.removeAttribute('aria-invalid');
    setText(this.message, '');
    this.message.className = 'order-message';
    this.updateSummary();
  }

  private updateSummary(): void {
    const rules = this.rules;
    if (rules === undefined) return;
    const price = this.valuationPrice();
    const quantity = parseDecimal(this.values.quantity.trim());
    const leverage = this.host.buyingPower()?.leverage;
    if (price === undefined || quantity === undefined || sign(quantity) <= 0) {
      setText(this.summary, '');
      return;
    }
    const value = mul(price, quantity);
    const approx = this.kind?.limit ? '' : '≈ ';
    const parts = [`Value ${approx}${formatDecimal(value, 2)} ${rules.quoteAsset}`];
    if (leverage !== undefined)
      parts.push(
        `Margin ${approx}${formatDecimal(div(value, fromInteger(leverage), 2, 'up'), 2)} ${rules.quoteAsset}`,
      );
    setText(this.summary, parts.join(' · '));
  }

  private draft(side: Side): OrderDraft {
    return {
      side,
      kind: this.kind!,
      price: this.values.price,
      stopPrice: this.values.stopPrice,
      quantity: this.values.quantity,
      timeInForce: this.timeInForce.value as OrderDraft['timeInForce'],
      postOnly: this.postOnly.checked,
      reduceOnly: this.reduceOnly.checked,
    };
  }

  private async send(side: Side): Promise<void> {
    const rules = this.rules;
    if (rules === undefined || this.kind === undefined || this.busy) return;
    this.changed();
    const checked: CheckedOrder = checkOrder(rules, this.draft(side), this.host.reference());
    if (!checked.ok) {
      for (const problem of checked.problems) {
        if (problem.field === 'order') this.say(problem.message, 'error');
        else {
          const error = this.errors.get(problem.field);
          if (error !== undefined && error.textContent === '') setText(error, problem.message);
          this.inputs.get(problem.field)?.setAttribute('aria-invalid', 'true');
        }
      }
      return;
    }
    this.setBusy(true);
    try {
      this.say(await this.host.submit(checked.params), 'ok');
    } catch (error) {
      this.say((error as { display?: string }).display ?? (error as Error).message, 'error');
    } finally {
      this.setBusy(false);
    }
  }

  private setBusy(busy: boolean): void {
    this.busy = busy;
    for (const button of this.buttons) button.disabled = busy;
  }

  private say(text: string, kind: 'ok' | 'error'): void {
    setText(this.message, text);
    this.message.className = `order-message ${kind}`;
  }

  private toggleLeverage(): void {
    this.leverageEditor.hidden = !this.leverageEditor.hidden;
    if (this.leverageEditor.hidden) return;
    // Filled once, as it opens: the account changes with every mark price and fill, and writing its leverage
    // into the field then would overwrite what the trader is typing.
    this.leverageInput.value = this.leverage === undefined ? '' : String(this.leverage);
    this.leverageInput.focus();
  }

  private async confirmLeverage(): Promise<void> {
    const leverage = Number(this.leverageInput.value);
    if (!Number.isInteger(leverage) || leverage < 1 || leverage > 125) {
      this.say('Leverage is a whole number from 1 to 125', 'error');
      return;
    }
    try {
      await this.host.setLeverage(leverage);
      this.leverageEditor.hidden = true;
      this.say(`Leverage set to ${leverage}x`, 'ok');
    } catch (error) {
      this.say((error as { display?: string }).display ?? (error as Error).message, 'error');
    }
  }
}
