import { X509Certificate, type KeyObject } from 'node:crypto';
import type { AddressInfo, Socket } from 'node:net';
import { createSecureContext, createServer, type SecureContext, type Server } from 'node:tls';
import type { ApplianceState, PartitionState, SimCertKey } from './appliance-state.ts';
import { loadPrivateKey } from './cert-inspection.ts';

/**
 * What clients of a simulated vserver get: every SSL vserver is a real TLS
 * listener on loopback, so a client can check the certificate a push bound.
 * The vserver's ipv46/port (as NITRO reports them) point at its listener.
 *
 * The certificate is chosen at each handshake from the running config, as a
 * real appliance does: an SNI-bound certkey whose certificate names the
 * requested host name, else the vserver's default (non-SNI) certkey; the chain
 * follows the certkey links. A vserver with no usable certificate fails the
 * handshake. Listeners start lazily (ensure()), for vservers added by seed()
 * or config alike, and never speak anything after the handshake.
 */
export interface VserverAddress {
  ipv46: string;
  port: number;
}

interface Listener {
  server: Server;
  port: number;
}

const MAX_CHAIN = 8;

export class VserverListeners {
  private readonly listeners = new Map<string, Listener>();
  private pending: Promise<void> | undefined;
  private closed = false;

  private readonly state: ApplianceState;
  private readonly host: string;

  constructor(state: ApplianceState, host = '127.0.0.1') {
    this.state = state;
    this.host = host;
  }

  /** Where a vserver answers; undefined until ensure() has started its listener. */
  address(partition: string, vserver: string): VserverAddress | undefined {
    const l = this.listeners.get(key(partition, vserver));
    return l ? { ipv46: this.host, port: l.port } : undefined;
  }

  /** Starts a listener for every vserver that has none yet. */
  async ensure(): Promise<void> {
    // One start at a time: two requests arriving together must not start a vserver twice.
    while (this.pending) await this.pending;
    const missing = Object.entries(this.state.partitions).flatMap(([pname, p]) =>
      Object.keys(p.vservers)
        .filter((v) => !this.listeners.has(key(pname, v)))
        .map((v) => [pname, v] as const),
    );
    if (this.closed || missing.length === 0) return;
    this.pending = Promise.all(missing.map(([pname, v]) => this.start(pname, v))).then(() => undefined);
    try {
      await this.pending;
    } finally {
      this.pending = undefined;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    while (this.pending) await this.pending.catch(() => undefined);
    await Promise.all(
      [...this.listeners.values()].map(
        (l) =>
          new Promise<void>((resolve) => {
            l.server.close(() => resolve());
          }),
      ),
    );
    this.listeners.clear();
  }

  private async start(partition: string, vserver: string): Promise<void> {
    const contextFor = (servername: string | undefined) => this.contextFor(partition, vserver, servername);
    const server = createServer({
      SNICallback: (servername, cb) => {
        const ctx = contextFor(servername);
        if (ctx) cb(null, ctx);
        else cb(new Error(`no certificate bound on ${vserver} for ${servername}`));
      },
    });
    // A client that sends no SNI gets the default certificate; set just before its handshake.
    server.on('connection', (socket: Socket) => {
      const ctx = contextFor(undefined);
      if (ctx) server.setSecureContext(ctx.options);
      socket.on('error', () => undefined);
    });
    server.on('secureConnection', (socket) => socket.end());
    server.on('tlsClientError', () => undefined);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, this.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.listeners.set(key(partition, vserver), { server, port: (server.address() as AddressInfo).port });
  }

  private contextFor(
    partition: string,
    vserver: string,
    servername: string | undefined,
  ): (SecureContext & { options: ContextOptions }) | undefined {
    const p = this.state.partitions[partition];
    if (!p) return undefined;
    const bound = p.bindings.filter((b) => b.vservername === vserver && !b.ca);
    const sniMatch = servername
      ? bound.filter((b) => b.snicert).find((b) => certOf(p, b.certkeyname)?.checkHost(servername) !== undefined)
      : undefined;
    const chosen = sniMatch ?? bound.find((b) => !b.snicert);
    if (!chosen) return undefined;
    const options = this.contextOptions(p, chosen.certkeyname);
    return options ? Object.assign(createSecureContext(options), { options }) : undefined;
  }

  private contextOptions(p: PartitionState, certkey: string): ContextOptions | undefined {
    const ck = p.certkeys[certkey];
    const key = ck ? this.keyOf(ck) : undefined;
    if (!ck || !key) return undefined;
    const chain: string[] = [];
    let cur: SimCertKey | undefined = ck;
    for (let i = 0; cur && i < MAX_CHAIN; i++) {
      const x = loadedCert(cur);
      if (!x) break;
      chain.push(x.toString());
      cur = cur.linkcertkeyname ? p.certkeys[cur.linkcertkeyname] : undefined;
    }
    if (chain.length === 0) return undefined;
    return { cert: chain.join(''), key: key.export({ format: 'pem', type: 'pkcs8' }) as string };
  }

  private keyOf(ck: SimCertKey): KeyObject | undefined {
    const file = ck.key ? this.state.files[ck.key] : undefined;
    if (!file) return undefined;
    const loaded = loadPrivateKey(Buffer.from(file.contentBase64, 'base64'), ck.inform, ck.passplain);
    return loaded.ok ? loaded.key : undefined;
  }
}

type ContextOptions = { cert: string; key: string };

function key(partition: string, vserver: string): string {
  return `${partition}\u0000${vserver}`;
}

function loadedCert(ck: SimCertKey): X509Certificate | undefined {
  return ck.loadedCertBase64 ? new X509Certificate(Buffer.from(ck.loadedCertBase64, 'base64')) : undefined;
}

function certOf(p: PartitionState, certkey: string): X509Certificate | undefined {
  const ck = p.certkeys[certkey];
  return ck ? loadedCert(ck) : undefined;
}
