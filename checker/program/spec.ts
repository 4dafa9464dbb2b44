/** A program: its layout, its threads, its properties, its symmetric thread groups. */
import { PropertyKind } from '../model';
import { ThreadBuilder } from './builder';
import { Layout } from './layout';
import { Reader } from './steps';

export interface ProgramProperty {
  name: string;
  kind: PropertyKind;
  description: string;
  /** For invariants and terminal checks. */
  holds?: (k: Reader) => boolean;
}

export interface ProgramSpec {
  name: string;
  layout: Layout;
  threads: ThreadBuilder[];
  properties: ProgramProperty[];
  /**
   * Groups of interchangeable threads (same program, same locals; properties blind to which is
   * which). Declaring a group that is not a symmetry is unsound: test it with checkSymmetry.
   */
  symmetric?: ThreadBuilder[][];
  /**
   * Step names renamed since traces were written with them: old name -> new. A trace file's step
   * whose action ends in an old name replays as the step with the new one (Model.renamedAction).
   */
  renamed?: Readonly<Record<string, string>>;
}
