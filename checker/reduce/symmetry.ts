/**
 * The symmetry layer: with symmetry on (and a model that declares it, Model.canonical), every state
 * the search stores or compares is its class's representative. The program language computes
 * representatives (checker/program/symmetry.ts); the explorer only asks for them.
 */
import { Model } from '../model';

/** A state's representative: the model's canonical form, or the state itself when symmetry is off. */
export type Canon<S> = (s: S) => S;

export function symmetryLayer<S>(model: Model<S>, on: boolean): { canon: Canon<S>; active: boolean } {
  if (!on || !model.canonical) return { canon: (s) => s, active: false };
  return { canon: (s) => model.canonical!(s), active: true };
}
