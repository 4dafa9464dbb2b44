/**
 * frostcheck's public API: what a variant file imports (`import { … } from 'frostcheck'`).
 * Every hook is documented with an example in docs/api.md.
 */
export { defineVariant } from './variant';
export type { BaseTable, Fn, OptionDecl, ParamDecl, PropertyDecl, Role, Saved, StateDecl, Table, Variant, VariantSpec } from './variant';
export { base, assertNotFrozen, baseProperties, baseRoles, baseParams, baseOptions, inodesOf, ENABLED_MATCHES_FROZEN } from './base';
export { ASSERT_NOT_FROZEN, NO_DRAIN_WARN, Kernel } from './kernel';
export type { ScenarioParams } from './params';
export { clear_inodegc_enabled, is_inodegc_enabled, queue_and_throttle, quiesce } from './protocol';
export { SB_UNFROZEN, SB_FREEZE_WRITE, SB_FREEZE_PAGEFAULT, SB_FREEZE_FS, SB_FREEZE_COMPLETE, SbWriters } from './primitives/sb-writers';
export { LIVE, NEED_INACTIVE, INACTIVATING, RECLAIMABLE, InodeGc } from './primitives/inodegc';
export { RwSem } from './primitives/rwsem';
export { Mutex } from './primitives/mutex';
export { Workqueue } from './primitives/workqueue';
export { Label, ThreadBuilder } from '../checker/program';
export type { Ctx, Effect, Guard, Reader } from '../checker/program';
export { UserError } from '../checker/errors';
// checking from a script (docs/api.md, "Checking from a script")
import type { CheckVariantOptions } from '../specs/check-variant';
import type { Variant as VariantType } from './variant';
export type { CheckVariantOptions };
/**
 * Checks a variant (an object, a shipped id, or a variant file's path) on a scenario: `frostcheck
 * check` in process (specs/check-variant.ts). Loaded when called: the variants this file serves
 * import it too.
 */
export function checkVariant(variant: VariantType | string, opts?: CheckVariantOptions): ReturnType<typeof import('../specs/check-variant').checkVariant> {
  return (require('../specs/check-variant') as typeof import('../specs/check-variant')).checkVariant(variant, opts);
}
export type { CheckResult, PropertyResult, Verdict } from '../checker/check';
export type { Trace, TraceStep } from '../checker/trace/types';

// the shipped variants, to base a variant on
import { variant as devFreezefsStop } from '../specs/variants/dev-freezefs-stop';
import { variant as syncfsStop } from '../specs/variants/syncfs-stop';
import { variant as rwsem } from '../specs/variants/rwsem';
import { variant as v5_15 } from '../specs/variants/v5.15';
import { variant as v5_17_drain } from '../specs/variants/v5.17-drain';
import { variant as v6_4_flush_loop } from '../specs/variants/v6.4-flush-loop';
export { devFreezefsStop, syncfsStop, rwsem, v5_15, v5_17_drain, v6_4_flush_loop };

/** The shipped variants by id ('v5.15', 'syncfs-stop', …). */
export const variants = {
  'dev-freezefs-stop': devFreezefsStop,
  'syncfs-stop': syncfsStop,
  rwsem,
  'v5.15': v5_15,
  'v5.17-drain': v5_17_drain,
  'v6.4-flush-loop': v6_4_flush_loop,
} as const;
