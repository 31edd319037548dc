import type { ConnectionState } from '../../../../shared/schemas/cloud-connect-status.ts';

/** The badge colour of each state, wherever the panel shows one. */
export const STATE_COLOR: Record<ConnectionState, string> = {
  connected: 'green',
  pending: 'yellow',
  error: 'red',
  disconnected: 'gray',
};
