/**
 * The environment every test file runs in (jest.config.js, setupFiles). The CLI runs the tests
 * spawn search on one worker by default: jest already runs two test files at once on the two
 * cores, and a parallel search among them waits at each level's barrier for a thread the other
 * file's search has descheduled. The parallel search is tested where it is the subject
 * (test/parallel*.test.ts, test/bounded.test.ts), always with an explicit worker count.
 */
process.env.FROSTCHECK_WORKERS ??= '1';
