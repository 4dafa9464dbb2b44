/**
 * The builder form of check(), in the manner of Stateright's `model.checker().spawn_bfs()`:
 *
 *   const result = new Checker(model).bfs().por().maxStates(1e6).run();
 */
import { Model } from './model';
import { check, CheckOptions, CheckResult } from './check';
import { SearchOptions } from './search/options';

/** Builder form, in the manner of Stateright's `model.checker().spawn_bfs()`. */
export class Checker<S> {
  private opts: CheckOptions = {};
  constructor(private readonly model: Model<S>) {}
  bfs(): this {
    this.opts.search = 'bfs';
    return this;
  }
  dfs(): this {
    this.opts.search = 'dfs';
    return this;
  }
  por(on = true): this {
    this.opts.por = on;
    return this;
  }
  symmetry(on = true): this {
    this.opts.symmetry = on;
    return this;
  }
  /** Chain compression with reduction (on unless turned off here). */
  chains(on = true): this {
    this.opts.chains = on;
    return this;
  }
  /** With reduction, search again without it for shortest traces (on unless turned off here). */
  shortest(on = true): this {
    this.opts.shortest = on;
    return this;
  }
  fingerprints(on = true): this {
    this.opts.store = on ? 'fingerprint' : 'exact';
    return this;
  }
  properties(names: readonly string[]): this {
    this.opts.properties = names;
    return this;
  }
  maxStates(n: number): this {
    this.opts.maxStates = n;
    return this;
  }
  maxDepth(n: number): this {
    this.opts.maxDepth = n;
    return this;
  }
  timeLimit(seconds: number): this {
    this.opts.timeLimit = seconds;
    return this;
  }
  /** Only the executions with at most k preemptions (verdicts 'bounded', not 'holds'). */
  preemptions(k: number): this {
    this.opts.preemptions = k;
    return this;
  }
  onProgress(f: SearchOptions['onProgress']): this {
    this.opts.onProgress = f;
    return this;
  }
  run(): CheckResult {
    return check(this.model, this.opts);
  }
}
