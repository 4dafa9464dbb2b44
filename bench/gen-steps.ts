/** Writes docs/steps.md and the record tables of docs/model.md from the model (npm run docs:steps). */
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { stepsDoc } from '../model/steps-doc';
import { withRecords } from '../model/records-doc';
import { VARIANTS } from '../specs/variants';
import { EXAMPLE_VARIANTS } from '../specs/examples';
import { SCENARIOS } from '../specs/scenarios';

const docs = join(__dirname, '..', '..', 'docs');
const xfs517 = SCENARIOS.find((s) => s.id === 'xfs517')!;
writeFileSync(join(docs, 'steps.md'), stepsDoc(VARIANTS, 'v5.15', xfs517.params, 'xfs517') + '\n');
const model = join(docs, 'model.md');
writeFileSync(model, withRecords(readFileSync(model, 'utf8'), [...VARIANTS, ...EXAMPLE_VARIANTS]));
