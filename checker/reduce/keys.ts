/** Encoding states for the store: into one reused buffer when the model can (Model.encodeInto). */
import { Model } from '../model';

export class StateKeys<S> {
  /** Reused buffer for encodings (models with encodeInto): the store copies what it keeps. */
  private readonly scratch: Uint8Array | null;

  constructor(private readonly model: Model<S>) {
    this.scratch = model.encodeInto ? new Uint8Array(model.encodedLength ?? 0) : null;
  }

  /** The state's key: its encoding, in the reused buffer (valid until the next call) when it can be. */
  key(state: S): Uint8Array {
    return this.scratch ? this.model.encodeInto!(state, this.scratch) : this.model.encode(state);
  }

  /** Whether key() returns the reused buffer (copy what you keep), not a fresh array. */
  get reused(): boolean {
    return this.scratch !== null;
  }

  /** The length of every encoding when the model encodes into a buffer and says so, else 0. */
  get fixedLength(): number {
    return this.model.encodeInto && this.model.encodedLength ? this.model.encodedLength : 0;
  }
}
