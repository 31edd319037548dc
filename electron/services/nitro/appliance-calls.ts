import type { NitroCall } from './nitro-call.ts';

/** The NITRO requests about the appliance as a whole: its version, its HA pair, and saving its configuration. */

export function readVersionCall(): NitroCall {
  return { method: 'GET', resource: 'nsversion' };
}

export function readHaNodesCall(): NitroCall {
  return { method: 'GET', resource: 'hanode' };
}

/** `sync ha files ssl`: the secondary pulls the SSL folder now instead of within the minute. */
export function syncHaSslFilesCall(): NitroCall {
  return { method: 'POST', resource: 'hafiles', action: 'sync', body: { hafiles: { mode: ['ssl'] } } };
}

/** `show ns config`: its `configchanged` is true while the running configuration has unsaved changes. */
export function readNsConfigCall(): NitroCall {
  return { method: 'GET', resource: 'nsconfig' };
}

/** `save ns config`. */
export function saveConfigCall(): NitroCall {
  return { method: 'POST', resource: 'nsconfig', action: 'save', body: { nsconfig: {} } };
}
