import {
  isCombined,
  MAX_STREAMS_PER_CONNECTION,
  setCombined,
  subscribe,
  subscriptionsOf,
  unsubscribe,
} from '../../application/connections/connections';
import { parseStreamName } from '../../binance/streams/streamNames';
import type { WsContext } from './connect';
import { type Frame, INVALID_REQUEST } from './frames';
import { controlError, controlResult } from './replies';

type ControlFrame = Extract<Frame, { kind: 'control' }>;

/**
 * SUBSCRIBE / UNSUBSCRIBE / LIST_SUBSCRIPTIONS / SET_PROPERTY / GET_PROPERTY: the reply text. Stream names are
 * checked for form only, as Binance does (a symbol that is not listed simply never sends anything).
 */
export async function streamControl(
  ctx: WsContext,
  connectionId: string,
  frame: ControlFrame,
): Promise<string> {
  const { id, params } = frame;
  switch (frame.method) {
    case 'SUBSCRIBE':
    case 'UNSUBSCRIBE': {
      const bad = params.find((p) => typeof p !== 'string' || parseStreamName(p) === undefined);
      if (bad !== undefined)
        return controlError(id, INVALID_REQUEST, `Invalid request: invalid stream name \`${String(bad)}\``);
      const streams = [...new Set(params as string[])];
      if (frame.method === 'UNSUBSCRIBE') {
        await unsubscribe(ctx, connectionId, streams);
        return controlResult(id, null);
      }
      if ((await subscribe(ctx, connectionId, streams)) === 'tooMany')
        return controlError(
          id,
          INVALID_REQUEST,
          `Invalid request: more than ${MAX_STREAMS_PER_CONNECTION} streams`,
        );
      return controlResult(id, null);
    }
    case 'LIST_SUBSCRIPTIONS':
      if (params.length > 0) return controlError(id, INVALID_REQUEST, TOO_MANY_PARAMETERS);
      return controlResult(id, await subscriptionsOf(ctx, connectionId));
    case 'SET_PROPERTY': {
      const [name, value] = params;
      const refused = propertyRefusal(name, params.length, 2);
      if (refused !== undefined) return controlError(id, refused.code, refused.msg);
      if (typeof value !== 'boolean') return controlError(id, 1, 'Invalid value type: expected Boolean');
      await setCombined(ctx, connectionId, value);
      return controlResult(id, null);
    }
    case 'GET_PROPERTY': {
      const refused = propertyRefusal(params[0], params.length, 1);
      if (refused !== undefined) return controlError(id, refused.code, refused.msg);
      return controlResult(id, await isCombined(ctx, connectionId));
    }
  }
}

const TOO_MANY_PARAMETERS = 'Invalid request: too many parameters';

/** Binance's refusals of a property request: a name that is no string, too many parameters, a name it lacks. */
function propertyRefusal(
  name: unknown,
  count: number,
  most: number,
): { code: number; msg: string } | undefined {
  if (typeof name !== 'string')
    return { code: INVALID_REQUEST, msg: 'Invalid request: property name must be a string' };
  if (count > most) return { code: INVALID_REQUEST, msg: TOO_MANY_PARAMETERS };
  if (name !== 'combined') return { code: 0, msg: 'Unknown property' };
  return undefined;
}
