import type { Credentials } from '../api/rest';
import { el } from './dom';

const STORAGE_KEY = 'shardex.apiKey';

/** The keys of this tab: sessionStorage only, so they are gone when the tab closes and never shared with others. */
export function storedCredentials(): Credentials | undefined {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    const parsed = raw === null ? undefined : (JSON.parse(raw) as Partial<Credentials>);
    return parsed?.apiKey && parsed.secret ? { apiKey: parsed.apiKey, secret: parsed.secret } : undefined;
  } catch {
    return undefined;
  }
}

export function storeCredentials(credentials: Credentials | undefined): void {
  if (credentials === undefined) sessionStorage.removeItem(STORAGE_KEY);
  else sessionStorage.setItem(STORAGE_KEY, JSON.stringify(credentials));
}

export interface KeysDialogHost {
  connect(credentials: Credentials): void;
  disconnect(): void;
}

/**
 * Asks for the API key and secret, and says what happens to them: the secret signs requests in this browser and
 * is never sent. With `demo` (only `npm start` serves one) the fields come pre-filled with the local demo account.
 */
export class KeysDialog {
  private readonly dialog: HTMLDialogElement;
  private readonly apiKey: HTMLInputElement;
  private readonly secret: HTMLInputElement;
  private readonly error: HTMLElement;
  private readonly disconnectButton: HTMLButtonElement;

  constructor(
    private readonly host: KeysDialogHost,
    private readonly demo: Credentials | undefined,
  ) {
    this.apiKey = el('input', {
      attrs: { id: 'api-key', autocomplete: 'off', spellcheck: 'false', required: '' },
    });
    this.secret = el('input', {
      attrs: { id: 'api-secret', type: 'password', autocomplete: 'off', spellcheck: 'false', required: '' },
    });
    this.error = el('p', { class: 'field-error', attrs: { role: 'alert' } });
    this.disconnectButton = el('button', {
      text: 'Use read-only',
      attrs: { type: 'button', id: 'keys-disconnect' },
      on: {
        click: () => {
          this.host.disconnect();
          this.dialog.close();
        },
      },
    });
    const form = el(
      'form',
      { attrs: { method: 'dialog', id: 'keys-form' } },
      el('h2', { text: 'Connect an API key' }),
      el('p', {
        class: 'secret-note',
        text:
          'Your secret never leaves this browser: every request is signed here with WebCrypto HMAC-SHA256 and ' +
          'only the signature is sent. The key and secret are kept in this tab’s session storage and are ' +
          'forgotten when the tab closes.',
      }),
      ...(demo
        ? [
            el('p', {
              class: 'demo-note',
              text: 'Pre-filled with the local demo account that npm start printed (local use only).',
            }),
          ]
        : []),
      el('label', { text: 'API key', attrs: { for: 'api-key' } }),
      this.apiKey,
      el('label', { text: 'Secret key', attrs: { for: 'api-secret' } }),
      this.secret,
      this.error,
      el(
        'div',
        { class: 'dialog-buttons' },
        this.disconnectButton,
        el('button', {
          text: 'Cancel',
          attrs: { type: 'button' },
          on: { click: () => this.dialog.close() },
        }),
        el('button', { class: 'primary', text: 'Connect', attrs: { type: 'submit', id: 'keys-connect' } }),
      ),
    );
    form.addEventListener('submit', (event) => {
      const apiKey = this.apiKey.value.trim();
      const secret = this.secret.value.trim();
      if (!/^[A-Za-z0-9]{16,128}$/.test(apiKey) || secret === '') {
        event.preventDefault();
        this.error.textContent = 'Enter the API key and its secret key.';
        return;
      }
      this.host.connect({ apiKey, secret });
    });
    this.dialog = el('dialog', { class: 'keys-dialog', attrs: { id: 'keys-dialog' } }, form);
    document.body.append(this.dialog);
  }

  open(current: Credentials | undefined): void {
    const filled = current ?? this.demo;
    this.apiKey.value = filled?.apiKey ?? '';
    this.secret.value = filled?.secret ?? '';
    this.error.textContent = '';
    this.disconnectButton.hidden = current === undefined;
    this.dialog.showModal();
  }
}
