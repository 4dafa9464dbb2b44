/**
 * A worker thread of the parallel search (search.ts): builds the model from its recipe and takes
 * part in every round until the leader says the search is over.
 */
import { checkedProperties } from '../search/properties';
import { workerData } from 'worker_threads';
import { ModelFactory } from '../search/model-factory';
import { Participant } from './level';
import type { WorkerInput } from './search';
import { abort, Aborted } from './shared';
import { SharedTable } from './table';

function main(): void {
  const input = workerData as WorkerInput;
  const ctl = new Int32Array(input.buffers.ctl);
  // a failure while the model is built is the worker's; one during the search is the model's own
  // error (a step that throws), told as the sequential search would tell it
  let building = true;
  const post = (e: unknown, whileBuilding: boolean): void =>
    input.port.postMessage({ error: e instanceof Error ? e.message : String(e), name: e instanceof Error ? e.name : 'Error', building: whileBuilding });
  try {
    const model = ModelFactory.build(input.recipe);
    const wanted = input.properties;
    const props = checkedProperties(model.properties, wanted);
    const t = new SharedTable(input.buffers, input.len, input.id, input.workers, [], input.port);
    const me = new Participant(model, props, input.layers, t, input.buffers);
    // a model error the leader may need (it decides whether the sequential search meets it)
    me.onModelError = (e) => post(e, false);
    building = false;
    while (me.round()) {
      // every round in step with the others
    }
  } catch (e) {
    if (e instanceof Aborted) return;
    post(e, building);
    abort(ctl);
  } finally {
    input.port.close();
  }
}

main();
