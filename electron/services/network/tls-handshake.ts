import { X509Certificate } from 'node:crypto';
import { isIP, type Socket } from 'node:net';
import { connect as tlsConnect, type DetailedPeerCertificate, type SecureContext, type TLSSocket } from 'node:tls';
import { boundedPhase, type PhaseOutcome } from './bounded-phase.ts';

export interface TlsSession {
  socket: TLSSocket;
  protocol?: string;
  cipher?: { name: string; standardName?: string; version: string };
  alpn?: string;
  authorized: boolean;
  authorizationError?: string;
  /** Leaf first: what the server presented, completed by OpenSSL with the trusted root when it has one. */
  chain: X509Certificate[];
}

const MAX_CHAIN = 16;

function peerChain(socket: TLSSocket): X509Certificate[] {
  const chain: X509Certificate[] = [];
  let cert: DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
  const seen = new Set<string>();
  for (let i = 0; i < MAX_CHAIN && cert && cert.raw; i++) {
    const x = new X509Certificate(cert.raw);
    if (seen.has(x.fingerprint256)) break;
    seen.add(x.fingerprint256);
    chain.push(x);
    if (!cert.issuerCertificate || cert.issuerCertificate === cert) break;
    cert = cert.issuerCertificate;
  }
  return chain;
}

/**
 * A TLS handshake over an already open socket (direct or a proxy tunnel).
 * Verification is recorded, not enforced: the chain of an untrusted or
 * intercepted connection is the most useful thing this check can show, and the
 * HTTP step that follows only reads a status line (no credentials are sent).
 */
export function tlsHandshake(
  socket: Socket,
  host: string,
  secureContext: SecureContext,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<PhaseOutcome<TlsSession>> {
  return boundedPhase<TlsSession>(timeoutMs, signal, (settle) => {
    const tlsSocket = tlsConnect({
      socket,
      host,
      ...(isIP(host) ? {} : { servername: host }),
      secureContext,
      rejectUnauthorized: false,
      ALPNProtocols: ['http/1.1'],
    });
    const onError = (err: NodeJS.ErrnoException) => {
      tlsSocket.destroy();
      const code = err.code ?? 'TLS_ERROR';
      settle.fail(code, code === 'ECONNRESET' ? 'the connection was reset during the handshake' : err.message);
    };
    const onClose = () => settle.fail('TLS_CLOSED', 'the connection was closed during the handshake');
    tlsSocket.once('error', onError);
    tlsSocket.once('close', onClose);
    tlsSocket.once('secureConnect', () => {
      tlsSocket.off('error', onError);
      tlsSocket.off('close', onClose);
      tlsSocket.on('error', () => {});
      const session: TlsSession = { socket: tlsSocket, authorized: tlsSocket.authorized, chain: peerChain(tlsSocket) };
      const protocol = tlsSocket.getProtocol();
      if (protocol) session.protocol = protocol;
      const cipher = tlsSocket.getCipher();
      if (cipher) session.cipher = { name: cipher.name, standardName: cipher.standardName, version: cipher.version };
      if (typeof tlsSocket.alpnProtocol === 'string') session.alpn = tlsSocket.alpnProtocol;
      if (!tlsSocket.authorized && tlsSocket.authorizationError) session.authorizationError = String(tlsSocket.authorizationError);
      settle.ok(session);
    });
    return () => tlsSocket.destroy();
  });
}
