/**
 * The search that makes traces shortest: beside the reduced one in a worker thread, or after it.
 *
 * With reduction on, BFS traces are shortest in the reduced graph only, so check() searches again
 * without reduction for the violated properties (docs/por.md). That second search does not need
 * the first one's answer to start: it is a plain BFS of the full graph, whose first violation of
 * each property is the shortest one whatever else is checked. So, when the caller says how to
 * build the same model in another thread (a ModelRecipe, model-factory.ts), check() starts it in a worker as soon
 * as the reduced search finds its first violation; when the reduced search is over, it tells the
 * worker which properties were violated and how deep the longest trace was, and waits for the
 * worker to have found those (or to have gone deeper). The traces are those the same search run
 * afterwards would give; on two cores the two searches overlap.
 *
 * The worker and this thread share a few words (Atomics): the state of the exchange, the wanted
 * properties (a bitmask over model.properties) and the depth bound. The answer, every wanted
 * property's ordinals, comes back on a MessagePort read synchronously.
 */
import { MessageChannel, MessagePort, receiveMessageOnPort, Worker } from 'worker_threads';
import { Model } from '../model';
import { compiledWorker, ModelRecipe } from './model-factory';
import { SearchOptions } from './options';
import { Exploration } from './exploration';
import { Explored, runSearch, violationOrdinals } from './run';

/** Words shared with the worker (Int32 each). */
export const enum Word {
  /** Exchange: RUNNING, then WANTED (set by the caller) or CANCEL. */
  State = 0,
  /** Bitmask of the wanted properties (indices into model.properties). */
  Wanted = 1,
  /** Depth bound: past it, no wanted violation can be shorter than the reduced search's. */
  Depth = 2,
  /** 0 until the worker has posted its answer. */
  Done = 3,
  /** Counted up by the worker while it works or waits: it is alive. */
  Beat = 4,
}
const WORDS = 5;
/** Properties the Wanted bitmask can name (an Int32 word, the sign bit left alone). */
const MAX_PROPERTIES = 31;

/** Seconds without a heartbeat after which the caller gives up on the worker. */
const SILENCE_SECONDS = 30;
/** Milliseconds between looks at the heartbeat (one second: silence is counted in seconds). */
const LOOK_MS = 1000;

export const RUNNING = 0;
export const WANTED = 1;
export const CANCEL = 2;

export interface WorkerInput {
  recipe: ModelRecipe;
  opts: SearchOptions;
  shared: SharedArrayBuffer;
  port: MessagePort;
}

/** The worker's answer: ordinals (initial state, then transitions) by property. */
export interface WorkerAnswer {
  ordinals: Record<string, number[]>;
  /** Violations of properties the caller did not want (a reduction that missed one: a bug). */
  unexpected: string[];
  error?: string;
}

export class ShortestSearch {
  private readonly words: Int32Array;
  private readonly port: MessagePort;
  private readonly worker: Worker;

  private constructor(recipe: ModelRecipe, opts: SearchOptions) {
    const shared = new SharedArrayBuffer(WORDS * Int32Array.BYTES_PER_ELEMENT);
    this.words = new Int32Array(shared);
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const input: WorkerInput = { recipe, opts: plainOptions(opts), shared, port: port2 };
    this.worker = new Worker(workerFile()!, { workerData: input, transferList: [port2] });
    this.worker.unref();
  }

  /** A worker when one can be started here (the compiled checker), else null: search afterwards. */
  static start(recipe: ModelRecipe | undefined, opts: SearchOptions): ShortestSearch | null {
    if (!recipe || workerFile() === null) return null;
    try {
      return new ShortestSearch(recipe, opts);
    } catch {
      return null; // no worker here (resources, sandbox): the search runs afterwards instead
    }
  }

  /**
   * Tells the worker what is wanted and waits for its answer: the ordinals of each wanted property
   * it found within `depth` steps.
   */
  finish(wanted: number, depth: number): WorkerAnswer {
    const w = this.words;
    Atomics.store(w, Word.Wanted, wanted);
    Atomics.store(w, Word.Depth, depth);
    Atomics.store(w, Word.State, WANTED);
    Atomics.notify(w, Word.State);
    // a worker that dies (out of memory, say) never answers: give up after a silence
    let beat = Atomics.load(w, Word.Beat);
    let silent = 0;
    while (Atomics.load(w, Word.Done) === 0) {
      Atomics.wait(w, Word.Done, 0, LOOK_MS);
      const now = Atomics.load(w, Word.Beat);
      silent = now === beat ? silent + 1 : 0;
      beat = now;
      if (silent >= SILENCE_SECONDS && Atomics.load(w, Word.Done) === 0) {
        this.cancel();
        throw new Error('shortest-trace worker: no sign of life');
      }
    }
    const m = receiveMessageOnPort(this.port);
    void this.worker.terminate();
    this.port.close();
    if (!m) throw new Error('shortest-trace worker: no answer');
    const answer = m.message as WorkerAnswer;
    if (answer.error) throw new Error(`shortest-trace worker: ${answer.error}`);
    return answer;
  }

  cancel(): void {
    Atomics.store(this.words, Word.State, CANCEL);
    void this.worker.terminate();
    this.port.close();
  }
}

/** The options a worker can take (no functions). */
function plainOptions(opts: SearchOptions & { parallel?: unknown }): SearchOptions {
  // every callback stays here (a function cannot cross to a worker), whatever options are added
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(opts)) if (typeof v !== 'function' && k !== 'parallel') rest[k] = v;
  return rest as SearchOptions;
}

/** The worker's compiled file, or null when running from sources (tests): no worker then. */
function workerFile(): string | null {
  return compiledWorker(__filename, 'shortest-worker.js');
}

/**
 * The ordinals of a shortest execution to each violated property found within `depth` steps by a
 * BFS without reduction: from the worker when one runs, else searched here.
 */
export function shortestOrdinals<S>(
  model: Model<S>,
  x: { readonly limit: Exploration<S>['limit'] },
  opts: SearchOptions,
  violated: string[],
  depth: number,
  worker: ShortestSearch | null,
  /** The search afterwards (check() gives the parallel one when it can run it). */
  searchAfter: (opts: SearchOptions) => Explored<S> & { readonly checks: Pick<Exploration<S>['checks'], 'violations'>; readonly store: { close(): void } } = (o) => runSearch(model, o),
): { ordinals: Map<string, number[]>; how: 'worker' | 'after' } {
  const out = new Map<string, number[]>();
  if (worker && model.properties.length > MAX_PROPERTIES) {
    // the wanted properties do not fit the shared bitmask: search here
    worker.cancel();
    worker = null;
  }
  if (worker) {
    const mask = model.properties.reduce((m, p, i) => (violated.includes(p.name) ? m | (1 << i) : m), 0);
    let answer: WorkerAnswer;
    try {
      answer = worker.finish(mask, depth);
    } catch {
      // the worker failed (it could not build the model, ran out of memory...): search here
      return shortestOrdinals(model, x, opts, violated, depth, null, searchAfter);
    }
    // a violation the reduced search did not find, though it searched everything: a reduction bug
    if (answer.unexpected.length && !x.limit) throw new Error(`reduction missed a violation of ${answer.unexpected.join(', ')} (please report)`);
    for (const name of violated) if (answer.ordinals[name]) out.set(name, answer.ordinals[name]);
    return { ordinals: out, how: 'worker' };
  }
  const again = searchAfter({ ...opts, por: false, search: 'bfs', properties: violated, maxDepth: depth });
  for (const name of violated) {
    const v = again.checks.violations.get(name);
    if (v) out.set(name, violationOrdinals(again, v));
  }
  again.store.close();
  return { ordinals: out, how: 'after' };
}
