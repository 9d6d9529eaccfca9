import type { RequestId } from './frames';

/** Control protocol: `{"result":…,"id":N}` (ccxt waits for this before it fetches an order book snapshot). */
export function controlResult(id: RequestId, result: unknown): string {
  return JSON.stringify({ result, id });
}

export function controlError(id: RequestId, code: number, msg: string): string {
  return JSON.stringify({ error: { code, msg }, id });
}

/** WebSocket API: `{"id","status":200,"result"}`. */
export function apiResult(id: RequestId, result: unknown): string {
  return JSON.stringify({ id, status: 200, result });
}

/** WebSocket API: `{"id","status":4xx|5xx,"error":{code,msg}}`, the status and code REST would answer. */
export function apiError(id: RequestId, status: number, code: number, msg: string): string {
  return JSON.stringify({ id, status, error: { code, msg } });
}
