import { networkUnreachableHint, noNetworkKind, type NetworkActionId, type NoNetworkKind } from '../../../shared/network-actions.ts';

/** undici wraps the socket's error as its cause (sometimes twice), and an AggregateError holds one per address tried. */
function errorCodes(err: unknown, depth = 0): string[] {
  if (!(err instanceof Error) || depth > 5) return [];
  const own = (err as NodeJS.ErrnoException).code;
  const inner = err instanceof AggregateError ? err.errors.flatMap((e) => errorCodes(e, depth + 1)) : [];
  return [...(own ? [own] : []), ...inner, ...errorCodes(err.cause, depth + 1)];
}

/** Whether a failed request failed because there is no network from here (no DNS answer, no route), and how. */
export function noNetworkKindOf(err: unknown): NoNetworkKind | undefined {
  for (const code of errorCodes(err)) {
    const kind = noNetworkKind(code);
    if (kind) return kind;
  }
  return undefined;
}

/** The hint for a network action's failure when the network is unreachable from here; undefined for every other failure. */
export function offlineHintFor(err: unknown, action: NetworkActionId): string | undefined {
  const kind = noNetworkKindOf(err);
  return kind ? networkUnreachableHint(action, kind) : undefined;
}
