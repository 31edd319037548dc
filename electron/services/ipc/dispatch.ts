import type { z } from 'zod';
import type { ErrorInfo } from '../../../shared/error-catalog.ts';
import { FieldkitError } from '../../../shared/fieldkit-error.ts';
import { channels, events, type ChannelOutput, type Channels, type EventPayload, type Result } from '../../../shared/ipc-contract.ts';
import { CHANNEL_NAMES, type ChannelName, type EventName } from '../../../shared/ipc-channels.ts';
import type { Logger } from '../log/logger.ts';
import type { SecretRedactor } from '../log/secret-redactor.ts';

export interface HandlerContext {
  /** Sends a main-to-renderer event (progress of long work); payloads are validated like outputs. */
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
}

export type Handlers = {
  [K in ChannelName]: (input: z.output<Channels[K]['input']>, ctx: HandlerContext) => Promise<ChannelOutput<K>> | ChannelOutput<K>;
};

export interface Dispatcher {
  dispatch(channel: string, rawInput: unknown, ctx: HandlerContext): Promise<Result<unknown>>;
  validateEvent<E extends EventName>(event: E, payload: unknown): EventPayload<E>;
}

/**
 * The one gate between the outside (Electron IPC, the test bridge) and the
 * engine: input is validated before any engine code runs, output is validated
 * so no unexpected field (a secret) slips out, and no raw exception crosses.
 */
export function createDispatcher(handlers: Handlers, deps: { logger: Logger; redactor: SecretRedactor }): Dispatcher {
  const known = new Set<string>(CHANNEL_NAMES);
  const logger = deps.logger.area('ipc');
  // Every answer and event is scrubbed of every secret the engine has seen before it is checked, so an appliance or a proxy that
  // echoes a password back never gets it to the window.
  const fail = (error: ErrorInfo): Result<never> => ({ ok: false, error: deps.redactor.redactValue(error) });
  // Each event has its own schema; the lookup by name cannot tell the compiler which payload type it checked.
  const validateEvent = <E extends EventName>(event: E, payload: unknown): EventPayload<E> =>
    events[event].parse(deps.redactor.redactValue(payload)) as EventPayload<E>;
  return {
    async dispatch(channel, rawInput, ctx) {
      if (!known.has(channel)) return fail(new FieldkitError('UNKNOWN_CHANNEL', `There is no operation named "${channel}".`).toInfo());
      const name = channel as ChannelName;
      const spec = channels[name];
      const parsed = spec.input.safeParse(rawInput ?? undefined);
      if (!parsed.success) return fail(zodToError(parsed.error));
      const scrubbed: HandlerContext = { emit: (event, payload) => ctx.emit(event, validateEvent(event, payload)) };
      const started = Date.now();
      // What the window asked and how it ended, for a support bundle taken at the debug level; never the input itself.
      const answered = (outcome: string) => logger.debug(`${name}: ${outcome}`, { channel: name, ms: Date.now() - started, outcome });
      try {
        const handler = handlers[name] as (input: unknown, ctx: HandlerContext) => unknown;
        const value = await handler(parsed.data, scrubbed);
        const out = spec.output.safeParse(deps.redactor.redactValue(value));
        if (!out.success) {
          answered('INTERNAL');
          logger.error(`Output of ${name} broke the contract: ${out.error.message}`);
          return fail(new FieldkitError('INTERNAL', `Fieldkit produced an answer it could not check (${name}).`).toInfo());
        }
        answered('ok');
        return { ok: true, value: out.data };
      } catch (err) {
        answered(err instanceof FieldkitError ? err.code : 'INTERNAL');
        if (err instanceof FieldkitError) return fail(err.toInfo());
        logger.error(`Unexpected failure in ${name}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        return fail(new FieldkitError('INTERNAL', `Something went wrong inside Fieldkit while running "${name}".`).toInfo());
      }
    },
    validateEvent,
  };
}

export function zodToError(error: z.ZodError): ErrorInfo {
  const first = error.issues[0];
  const field = first && first.path.length > 0 ? first.path.join('.') : undefined;
  // The message is the schema's words for the user; the path goes in `field` for the UI to mark the input, never in the text.
  const message = first?.message ?? 'The input is not valid.';
  const info: ErrorInfo = { code: 'INVALID_INPUT', message, hint: 'Correct the marked field and try again.' };
  if (field) info.field = field;
  return info;
}
