import { AccountBusy } from '../../adapters/accounts/accountStore';
import type { Rejection } from '../../core/errors';

/**
 * An error that becomes the contract's `{code, msg}` body with its HTTP status. Handlers throw it; the router
 * (HTTP) or the WebSocket dispatcher turns it into the response. Anything else thrown is a server fault (5xx).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }

  static of(rejection: Rejection, status = statusFor(rejection.code)): ApiError {
    return new ApiError(status, rejection.code, rejection.msg);
  }
}

/**
 * The contract error for a failure of the infrastructure the caller can do something about (retry), or undefined
 * for a real fault. An account too contended to change now is Binance's -1008 overload answer (HTTP 503).
 */
export function apiErrorOf(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error;
  if (error instanceof AccountBusy) {
    return new ApiError(503, -1008, 'Request throttled by system-level protection. Please try again.');
  }
  return undefined;
}

/** 401 for authentication failures, 429 for rate limits, 400 for every other request error. */
export function statusFor(code: number): number {
  if (code === -1022 || code === -2014 || code === -2015) return 401;
  if (code === -1003) return 429;
  return 400;
}
