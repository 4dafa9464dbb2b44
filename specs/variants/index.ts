/** The shipped variants, in the order the tables show them. */
import { Variant } from './types';
import { variant as devFreezefsStop } from './dev-freezefs-stop';
import { variant as syncfsStop } from './syncfs-stop';
import { variant as rwsem } from './rwsem';
import { variant as v515 } from './v5.15';
import { variant as v517 } from './v5.17-drain';
import { variant as v64 } from './v6.4-flush-loop';

export const VARIANTS: Variant[] = [devFreezefsStop, syncfsStop, rwsem, v515, v517, v64];
export type { Variant };
