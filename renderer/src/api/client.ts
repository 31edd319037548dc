import { FieldkitError } from '../../../shared/fieldkit-error.ts';
import type { ChannelInput, ChannelOutput, EventPayload } from '../../../shared/ipc-contract.ts';
import type { ChannelName, EventName } from '../../../shared/ipc-channels.ts';

/**
 * Calls one contract channel and returns its value, or throws the typed error
 * the engine sent, exactly as the engine worded it.
 */
export async function call<K extends ChannelName>(channel: K, input?: ChannelInput<K>): Promise<ChannelOutput<K>> {
  const api = window.fieldkit;
  if (!api) throw new FieldkitError('INTERNAL', "Fieldkit's engine is not connected to this window.");
  const fn = api[channel] as (input?: ChannelInput<K>) => ReturnType<(typeof api)[K]>;
  const result = await fn(input);
  if (result.ok) return result.value as ChannelOutput<K>;
  throw FieldkitError.fromInfo(result.error);
}

export function subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  return window.fieldkit.on(event, listener);
}

export function toFieldkitError(err: unknown): FieldkitError {
  return err instanceof FieldkitError ? err : new FieldkitError('INTERNAL', err instanceof Error ? err.message : String(err));
}
