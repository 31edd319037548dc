import type { SecretRedactor } from './secret-redactor.ts';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export interface LogSink {
  (line: { level: LogLevel; at: string; msg: string }): void;
}

export interface Logger {
  debug(msg: string): void;
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
}

/** A logger whose every line passes through the redactor: no caller can leak a secret by logging it. */
export function createLogger(redactor: SecretRedactor, sink: LogSink = defaultSink): Logger {
  const write = (level: LogLevel) => (msg: string) => sink({ level, at: new Date().toISOString(), msg: redactor.redact(msg) });
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

function defaultSink(line: { level: LogLevel; at: string; msg: string }): void {
  if (line.level === 'debug' && !process.env['FIELDKIT_DEBUG']) return;
  process.stderr.write(`${line.at} ${line.level} ${line.msg}\n`);
}

export function silentSink(): void {}
