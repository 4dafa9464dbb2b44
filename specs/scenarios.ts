/** The scenarios of PROTOCOL.md section 7, as parameter sets a user can override. */
import { ScenarioParams } from '../model/params';

export interface Scenario {
  id: string;
  description: string;
  params: ScenarioParams;
}

const xfs517: ScenarioParams = {
  cpus: 2,
  evictors: 2,
  inodesPerEvictor: 1,
  freezers: 1,
  syncfs: 0,
  flushers: 1,
  freezeMayFail: true,
  writerPreference: false,
};

export const SCENARIOS: Scenario[] = [
  { id: 'xfs517', description: '2 CPUs, a freezer/thawer, one evictor per CPU, a statfs flusher; ->freeze_fs may fail', params: xfs517 },
  { id: 'g390', description: 'xfs517 plus a second freezer/thawer racing the first', params: { ...xfs517, freezers: 2 } },
  { id: 'syncfs', description: 'xfs517 plus a syncfs(2) caller', params: { ...xfs517, syncfs: 1 } },
  {
    id: 'tiny',
    description: '1 CPU, a freezer/thawer, one evictor; ->freeze_fs may fail (tests and demos)',
    params: { ...xfs517, cpus: 1, evictors: 1, flushers: 0 },
  },
];
