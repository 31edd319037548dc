import { whereSecretsAreKept } from '../../../shared/secret-storage-words.ts';
import { useEngineQuery } from './engine-query.ts';

/** Where a secret typed in this window is kept, from the engine's keychain status: "in this computer's keychain", or memory for the session. */
export function useSecretsKeptWhere(): string {
  const info = useEngineQuery('appInfo', []);
  // Until the answer comes, promise nothing the session may not keep.
  return whereSecretsAreKept(info.data?.vault ?? { persistent: false }, 'app');
}
