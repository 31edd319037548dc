import type { NitroCall } from './nitro-call.ts';

/** The NITRO requests on certkey bindings of SSL vservers (sslvserver_sslcertkey_binding). */

export interface CertkeyBindingTarget {
  vserver: string;
  certkey: string;
  /** Bound as an SNI certificate (one of several, chosen by host name). */
  sni: boolean;
  /** Bound as a CA certificate (for client authentication), not as the server certificate. */
  ca?: boolean;
}

/** One vserver's bindings; NO_SUCH_RESOURCE when the vserver does not exist. */
export function readVserverBindingsCall(vserver: string): NitroCall {
  return { method: 'GET', resource: 'sslvserver_sslcertkey_binding', name: vserver };
}

/** Every vserver's bindings in one request. */
export function readAllBindingsCall(): NitroCall {
  return { method: 'GET', resource: 'sslvserver_sslcertkey_binding', query: { bulkbindings: 'yes' } };
}

export function bindCertkeyCall(b: CertkeyBindingTarget): NitroCall {
  return {
    method: 'PUT',
    resource: 'sslvserver_sslcertkey_binding',
    body: {
      sslvserver_sslcertkey_binding: { vservername: b.vserver, certkeyname: b.certkey, snicert: b.sni, ...(b.ca ? { ca: true } : {}) },
    },
  };
}

/** The delete names the binding by the same flags it was made with. */
export function unbindCertkeyCall(b: CertkeyBindingTarget): NitroCall {
  const args: Record<string, string> = { certkeyname: b.certkey };
  if (b.sni) args['snicert'] = 'true';
  if (b.ca) args['ca'] = 'true';
  return { method: 'DELETE', resource: 'sslvserver_sslcertkey_binding', name: b.vserver, args };
}
