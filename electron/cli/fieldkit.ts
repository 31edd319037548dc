import { createRequire } from 'node:module';
import { runCli } from './run-cli.ts';

const require = createRequire(import.meta.url);
const { version } = require('../../package.json') as { version: string };

process.exitCode = await runCli({ argv: process.argv.slice(2), version });
