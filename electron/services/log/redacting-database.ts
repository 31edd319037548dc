import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import type { SecretRedactor } from './secret-redactor.ts';

/** The statement methods that take values to bind. */
const BOUND_VALUES = new Set<string | symbol>(['run', 'get', 'all', 'iterate']);

/**
 * The history database as the feature stores see it: every value bound to a
 * statement is scrubbed of the secrets the engine has seen, so no history row
 * (a run echoing a proxy's answer, a push step quoting an appliance's error)
 * keeps a password on disk, whichever store or statement wrote it.
 */
export function redactingDatabase(db: DatabaseSync, redactor: SecretRedactor): DatabaseSync {
  const scrub = (value: unknown): unknown => (typeof value === 'string' ? redactText(value, redactor) : value);
  const scrubArgs = (args: unknown[]): unknown[] =>
    args.map((arg) =>
      arg !== null && typeof arg === 'object' && !ArrayBuffer.isView(arg)
        ? Object.fromEntries(Object.entries(arg).map(([k, v]) => [k, scrub(v)]))
        : scrub(arg),
    );
  const statement = (stmt: StatementSync): StatementSync =>
    new Proxy(stmt, {
      get(target, prop) {
        const member: unknown = Reflect.get(target, prop, target);
        if (typeof member !== 'function') return member;
        const call = (member as (...a: unknown[]) => unknown).bind(target);
        // Reads get the same scrubbed values, so a row is found by what was written (an INSERT ... RETURNING writes through get()).
        return BOUND_VALUES.has(prop) ? (...args: unknown[]) => call(...(scrubArgs(args) as SQLInputValue[])) : call;
      },
    });
  return new Proxy(db, {
    get(target, prop) {
      const member: unknown = Reflect.get(target, prop, target);
      if (typeof member !== 'function') return member;
      if (prop !== 'prepare') return (member as (...a: unknown[]) => unknown).bind(target);
      return (sql: string) => statement(target.prepare(sql));
    },
  });
}

/**
 * A JSON column (a whole run) is scrubbed value by value, so it still parses
 * and still matches its schema; any other text as text.
 */
function redactText(text: string, redactor: SecretRedactor): string {
  if (text.startsWith('{') || text.startsWith('[')) {
    try {
      return JSON.stringify(redactor.redactValue(JSON.parse(text) as unknown));
    } catch {
      // Not JSON after all: scrubbed as text below.
    }
  }
  return redactor.redact(text);
}
