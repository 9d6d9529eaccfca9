import type { Rejection } from '../core/errors';
import { AccountBusy } from './ports/accountStore';

/**
 * A request refused with the contract's code and message (core/errors.ts). Use cases throw it; the handlers turn
 * it into the API's error answer (binance/apiError.ts), with the HTTP status the code calls for. Anything else
 * thrown is a fault of the server.
 */
export class Rejected extends Error {
  constructor(readonly rejection: Rejection) {
    super(rejection.msg);
  }

  get code(): number {
    return this.rejection.code;
  }
}

/** The answer when a command may or may not have taken effect: Binance's "execution status unknown". */
export const STATUS_UNKNOWN: Rejection = Object.freeze({
  code: -1007,
  msg: 'Timeout waiting for response from backend server. Send status unknown; execution status unknown.',
});

export function isStatusUnknown(error: unknown): boolean {
  return error instanceof Rejected && error.code === STATUS_UNKNOWN.code;
}

/** Binance's answer to a request the system is too busy for right now (HTTP 503): the client should retry. */
export const OVERLOADED: Rejection = Object.freeze({
  code: -1008,
  msg: 'Request throttled by system-level protection. Please try again.',
});

/**
 * The refusal an error stands for, if it is one the caller can act on: a Rejected as it is, an account too
 * contended to change now (AccountBusy) as OVERLOADED. Anything else is a fault (undefined).
 */
export function rejectionOf(error: unknown): Rejected | undefined {
  if (error instanceof Rejected) return error;
  if (error instanceof AccountBusy) return new Rejected(OVERLOADED);
  return undefined;
}
