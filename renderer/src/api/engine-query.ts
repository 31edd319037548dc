import { useMutation, useQuery, useQueryClient, type UseMutationOptions, type UseQueryOptions } from '@tanstack/react-query';
import type { FieldkitError } from '../../../shared/fieldkit-error.ts';
import type { ChannelArgs, ChannelInput, ChannelOutput, PageChannelName } from '../../../shared/ipc-contract.ts';
import { call, toFieldkitError } from './client.ts';
import { INVALIDATES } from './invalidations.ts';

/** A channel's answers are cached under its name, then its input: invalidating the name drops every input's answer. */
export function engineKey<K extends PageChannelName>(channel: K, ...args: ChannelArgs<K>): readonly unknown[] {
  return args.length > 0 && args[0] !== undefined ? [channel, args[0]] : [channel];
}

type QueryOptions<K extends PageChannelName> = Omit<UseQueryOptions<ChannelOutput<K>, FieldkitError>, 'queryKey' | 'queryFn'>;

/** Reads from the engine through the cache: loading, the typed error and refetching come with it. */
export function useEngineQuery<K extends PageChannelName>(channel: K, args: ChannelArgs<K>, options: QueryOptions<K> = {}) {
  return useQuery<ChannelOutput<K>, FieldkitError>({
    ...options,
    queryKey: engineKey(channel, ...args),
    queryFn: async () => {
      try {
        return await call(channel, ...args);
      } catch (err) {
        throw toFieldkitError(err);
      }
    },
  });
}

type MutationOptions<K extends PageChannelName> = Omit<UseMutationOptions<ChannelOutput<K>, FieldkitError, ChannelInput<K>>, 'mutationFn'>;

/** Asks the engine to do something; on success, the answers it changed are read again. */
export function useEngineMutation<K extends PageChannelName>(channel: K, options: MutationOptions<K> = {}) {
  const client = useQueryClient();
  return useMutation<ChannelOutput<K>, FieldkitError, ChannelInput<K>>({
    ...options,
    mutationFn: async (input) => {
      try {
        return await call(channel, ...([input] as ChannelArgs<K>));
      } catch (err) {
        throw toFieldkitError(err);
      }
    },
    onSuccess: async (...a) => {
      await Promise.all((INVALIDATES[channel] ?? []).map((c) => client.invalidateQueries({ queryKey: [c] })));
      await options.onSuccess?.(...a);
    },
  });
}
