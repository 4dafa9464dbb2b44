/**
 * The search that makes traces shortest, run beside the reduced one in a worker thread.
 *
 * With reduction on, BFS traces are shortest in the reduced graph only, so check() searches again
 * without reduction for the violated properties (docs/por.md). That second search does not need
 * the first one's answer to start: it is a plain BFS of the full graph, whose first violation of
 * each property is the shortest one whatever else is checked. So, when the caller says how to
 * build the same model in another thread (a ModelFactory), check() starts it in a worker as soon
 * as the reduced search finds its first violation; when the reduced search is over, it tells the
 * worker which properties were violated and how deep the longest trace was, and waits for the
 * worker to have found those (or to have gone deeper). The traces are those the same search run
 * afterwards would give; on two cores the two searches overlap.
 *
 * The worker and this thread share a few words (Atomics): the state of the exchange, the wanted
 * properties (a bitmask over model.properties) and the depth bound. The answer, every wanted
 * property's ordinals, comes back on a MessagePort read synchronously.
 */
import * as fs from 'fs';
import * as path from 'path';
import { MessageChannel, MessagePort, receiveMessageOnPort, Worker } from 'worker_threads';
import type { CheckOptions } from './check';

/** How to build the same model in a worker: `require(module)[name](arg)` returns it. */
export interface ModelFactory {
  module: string;
  name: string;
  arg: unknown;
}

/** Words shared with the worker. */
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

/** Seconds without a heartbeat after which the caller gives up on the worker. */
const SILENCE_SECONDS = 30;

export const RUNNING = 0;
export const WANTED = 1;
export const CANCEL = 2;

export interface WorkerInput {
  factory: ModelFactory;
  opts: CheckOptions;
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

  private constructor(factory: ModelFactory, opts: CheckOptions) {
    const shared = new SharedArrayBuffer(5 * 4);
    this.words = new Int32Array(shared);
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const input: WorkerInput = { factory, opts: plainOptions(opts), shared, port: port2 };
    this.worker = new Worker(workerFile()!, { workerData: input, transferList: [port2] });
    this.worker.unref();
  }

  /** A worker when one can be started here (the compiled checker), else null: search afterwards. */
  static start(factory: ModelFactory | undefined, opts: CheckOptions): ShortestSearch | null {
    if (!factory || workerFile() === null) return null;
    try {
      return new ShortestSearch(factory, opts);
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
      Atomics.wait(w, Word.Done, 0, 1000);
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
function plainOptions(opts: CheckOptions): CheckOptions {
  const { onProgress: _p, onDeadEnd: _d, onViolation: _v, stopWhen: _s, parallel: _f, ...rest } = opts;
  return rest;
}

/** The worker's compiled file, or null when running from sources (tests): no worker then. */
function workerFile(): string | null {
  if (!__filename.endsWith('.js')) return null;
  const f = path.join(__dirname, 'research-worker.js');
  return fs.existsSync(f) ? f : null;
}
