import { el } from './dom';

/** Short notices in a corner: an order placed or canceled, a refusal, a connection problem. */
export class Toasts {
  private readonly box = el('div', { class: 'toasts', attrs: { id: 'toasts', 'aria-live': 'polite' } });

  constructor() {
    document.body.append(this.box);
  }

  show(text: string, kind: 'ok' | 'error' | 'info' = 'info', ms = 5_000): void {
    const toast = el('div', { class: `toast ${kind}`, text });
    this.box.append(toast);
    while (this.box.children.length > 4) this.box.firstElementChild?.remove();
    setTimeout(() => toast.remove(), ms);
  }
}
