import { Command, CommanderError } from 'commander';
import { z } from 'zod';
import { isInputError } from '../../shared/error-catalog.ts';
import { FieldkitError } from '../../shared/fieldkit-error.ts';
import { inputSchemaError } from '../../shared/input-schema.ts';
import { openEngineFromEnvironment, SecretRedactor, type Engine } from '../services/engine.ts';
import { cliErrorLine } from './cli-error-text.ts';
import { EXIT, noInterrupts, type CliContext, type CliInterrupts, type CliOutput } from './cli-context.ts';
import { KEY_PASSPHRASE_ENV, PASSWORD_ENV, PFX_PASSPHRASE_ENV } from './commands/cert.ts';
import { PROXY_PASSWORD_ENV } from './commands/diagnose.ts';
import { registerCommands } from './register-commands.ts';
import { NOTIFY_SECRET_ENV, NOTIFY_SIGNING_KEY_ENV } from './commands/notify.ts';
import { PACK_PASSPHRASE_ENV } from './commands/pack.ts';

/** The environment variables a secret is read from; each is registered for redaction before any command runs. */
export const SECRET_ENV = [
  PROXY_PASSWORD_ENV,
  PASSWORD_ENV,
  PFX_PASSPHRASE_ENV,
  KEY_PASSPHRASE_ENV,
  NOTIFY_SECRET_ENV,
  NOTIFY_SIGNING_KEY_ENV,
  PACK_PASSPHRASE_ENV,
] as const;

export interface RunCliOptions {
  argv: string[];
  env?: NodeJS.ProcessEnv;
  io?: CliOutput;
  version: string;
  /** Tests pass an engine of their own (a throwaway data folder and keychain service). */
  engine?: () => Promise<Engine>;
  /** Ctrl-C / SIGTERM (bin/fieldkit listens for them); tests pass a signal of their own. */
  interrupts?: CliInterrupts;
}

/** Runs one CLI invocation and returns its exit code; never calls process.exit, so tests run it in-process. */
export async function runCli(opts: RunCliOptions): Promise<number> {
  const env = opts.env ?? process.env;
  const redactor = new SecretRedactor();
  rememberEnvSecrets(env, redactor);
  let exitCode: number = EXIT.OK;
  let opened: Engine | undefined;
  // --verbose, or FIELDKIT_DEBUG as before: debug lines in the log file and on stderr, for this run only.
  let verbose = Boolean(env['FIELDKIT_DEBUG']);
  /** The command's name ("support bundle"), never its arguments: they may name files or hosts the log need not keep. */
  let commandName = '';
  /** The command that runs, so an error about a field can name its flag. */
  let running: Command | undefined;
  // The one way out of the CLI: text, --json, progress, commander's messages and top-level errors are all scrubbed here.
  const redact = (text: string) => (opened?.redactor ?? redactor).redact(text);
  const raw: CliOutput = opts.io ?? { out: (t) => process.stdout.write(`${t}\n`), err: (t) => process.stderr.write(`${t}\n`) };
  const io: CliOutput = { out: (t) => raw.out(redact(t)), err: (t) => raw.err(redact(t)) };
  const ctx: CliContext = {
    io,
    env,
    interrupts: opts.interrupts ?? noInterrupts(),
    setExitCode: (code) => {
      exitCode = Math.max(exitCode, code);
    },
    async engine() {
      if (!opened) {
        opened = opts.engine
          ? await opts.engine()
          : await openEngineFromEnvironment(env, {
              appVersion: opts.version,
              redactor,
              ...(verbose ? { logLevel: 'debug' as const } : {}),
              // The CLI's own lines (which command ran, its exit code) are for the log file; the user typed the command.
              logSink: ({ level, area, msg }) => {
                if (area !== 'cli' || verbose) io.err(`${level}: ${msg}`);
              },
            });
        // An engine handed in has a redactor of its own: it learns the environment's secrets too.
        rememberEnvSecrets(env, opened.redactor);
        if (verbose) opened.support.setLogLevel('debug');
        const log = opened.logger.area('cli');
        log.info(`fieldkit ${commandName}`, { command: commandName });
        log.debug(`Node ${process.versions.node} on ${process.platform}; keychain: ${opened.info().vault.backend}`, {
          node: process.versions.node,
          platform: process.platform,
          keychain: opened.info().vault.backend,
        });
      }
      return opened;
    },
  };

  const program = new Command('fieldkit')
    .description('Fieldkit: NetScaler Cloud Connect diagnostics, allowlists and certificate pushes, from the command line.')
    .version(opts.version, '-V, --version', 'print the version')
    .option('--verbose', 'log in detail (debug lines) to the log file and to standard error, for this run')
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (t) => io.out(t.trimEnd()),
      writeErr: (t) => io.err(t.trimEnd()),
      outputError: (t, write) => write(t),
    });
  program.hook('preAction', (_program, action) => {
    if (program.opts<{ verbose?: boolean }>().verbose) verbose = true;
    const names: string[] = [];
    for (let c: Command | null = action; c && c !== program; c = c.parent) names.unshift(c.name());
    commandName = names.join(' ');
    running = action;
  });
  registerCommands(program, ctx);

  try {
    await program.parseAsync(opts.argv, { from: 'user' });
  } catch (err) {
    exitCode = exitCodeFor(err, io, running);
  } finally {
    opened?.logger.area('cli').info(`fieldkit ${commandName} ended with exit code ${exitCode}`, { command: commandName, exitCode });
    // An engine handed in by the caller is the caller's to close.
    if (!opts.engine) opened?.close();
  }
  return exitCode;
}

function rememberEnvSecrets(env: NodeJS.ProcessEnv, redactor: SecretRedactor): void {
  for (const name of SECRET_ENV) {
    const value = env[name];
    if (value) redactor.remember(value);
  }
}

function exitCodeFor(raised: unknown, io: CliOutput, command: Command | undefined): number {
  if (raised instanceof CommanderError) {
    // --help and --version end through here too, with exit code 0.
    return raised.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
  }
  // A schema the engine checked input with and that escaped as it was: one line naming the field, not the validator's dump.
  const err = raised instanceof z.ZodError ? inputSchemaError(raised) : raised;
  if (err instanceof FieldkitError) {
    io.err(cliErrorLine(err, command));
    return isInputError(err.code) ? EXIT.USAGE : EXIT.FAILED;
  }
  io.err(`fieldkit: unexpected failure: ${err instanceof Error ? err.message : String(err)}`);
  return EXIT.FAILED;
}
