import type { NitroCall } from './nitro-call.ts';

/** The NITRO requests about SSL vservers themselves (their bindings are in certkey-binding-calls.ts). */

/** `show ssl vserver <name>`: its VIP (ipv46) and port, where clients reach it. */
export function readSslVserverCall(vserver: string): NitroCall {
  return { method: 'GET', resource: 'sslvserver', name: vserver };
}
