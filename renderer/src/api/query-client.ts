import { QueryClient } from '@tanstack/react-query';

/**
 * The one cache of what the engine answered. The engine is local and its
 * errors are deterministic (a bad input stays bad), so nothing is retried, and
 * the window regaining focus is no reason to ask again.
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: false, refetchOnWindowFocus: false, staleTime: 30_000 },
    mutations: { retry: false },
  },
});
