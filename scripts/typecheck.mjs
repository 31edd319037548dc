#!/usr/bin/env node
// tsc for each part of the app: engine + main + preload + CLI, renderer, tests.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

let failed = false;
for (const project of ['tsconfig.node.json', 'tsconfig.web.json', 'tsconfig.test.json']) {
  const r = spawnSync(join('node_modules', '.bin', 'tsc'), ['--noEmit', '-p', project], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`tsc failed for ${project}`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
