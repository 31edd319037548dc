import { STATUSES } from '../../../../shared/cloud-connect-guide.ts';
import { ConnectionState, STATE_LABELS } from '../../../../shared/schemas/cloud-connect-status.ts';

/** The badge colour of each state: the guide's, so the reference sheet and the status panel agree. */
export const STATE_COLOR = Object.fromEntries(
  ConnectionState.options.map((s) => [s, STATUSES.find((x) => x.status === STATE_LABELS[s])?.color ?? 'gray']),
) as Record<ConnectionState, string>;
