import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { Agent, buildConnector } from 'undici';
import { normalizeFingerprint, type ApplianceTrust, type PresentedCertificate } from '../../../shared/schemas/certificates.ts';
import { offlineHintFor } from '../network/network-unreachable.ts';
import { processTrustStore, type TrustStore } from '../network/trust-store.ts';
import { dnOneLine, isSelfSigned, validity } from '../x509/certificate-fields.ts';
import { NitroFailure } from './nitro-failure.ts';

/**
 * How Fieldkit trusts an appliance's management interface. Two modes, never
 * "off": a CA that issued the management certificate (normal verification,
 * host name included), or the appliance's own certificate pinned by its
 * SHA-256 fingerprint after the user accepted it. A pinned connection whose
 * certificate changed fails before a single byte of NITRO is sent.
 */

function serverName(host: string): string | undefined {
  // SNI must not carry an IP address; Node warns and servers ignore it.
  return isIP(host) === 0 ? host : undefined;
}

/** The trust an appliance connection is checked against; the process's own (OS, bundled, NODE_EXTRA_CA_CERTS) unless given. */
export type ApplianceTrustStore = TrustStore | Promise<TrustStore>;

export interface TrustedAgentOptions {
  appliance: string;
  host: string;
  trust: ApplianceTrust;
  connectTimeoutMs: number;
  trustStore?: ApplianceTrustStore;
}

function fingerprintChanged(appliance: string, expected: string, actual: string): NitroFailure {
  return new NitroFailure(
    'APPLIANCE_FINGERPRINT_CHANGED',
    `${appliance}: the management certificate changed since it was pinned. Pinned ${expected}, presented ${actual}. Fieldkit stopped before sending anything.`,
    { appliance, step: 'connect' },
  );
}

/** CA mode: the chain must verify against the one trust plus the profile's CA, host name included. */
function caConnector(opts: TrustedAgentOptions, caPem: string, store: TrustStore): buildConnector.connector {
  const sni = serverName(opts.host);
  return buildConnector({
    secureContext: store.secureContextWith([caPem]),
    rejectUnauthorized: true,
    timeout: opts.connectTimeoutMs,
    ...(sni ? { servername: sni } : {}),
  });
}

/**
 * Pinned mode: the chain of a self-signed appliance certificate cannot verify
 * against any CA, so the pin is the verification, checked before the
 * connection is handed out. No session is resumed: every connection shows its certificate.
 */
function pinnedConnector(opts: TrustedAgentOptions, fingerprint256: string): buildConnector.connector {
  const expected = normalizeFingerprint(fingerprint256);
  const base = buildConnector({ rejectUnauthorized: false, timeout: opts.connectTimeoutMs, maxCachedSessions: 0 });
  return (options, callback) => {
    base(options, (err, socket) => {
      if (err || !socket) {
        callback(err ?? new Error('connection failed'), null);
        return;
      }
      const presented = (socket as TLSSocket).getPeerCertificate?.();
      const actual = presented?.fingerprint256 ? normalizeFingerprint(presented.fingerprint256) : '(none)';
      if (actual !== expected) {
        socket.destroy();
        callback(fingerprintChanged(opts.appliance, expected, actual), null);
        return;
      }
      callback(null, socket);
    });
  };
}

/** An undici dispatcher for one appliance that enforces its trust mode on every connection. */
export function createTrustedAgent(opts: TrustedAgentOptions): Agent {
  const keepAliveTimeout = 10_000;
  if (opts.trust.mode === 'pinned') return new Agent({ connect: pinnedConnector(opts, opts.trust.fingerprint256), keepAliveTimeout });
  const caPem = opts.trust.caPem;
  const ready = Promise.resolve(opts.trustStore ?? processTrustStore()).then((store) => caConnector(opts, caPem, store));
  // A trust that cannot be built is reported by the first request; until then it must not count as an unhandled rejection.
  ready.catch(() => undefined);
  const connector: buildConnector.connector = (options, callback) => {
    ready.then(
      (connect) => connect(options, callback),
      (err: unknown) => callback(err instanceof Error ? err : new Error(String(err)), null),
    );
  };
  return new Agent({ connect: connector, keepAliveTimeout });
}

/**
 * Connects once and reports the certificate the appliance presents, for the
 * user to compare with the appliance console and accept (trust on first use).
 * "Trusted by the system" is judged against the same trust every connection
 * uses (OS store, bundled roots, NODE_EXTRA_CA_CERTS), host name included.
 * Nothing is sent over the connection.
 */
export async function fetchPresentedCertificate(
  host: string,
  port: number,
  opts: {
    timeoutMs?: number;
    trustStore?: ApplianceTrustStore;
    /** The host name clients ask for (SNI) when it is not `host`, e.g. a vserver reached by its VIP; trust is judged for it. */
    servername?: string;
  } = {},
): Promise<PresentedCertificate> {
  const shownHost = isIP(host) === 6 ? `[${host}]` : host;
  const appliance = port === 443 ? host : `${shownHost}:${port}`;
  const sni = opts.servername ?? serverName(host);
  const nameToCheck = opts.servername ?? host;
  const store = await (opts.trustStore ?? processTrustStore());
  return await new Promise<PresentedCertificate>((resolve, reject) => {
    // Not rejected here: the user is shown an untrusted certificate to decide on; nothing is sent either way.
    const socket = tlsConnect({
      host,
      port,
      secureContext: store.secureContext(),
      rejectUnauthorized: false,
      ...(sni ? { servername: sni } : {}),
    });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new NitroFailure('APPLIANCE_TIMEOUT', `${appliance}: no TLS handshake within ${opts.timeoutMs ?? 10_000} ms.`, {
          appliance,
          step: 'fetch certificate',
        }),
      );
    }, opts.timeoutMs ?? 10_000);
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      const x = new X509Certificate(socket.getPeerCertificate(true).raw);
      let hostOk = false;
      try {
        hostOk = isIP(nameToCheck) ? x.checkIP(nameToCheck) !== undefined : x.checkHost(nameToCheck) !== undefined;
      } catch {
        hostOk = false;
      }
      const { notBefore, notAfter } = validity(x);
      const result: PresentedCertificate = {
        host,
        port,
        fingerprint256: normalizeFingerprint(x.fingerprint256),
        subject: dnOneLine(x.subject),
        issuer: dnOneLine(x.issuer),
        validFrom: notBefore,
        validTo: notAfter,
        selfSigned: isSelfSigned(x),
        trustedBySystem: socket.authorized && hostOk,
        pem: x.toString(),
      };
      socket.end();
      resolve(result);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      const hint = offlineHintFor(err, 'applianceAction');
      reject(
        new NitroFailure('APPLIANCE_UNREACHABLE', `${appliance}: could not open a TLS connection (${err.code ?? err.message}).`, {
          appliance,
          step: 'fetch certificate',
          cause: err,
          ...(hint !== undefined ? { hint } : {}),
        }),
      );
    });
  });
}
