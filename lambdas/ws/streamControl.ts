import { CONNECTION_LIFETIME_MS } from '../../adapters/connections/connectionStore';
import { parseStreamName } from '../shared/streamNames';
import type { WsStores } from './connect';
import { type Frame, INVALID_REQUEST } from './frames';
import { controlError, controlResult } from './replies';

/** Binance USDⓈ-M: one connection listens to at most 1024 streams. */
export const MAX_STREAMS_PER_CONNECTION = 1024;

type ControlFrame = Extract<Frame, { kind: 'control' }>;

/**
 * SUBSCRIBE / UNSUBSCRIBE / LIST_SUBSCRIPTIONS / SET_PROPERTY / GET_PROPERTY: the reply text. Stream names are
 * checked for form only, as Binance does (a symbol that is not listed simply never sends anything).
 */
export async function streamControl(
  stores: WsStores,
  connectionId: string,
  frame: ControlFrame,
  now: number,
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
        await stores.subscriptions.unsubscribe(connectionId, streams);
        return controlResult(id, null);
      }
      const [connection, existing] = await Promise.all([
        stores.connections.get(connectionId),
        stores.subscriptions.streamsOf(connectionId),
      ]);
      if (new Set([...existing, ...streams]).size > MAX_STREAMS_PER_CONNECTION)
        return controlError(
          id,
          INVALID_REQUEST,
          `Invalid request: more than ${MAX_STREAMS_PER_CONNECTION} streams`,
        );
      await stores.subscriptions.subscribe(
        connectionId,
        streams,
        connection?.combined ?? false,
        connection?.expiresAt ?? Math.ceil((now + CONNECTION_LIFETIME_MS) / 1000),
      );
      return controlResult(id, null);
    }
    case 'LIST_SUBSCRIPTIONS':
      return controlResult(id, await stores.subscriptions.streamsOf(connectionId));
    case 'SET_PROPERTY': {
      const [name, value] = params;
      if (name !== 'combined') return controlError(id, 0, 'Unknown property');
      if (typeof value !== 'boolean') return controlError(id, 1, 'Invalid value type: expected Boolean');
      const connection = await stores.connections.get(connectionId);
      const expiresAt = connection?.expiresAt ?? Math.ceil((now + CONNECTION_LIFETIME_MS) / 1000);
      await stores.connections.setCombined(connectionId, value);
      await stores.subscriptions.setCombined(connectionId, value, expiresAt);
      return controlResult(id, null);
    }
    case 'GET_PROPERTY': {
      if (params[0] !== 'combined') return controlError(id, 0, 'Unknown property');
      return controlResult(id, (await stores.connections.get(connectionId))?.combined ?? false);
    }
  }
}
