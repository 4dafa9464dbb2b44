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
}
