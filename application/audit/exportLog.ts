import { eventsToJson } from '../../core/engine/eventCodec';
import type { EventItem } from '../ports/eventLog';
import type { AuditPorts } from '../ports/ports';

/**
 * `export-log`: a symbol's items as JSON lines, {"seq","last","chain","events"}, oldest first, with the events
 * exactly as the log stores them (core/engine/eventCodec.ts), which is what each link was computed over. The input
 * of bin/verify-chain.mjs and of any third party's verifier (docs/audit.md).
 */
export async function* exportLog(
  ports: Pick<AuditPorts, 'events'>,
  symbol: string,
  fromSeq = 1,
): AsyncGenerator<string> {
  for await (const item of ports.events.itemsAfter(symbol, 0)) {
    if (item.events === null) break;
    if (item.last < fromSeq) continue;
    yield exportedLine(item);
  }
}

export function exportedLine(item: EventItem): string {
  return `{"seq":${item.seq},"last":${item.last},"chain":${JSON.stringify(item.chain)},"events":${eventsToJson(item.events ?? [])}}`;
}
