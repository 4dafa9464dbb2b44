import { Protocol } from '../../model/protocol';

/** A variant: the base protocol (or another variant) with a few functions replaced. */
export interface Variant {
  id: string;
  /** One line, for `frostcheck list`. */
  description: string;
  /** The variant it patches ('base' = PROTOCOL.md section 4, as merged for 5.15). */
  basedOn: string;
  protocol: Protocol;
}
