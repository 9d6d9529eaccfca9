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

/** 401 for authentication failures, 429 for rate limits, 400 for every other request error. */
export function statusFor(code: number): number {
  if (code === -1022 || code === -2014 || code === -2015) return 401;
  if (code === -1003) return 429;
  return 400;
}
