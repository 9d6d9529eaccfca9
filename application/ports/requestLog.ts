export type Begun =
  | { readonly kind: 'new' }
  /**
   * The same request was made before: its answer, or, while it has none, what the first request was about to
   * send (undefined before it got that far).
   */
  | {
      readonly kind: 'repeat';
      readonly response: string | undefined;
      readonly sending: string | undefined;
      /** What the first request said it creates (an order id), by which its outcome is found. */
      readonly creates: string | undefined;
    }
  /** The key was used by a different request (e.g. a client order id reused with other parameters). */
  | { readonly kind: 'different' };

/**
 * Idempotency records with a time-to-live. The first request under a key records its fingerprint and what it
 * creates; a request under the same key with the same fingerprint is a retry: it gets the first one's stored
 * response if one was recorded, else finds what the first one created (an order placed is answered as it stands).
 */
export interface RequestLog {
  /**
   * Records the request under `requestKey` for `ttlMs`, with what it `creates` (the order id it will place), unless
   * a live record is there: then what that one holds.
   */
  begin(requestKey: string, fingerprint: string, ttlMs: number, creates?: string): Promise<Begun>;
  /** Records what the request is about to send, so a retry can send the very same thing again. */
  sending(requestKey: string, payload: string): Promise<void>;
  complete(requestKey: string, response: string): Promise<void>;
  /** The first request failed before it did anything: let a retry start over. */
  abandon(requestKey: string): Promise<void>;
}
