import { FieldkitError } from '../../../shared/fieldkit-error.ts';
import type { ChannelArgs, ChannelOutput, EventPayload, PageChannelName, Result } from '../../../shared/ipc-contract.ts';
import type { EventName } from '../../../shared/ipc-channels.ts';

/**
 * Calls one contract channel and returns its value, or throws the typed error
 * the engine sent, exactly as the engine worded it. The input is required
 * wherever the channel's schema requires it.
 */
export async function call<K extends PageChannelName>(channel: K, ...args: ChannelArgs<K>): Promise<ChannelOutput<K>> {
  const api = window.fieldkit as typeof window.fieldkit | undefined;
  if (!api) throw new FieldkitError('INTERNAL', "Fieldkit's engine is not connected to this window.");
  // One signature for every channel: the contract's mapped type cannot be called through a generic key.
  const fn = api[channel] as (...a: ChannelArgs<K>) => Promise<Result<ChannelOutput<K>>>;
  const result = await fn(...args);
  if (result.ok) return result.value;
  throw FieldkitError.fromInfo(result.error);
}

/** A file the user dropped on the window, as a token and its name; the preload finds the file, this window never sees where. */
export async function grantDroppedFile(file: File): Promise<ChannelOutput<'grantDroppedFile'>> {
  const api = window.fieldkit as typeof window.fieldkit | undefined;
  if (!api) throw new FieldkitError('INTERNAL', "Fieldkit's engine is not connected to this window.");
  const result = await api.grantDroppedFile(file);
  if (result.ok) return result.value;
  throw FieldkitError.fromInfo(result.error);
}

export function subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  return window.fieldkit.on(event, listener);
}

export function toFieldkitError(err: unknown): FieldkitError {
  return err instanceof FieldkitError ? err : new FieldkitError('INTERNAL', err instanceof Error ? err.message : String(err));
}
