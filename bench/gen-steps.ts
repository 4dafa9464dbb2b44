/** Writes docs/steps.md from the model (npm run docs:steps). */
import { writeFileSync } from 'fs';
import { join } from 'path';
import { stepsDoc } from '../model/steps-doc';
import { VARIANTS } from '../specs/variants';
import { SCENARIOS } from '../specs/scenarios';

const xfs517 = SCENARIOS.find((s) => s.id === 'xfs517')!;
writeFileSync(join(__dirname, '..', '..', 'docs', 'steps.md'), stepsDoc(VARIANTS, 'v5.15', xfs517.params, 'xfs517') + '\n');
