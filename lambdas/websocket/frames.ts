import { API_METHODS, CONTROL_METHODS } from './wsEvent';

/**
 * What a text frame from a client asks for. Two protocols share the connection, told apart by the method:
 * Binance's market-stream control (`{"method":"SUBSCRIBE","params":[…],"id":1}`, answered `{"result","id"}` or
 * `{"error":{code,msg},"id"}`) and Binance's WebSocket API (`{"id","method":"order.place","params":{…}}`,
 * answered `{"id","status","result"|"error"}`). A dotted method is the API's, anything else the control's.
 */
export type Frame =
  | {
      readonly kind: 'control';
      readonly id: RequestId;
      readonly method: ControlMethod;
      readonly params: unknown[];
    }
  | { readonly kind: 'api'; readonly id: RequestId; readonly method: ApiMethod; readonly params: ApiParams }
  | { readonly kind: 'controlError'; readonly id: RequestId; readonly code: number; readonly msg: string }
  | { readonly kind: 'apiError'; readonly id: RequestId; readonly code: number; readonly msg: string };

export type RequestId = number | string | null;
export type ControlMethod = (typeof CONTROL_METHODS)[number];
export type ApiMethod = (typeof API_METHODS)[number];
export type ApiParams = Readonly<Record<string, unknown>>;

/** Binance's control-protocol error codes: 2 invalid request, 3 invalid JSON. */
export const INVALID_REQUEST = 2;
export const INVALID_JSON = 3;

export function readFrame(text: string): Frame {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return controlError(null, INVALID_JSON, `Invalid JSON: ${(error as Error).message}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    return controlError(null, INVALID_REQUEST, 'Invalid request: expected a JSON object');
  const request = json as Record<string, unknown>;
  const method = request.method;
  if (typeof method === 'string' && method.includes('.')) return apiFrame(request, method);
  const id = request.id;
  if (!isControlId(id))
    return controlError(null, INVALID_REQUEST, 'Invalid request: request ID must be an unsigned integer');
  if (method === undefined)
    return controlError(id, INVALID_REQUEST, 'Invalid request: missing field `method`');
  if (typeof method !== 'string' || !(CONTROL_METHODS as readonly string[]).includes(method)) {
    return controlError(
      id,
      INVALID_REQUEST,
      `Invalid request: unknown variant \`${String(method)}\`, expected one of ${CONTROL_METHODS.map((m) => `\`${m}\``).join(', ')}`,
    );
  }
  const params = request.params ?? [];
  if (!Array.isArray(params))
    return controlError(id, INVALID_REQUEST, 'Invalid request: params must be an array');
  return { kind: 'control', id, method: method as ControlMethod, params };
}

function apiFrame(request: Record<string, unknown>, method: string): Frame {
  const id = request.id;
  const requestId: RequestId = typeof id === 'string' || typeof id === 'number' ? id : null;
  if (id !== undefined && id !== null && !isApiId(id))
    return apiError(null, -1130, "Data sent for parameter 'id' is not valid.");
  if (!(API_METHODS as readonly string[]).includes(method))
    return apiError(requestId, -1020, 'This operation is not supported.');
  const params = request.params ?? {};
  if (typeof params !== 'object' || params === null || Array.isArray(params))
    return apiError(requestId, -1130, "Data sent for parameter 'params' is not valid.");
  return { kind: 'api', id: requestId, method: method as ApiMethod, params: params as ApiParams };
}

/** Binance: an unsigned integer; strings and null are accepted too, as its newer endpoints do. */
function isControlId(id: unknown): id is RequestId {
  return id === undefined || id === null || isApiId(id);
}

/** Binance's WebSocket API: an integer, a string of at most 36 characters, or null. */
function isApiId(id: unknown): boolean {
  if (typeof id === 'number') return Number.isSafeInteger(id) && id >= 0;
  return typeof id === 'string' && id.length <= 36;
}

function controlError(id: unknown, code: number, msg: string): Frame {
  return { kind: 'controlError', id: (id ?? null) as RequestId, code, msg };
}

function apiError(id: RequestId, code: number, msg: string): Frame {
  return { kind: 'apiError', id, code, msg };
}
