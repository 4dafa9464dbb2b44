/** A variant: the base protocol (or another variant) with a few functions replaced (model/variant.ts). */
export type { Variant } from '../../model/variant';
