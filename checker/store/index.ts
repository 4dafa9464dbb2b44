/** The visited sets: the interface and its two implementations (docs/architecture.md). */
import { ExactStore } from './exact';
import { FingerprintStore } from './fingerprint';
import { StoreMode, VisitedSet } from './visited';

export type { DiscoveryQueue, ParentLinks, StoreLookup, StoreMode, VisitedSet } from './visited';
export { MAX_ORDINAL, NO_INDEX, NOT_STORED } from './visited';
export { ExactStore } from './exact';
export { FingerprintStore } from './fingerprint';

/** A new, empty visited set of the given kind. */
export function createStore(mode: StoreMode = 'exact'): VisitedSet {
  return mode === 'fingerprint' ? new FingerprintStore() : new ExactStore();
}
