import type { NitroCall } from './nitro-call.ts';

/** The NITRO requests on certkeys (sslcertkey). */

/** The fields of an add or an in-place change, in the order the caller wants them sent. */
export interface CertkeyFields {
  certkey: string;
  cert: string;
  key?: string;
  inform: string;
  /** Lets a change in place move the certkey to another domain (else DOMAIN_MISMATCH). */
  nodomaincheck?: boolean;
  expirymonitor?: string;
  notificationperiod?: number;
}

export function listCertkeysCall(): NitroCall {
  return { method: 'GET', resource: 'sslcertkey' };
}

export function readCertkeyCall(certkey: string): NitroCall {
  return { method: 'GET', resource: 'sslcertkey', name: certkey };
}

export function addCertkeyCall(fields: CertkeyFields): NitroCall {
  return { method: 'POST', resource: 'sslcertkey', body: { sslcertkey: fields } };
}

/** `update ssl certkey`: new files under the same name, so bindings and links stay. */
export function changeCertkeyCall(fields: CertkeyFields): NitroCall {
  return { method: 'POST', resource: 'sslcertkey', action: 'update', body: { sslcertkey: fields } };
}

export function deleteCertkeyCall(certkey: string): NitroCall {
  return { method: 'DELETE', resource: 'sslcertkey', name: certkey };
}

/** Links a certkey to its issuer's certkey, so the appliance sends the chain. */
export function linkCertkeyCall(certkey: string, issuer: string): NitroCall {
  return { method: 'POST', resource: 'sslcertkey', action: 'link', body: { sslcertkey: { certkey, linkcertkeyname: issuer } } };
}

export function unlinkCertkeyCall(certkey: string): NitroCall {
  return { method: 'POST', resource: 'sslcertkey', action: 'unlink', body: { sslcertkey: { certkey } } };
}
