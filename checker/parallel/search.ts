/**
 * The parallel BFS (docs/parallel.md): the main thread is worker 0 and the leader; N - 1 worker
 * threads build the same model from its factory. Level by level, every worker expands chunks of
 * the frontier into the shared table; the new states are then numbered as the sequential search
 * numbers them, so state counts, parent links, violations and traces are those of `--workers 1`.
 * Between rounds the leader alone decides: it merges the violations, applies the limits, and
 * stops where the sequential search would have stopped.
 */
import { checkedProperties } from '../search/properties';
import { MessageChannel, MessagePort, receiveMessageOnPort, Worker } from 'worker_threads';
import type { Model } from '../model';
import type { SearchOptions } from '../search/options';
import type { Limits } from '../search/limits';
import { compiledWorker, type ModelRecipe } from '../search/model-factory';
import { Leader, ParallelOutcome } from './leader';
import { layersFor, type Layers } from '../reduce/expander';

export type { ParallelOutcome } from './leader';
import { Participant } from './level';
import { abort, Aborted, createBuffers, Ctl, INITIAL_SLOTS, SharedBuffers } from './shared';
import { SharedTable } from './table';

export interface WorkerInput {
  recipe: ModelRecipe;
  properties: readonly string[] | undefined;
  layers: Layers;
  buffers: SharedBuffers;
  len: number;
  id: number;
  workers: number;
  port: MessagePort;
}


/** Why the parallel search cannot run this search (null: it can). */
export function parallelObstacle<S>(model: Model<S>, opts: SearchOptions & { parallel?: ModelRecipe }): string | null {
  if (opts.search === 'dfs') return 'DFS runs on one worker';
  if (opts.store === 'fingerprint') return 'the fingerprint store runs on one worker';
  if (!model.encodeInto || !model.encodedLength) return 'this model has no fixed-length encoding, which the shared store needs';
  if (model.initialStates().length > INITIAL_SLOTS / 2) return 'too many initial states for the shared store';
  if (opts.onDeadEnd) return 'the dead-end callback (onDeadEnd) runs on one worker';
  const live = checkedProperties(model.properties, opts.properties).find((p) => p.kind === 'livelock');
  if (live) return `${live.name} reads the whole graph again after the search, on one worker`;
  if (!opts.parallel) return 'no way to build this model in a worker thread was given';
  if (workerFile() === null) return 'worker threads need the compiled checker (dist/)';
  return null;
}

/** The worker's compiled file, or null when running from sources. */
function workerFile(): string | null {
  return compiledWorker(__filename, 'worker.js');
}

export function parallelBfs<S>(model: Model<S>, opts: SearchOptions & { parallel?: ModelRecipe }, workers: number, limits: Limits): ParallelOutcome {
  const wanted = opts.properties;
  const props = checkedProperties(model.properties, wanted);
  const len = model.encodedLength!;
  const buffers = createBuffers(len, props.length, workers, opts.maxSharedKeyBytes, opts.sharedSegmentBytes);
  const ports: MessagePort[] = [];
  const threads: Worker[] = [];
  const ctl = new Int32Array(buffers.ctl);
  try {
    for (let id = 1; id < workers; id++) {
      const { port1, port2 } = new MessageChannel();
      const input: WorkerInput = { recipe: opts.parallel!, properties: wanted, layers: layersFor(opts), buffers, len, id, workers, port: port2 };
      const w = new Worker(workerFile()!, { workerData: input, transferList: [port2] });
      w.unref();
      ports.push(port1);
      threads.push(w);
    }
    const t = new SharedTable(buffers, len, 0, workers, ports, null);
    const me = new Participant(model, props, layersFor(opts), t, buffers);
    const leader = new Leader(model, props, opts, t, me, buffers, limits, (id) => postedError(ports[id - 1], ctl));
    try {
      return leader.run();
    } catch (e) {
      if (e instanceof Aborted) throw workerError(ports) ?? e;
      abort(ctl);
      throw e;
    }
  } finally {
    for (const w of threads) void w.terminate();
    for (const p of ports) p.close();
  }
}

/**
 * The model error a worker posted during the round that just ended (it posts before the round's
 * last barrier; the message is waited for a moment, in case its delivery lags).
 */
function postedError(port: MessagePort, ctl: Int32Array): Error {
  const deadline = Date.now() + 10_000;
  let m = receiveMessageOnPort(port);
  while (!m && Date.now() < deadline) {
    Atomics.wait(ctl, Ctl.Abort, 0, 1);
    m = receiveMessageOnPort(port);
  }
  const posted = m?.message as Posted | undefined;
  return fromPosted(posted?.error ? posted : { error: 'parallel search: a worker met a model error but its message was lost' });
}

/** What a worker posts when it meets an error (worker.ts). */
interface Posted {
  error?: string;
  name?: string;
  building?: boolean;
}

/** The error a worker posted, as an Error again (its message and name). */
function fromPosted(posted: Posted): Error {
  const e = new Error(posted.error);
  if (posted.name) e.name = posted.name;
  return e;
}

/**
 * The error a failed worker posted: building the model, the worker's ("parallel search worker:
 * ..."); during the search, the model's own error, as the leader would have thrown it.
 */
function workerError(ports: MessagePort[]): Error | null {
  for (const p of ports) {
    const m = receiveMessageOnPort(p);
    const posted = m?.message as Posted | undefined;
    if (!posted?.error) continue;
    if (posted.building) return new Error(`parallel search worker: ${posted.error}`);
    return fromPosted(posted);
  }
  return null;
}
