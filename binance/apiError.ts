import { rejectionOf } from '../application/rejected';
import { type Rejection, Rejections } from '../core/errors';

/**
 * An error answer of the API: the contract's `{code, msg}` body with its HTTP status. The handlers build one from
 * whatever a request failed with (apiErrorOf); the router throws its own for paths and methods it does not know.
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
 * The API's answer to an error: a refusal (Rejected, or an account too contended to change now) with its status;
 * undefined for a real fault, which the handler logs and answers 500 without detail.
 */
export function apiErrorOf(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error;
  const rejected = rejectionOf(error);
  return rejected === undefined ? undefined : ApiError.of(rejected.rejection);
}

/** The answer to a fault: -1000 with HTTP 500, and nothing about what went wrong. */
export const UNKNOWN_ERROR = new ApiError(500, Rejections.unknown.code, Rejections.unknown.msg);

/**
 * 401 for authentication failures, 429 for rate limits, 503 when the outcome is unknown (-1007) or the system is
 * too busy (-1008), 400 for every other request error.
 */
export function statusFor(code: number): number {
  if (code === -1022 || code === -2014 || code === -2015) return 401;
  if (code === -1003) return 429;
  if (code === -1007 || code === -1008) return 503;
  return 400;
}
