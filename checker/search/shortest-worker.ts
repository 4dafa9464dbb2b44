/**
 * The worker of shortest.ts: a BFS of the full graph (no reduction) of the model the recipe
 * builds, checking every property, until the caller says which violations it wants and every one
 * of them is found, or the search is deeper than the caller's bound, or it is over.
 */
import { workerData } from 'worker_threads';
import { ModelFactory } from './model-factory';
import { runSearch, violationOrdinals } from './run';
import { CANCEL, RUNNING, WANTED, Word, WorkerAnswer, WorkerInput } from './shortest';

/** Milliseconds between heartbeats while waiting for the caller. */
const BEAT_MS = 1000;

function main(): void {
  const input = workerData as WorkerInput;
  const words = new Int32Array(input.shared);
  const answer: WorkerAnswer = { ordinals: {}, unexpected: [] };
  try {
    const model = ModelFactory.build(input.recipe);
    const wantedNames = (): string[] => {
      const mask = Atomics.load(words, Word.Wanted);
      return model.properties.filter((_, i) => (mask >>> i) & 1).map((p) => p.name);
    };
    const x = runSearch(model, {
      ...input.opts,
      por: false,
      search: 'bfs',
      stopWhen: (depth, violations) => {
        Atomics.add(words, Word.Beat, 1);
        const state = Atomics.load(words, Word.State);
        if (state === CANCEL) return true;
        if (state !== WANTED) return false;
        if (depth > Atomics.load(words, Word.Depth)) return true;
        return wantedNames().every((p) => violations.has(p));
      },
    });
    // the search may have ended on its own before the caller said what it wants
    while (Atomics.load(words, Word.State) === RUNNING) {
      Atomics.add(words, Word.Beat, 1);
      Atomics.wait(words, Word.State, RUNNING, BEAT_MS);
    }
    if (Atomics.load(words, Word.State) === CANCEL) {
      x.store.close();
      return;
    }
    const wanted = new Set(wantedNames());
    for (const [name, v] of x.checks.violations) {
      if (wanted.has(name)) answer.ordinals[name] = violationOrdinals(x, v);
      else answer.unexpected.push(name);
    }
    x.store.close();
  } catch (e) {
    answer.error = e instanceof Error ? e.message : String(e);
  }
  input.port.postMessage(answer);
  Atomics.store(words, Word.Done, 1);
  Atomics.notify(words, Word.Done);
}

main();
