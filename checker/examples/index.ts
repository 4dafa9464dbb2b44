/** Textbook models, reachable from the CLI as `frostcheck check --model <name>`. */
import { Model } from '../model';
import { peterson } from './peterson';
import { petersonImmutable } from './peterson-immutable';
import { naiveLock } from './naive-lock';
import { philosophers } from './philosophers';
import { counters, lockedIncrements } from './counters';

export const examples: Record<string, { description: string; build: () => Model<any> }> = {
  peterson: { description: "Peterson's mutual exclusion, two threads looping (mutex holds)", build: peterson },
  'peterson-immutable': { description: 'the same, with Immutable Record states (for the benchmark)', build: petersonImmutable },
  'naive-lock': { description: 'test-then-set lock (mutex violated)', build: () => naiveLock(2) },
  philosophers: { description: 'three dining philosophers (deadlock)', build: () => philosophers(3) },
  'locked-increments': { description: 'three threads increment under a lock and finish (all hold)', build: () => lockedIncrements(3) },
  counters: { description: 'three independent counters to 255 (16.7 million states, for limits)', build: () => counters(3) },
};
