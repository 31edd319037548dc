import { createRequire } from 'node:module';
import { listenForInterrupts } from './interrupt-signals.ts';
import { runCli } from './run-cli.ts';

const require = createRequire(import.meta.url);
const { version } = require('../../package.json') as { version: string };

// `npm run cli -- …` runs from the checkout; file arguments are meant relative to where the user typed the command.
if (process.env['npm_lifecycle_event'] === 'cli' && process.env['INIT_CWD']) process.chdir(process.env['INIT_CWD']);

const interrupts = listenForInterrupts(process, (t) => process.stderr.write(`${t}\n`));
process.exitCode = await runCli({ argv: process.argv.slice(2), version, interrupts });
interrupts.dispose();
