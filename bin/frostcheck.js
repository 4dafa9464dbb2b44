#!/usr/bin/env node
'use strict';
// The frostcheck command: runs the compiled CLI (npm run build compiles cli/ to dist/cli/).
let cli;
try {
  cli = require('../dist/cli/main.js');
} catch (e) {
  if (e && e.code === 'MODULE_NOT_FOUND' && /dist[\\/]cli[\\/]main/.test(String(e.message))) {
    process.stderr.write('frostcheck: not built yet: run `npm run build` (or `npm ci`) in the frostcheck tree\n');
    process.exit(70);
  }
  throw e;
}
cli.run(process.argv.slice(2));
