import { Command, CommanderError } from 'commander';
import { cliErrorLine } from '../../electron/cli/cli-error-text.ts';
import { EXIT, noInterrupts, type CliContext } from '../../electron/cli/cli-context.ts';
import { isInputError } from '../../shared/error-catalog.ts';
import { FieldkitError } from '../../shared/fieldkit-error.ts';
import type { TestEngine } from './test-engine.ts';

/**
 * A command module run as the CLI entry runs it: commander with exitOverride, exit 2 for bad input, 1 for failures.
 * `interrupt` stands for Ctrl-C; `out` collects standard output while a long-running command (a watch) still runs.
 */
export async function runCli(
  register: (program: Command, ctx: CliContext) => void,
  argv: string[],
  env: NodeJS.ProcessEnv,
  te: TestEngine,
  opts: { interrupt?: AbortSignal; out?: string[] } = {},
): Promise<{ code: number; out: string[]; err: string[] }> {
  const out = opts.out ?? [];
  const err: string[] = [];
  let code: number = EXIT.OK;
  const ctx: CliContext = {
    io: { out: (t) => out.push(t), err: (t) => err.push(t) },
    env,
    engine: () => Promise.resolve(te.engine),
    interrupts: noInterrupts(opts.interrupt),
    setExitCode: (c) => (code = Math.max(code, c)),
  };
  const program = new Command('fieldkit').exitOverride().configureOutput({
    writeOut: (t) => out.push(t.trimEnd()),
    writeErr: (t) => err.push(t.trimEnd()),
    outputError: (t, write) => write(t),
  });
  register(program, ctx);
  let running: Command | undefined;
  program.hook('preAction', (_program, action) => {
    running = action;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) code = e.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    else if (e instanceof FieldkitError) {
      err.push(cliErrorLine(e, running));
      code = isInputError(e.code) ? EXIT.USAGE : EXIT.FAILED;
    } else throw e;
  }
  return { code, out, err };
}
