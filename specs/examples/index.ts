/** Variants that are not shipped (not in `compare`'s default set) but can be checked by name. */
import { Variant } from '../../model/variant';
import { variant as workerChecksEnabled } from './worker-checks-enabled';
import { variant as freezeSuperHook } from './freeze-super-hook';
import { variant as scrubStopStart } from './scrub-stop-start';
import { variant as scrubStopStartFix } from './scrub-stop-start-fix';
import { variant as remountRoRw } from './remount-ro-rw';
import { variant as remountRoRw64 } from './remount-ro-rw-6.4';

export const EXAMPLE_VARIANTS: Variant[] = [workerChecksEnabled, freezeSuperHook, scrubStopStart, scrubStopStartFix, remountRoRw, remountRoRw64];
