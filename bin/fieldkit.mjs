#!/usr/bin/env node
// The fieldkit command: runs the CLI from its TypeScript source with Node's type stripping (Node 24+).
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  process.stderr.write(`fieldkit: needs Node 24 or newer, this is ${process.versions.node}\n`);
  process.exit(2);
}
process.removeAllListeners('warning');
await import('../electron/cli/fieldkit.ts');
