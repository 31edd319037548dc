import type { NitroCall } from './nitro-call.ts';

/** The NITRO requests that open, scope and close a session. */

/** `timeout` (seconds) asks the appliance to keep an idle session that long. */
export function loginCall(username: string, password: string, timeout?: number): NitroCall {
  return { method: 'POST', resource: 'login', body: { login: { username, password, ...(timeout !== undefined ? { timeout } : {}) } } };
}

/** Moves the session into an admin partition; later calls see only that partition's objects and files. */
export function switchPartitionCall(partitionname: string): NitroCall {
  return { method: 'POST', resource: 'nspartition', action: 'Switch', body: { nspartition: { partitionname } } };
}

export function logoutCall(): NitroCall {
  return { method: 'POST', resource: 'logout', body: { logout: {} } };
}
