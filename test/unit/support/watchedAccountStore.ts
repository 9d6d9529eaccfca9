import { MemoryAccountStore } from '../../../adapters/memory/accountStore';
import type { AccountEvent } from '../../../core/accounts/accountEvents';

/**
 * A memory account store that counts its reads and refused appends, and logs what each append that got in wrote
 * (each event by its reference, or its type when it has none).
 */
export function watchedAccountStore() {
  const store = new MemoryAccountStore();
  const counts = { loads: 0, refused: 0 };
  const appends: string[][] = [];
  const load = store.load.bind(store);
  const append = store.append.bind(store);
  store.load = (id) => {
    counts.loads++;
    return load(id);
  };
  store.append = async (id, events, state) => {
    const ok = await append(id, events, state);
    if (ok) appends.push(events.map(referenceOf));
    else counts.refused++;
    return ok;
  };
  return { store, counts, appends };
}

export function referenceOf(event: AccountEvent): string {
  return 'reference' in event ? event.reference : event.type;
}
