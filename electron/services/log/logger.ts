import type { LogLevel } from '../../../shared/schemas/support.ts';
import { RedactionTally, scrubText, scrubValue } from './secret-patterns.ts';
import type { SecretRedactor } from './secret-redactor.ts';

export type { LogLevel };

/** Facts that go with a line (a channel's name, a duration, a count), kept apart from the words so they can be searched. */
export type LogFields = Record<string, unknown>;

export interface LogLine {
  level: LogLevel;
  at: string;
  /** The part of Fieldkit that wrote the line (ipc, diagnostics, notifications…). */
  area: string;
  msg: string;
  fields?: LogFields;
}

export interface LogSink {
  (line: LogLine): void;
}

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** The same log, its lines marked as written by that part of Fieldkit. */
  area(name: string): Logger;
}

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** How much is logged: the least severe level recorded. Raised for a session by the user, never saved. */
export class LogLevelSwitch {
  level: LogLevel;

  constructor(level: LogLevel = 'info') {
    this.level = level;
  }

  records(level: LogLevel): boolean {
    return RANK[level] >= RANK[this.level];
  }
}

export interface LoggerOptions {
  /** Where each line goes as one JSON line (the data folder's rotating log file). */
  file?: { write(line: string): void };
  levels?: LogLevelSwitch;
  area?: string;
}

/**
 * A logger whose every line passes through the redactor and the secret
 * patterns before it is written anywhere: no caller can leak a secret by
 * logging it, and the log files on disk hold none.
 */
export function createLogger(redactor: SecretRedactor, sink: LogSink = defaultSink, opts: LoggerOptions = {}): Logger {
  const levels = opts.levels ?? new LogLevelSwitch();
  let file = opts.file;
  const make = (area: string): Logger => {
    const write = (level: LogLevel) => (msg: string, fields?: LogFields) => {
      if (!levels.records(level)) return;
      const tally = new RedactionTally();
      const line: LogLine = {
        level,
        at: new Date().toISOString(),
        area,
        msg: scrubText(msg, redactor, tally),
        ...(fields ? { fields: scrubValue(fields, redactor, tally) as LogFields } : {}),
      };
      if (file) {
        try {
          file.write(JSON.stringify({ time: line.at, level, area, message: line.msg, ...(line.fields ? { fields: line.fields } : {}) }));
        } catch (err) {
          // A full disk or a folder made read-only must not stop the work being logged: said once, then the file is left alone.
          file = undefined;
          sink({ level: 'warn', at: line.at, area: 'log', msg: `The log file could not be written: ${describe(err)}` });
        }
      }
      sink(line);
    };
    return {
      debug: write('debug'),
      info: write('info'),
      warn: write('warn'),
      error: write('error'),
      area: (name) => make(name),
    };
  };
  return make(opts.area ?? 'engine');
}

function describe(err: unknown): string {
  return err instanceof Error ? ((err as NodeJS.ErrnoException).code ?? err.message) : String(err);
}

function defaultSink(line: LogLine): void {
  process.stderr.write(`${line.at} ${line.level} [${line.area}] ${line.msg}\n`);
}

export function silentSink(): void {}
