import type { ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { createConnection, createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * Local servers standing in for Citrix hosts (and for what sits in front of
 * them): a real HTTPS server with a given chain and behaviour, a TCP server that
 * answers garbage instead of TLS, and one that accepts and stays silent.
 */
export interface LocalServer {
  port: number;
  close(): Promise<void>;
}

export type OriginBehaviour =
  | { kind: 'ok'; delayMs?: number }
  | { kind: 'status'; status: number; body?: string; headers?: Record<string, string> }
  | { kind: 'hang' }
  | { kind: 'endless' };

function track(server: Server | HttpsServer): () => Promise<void> {
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
}

async function listen(server: Server | HttpsServer, port = 0): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

/** Writes padding as fast as the client reads, until it hangs up: a body that never ends. */
function streamForever(res: ServerResponse): void {
  const chunk = Buffer.alloc(64 * 1024, 'x');
  res.writeHead(200, { 'content-type': 'text/html' });
  const pump = () => {
    while (!res.destroyed) if (!res.write(chunk)) return;
  };
  res.on('drain', pump);
  pump();
}

/** An HTTPS server presenting `chainPem` (leaf first) for every name; on `port` when given (a service that comes back where it was). */
export async function startHttpsOrigin(opts: {
  chainPem: string;
  keyPem: string;
  behaviour?: OriginBehaviour;
  port?: number;
}): Promise<LocalServer> {
  const behaviour = opts.behaviour ?? { kind: 'ok' };
  const server = createHttpsServer({ cert: opts.chainPem, key: opts.keyPem }, (req, res) => {
    req.resume();
    if (behaviour.kind === 'hang') return;
    if (behaviour.kind === 'endless') return streamForever(res);
    if (behaviour.kind === 'status') {
      res.writeHead(behaviour.status, { 'content-type': 'text/html', ...behaviour.headers });
      res.end(behaviour.body ?? '');
      return;
    }
    const answer = () => {
      res.writeHead(200, { 'content-type': 'text/plain', server: 'fieldkit-test-origin' });
      res.end('ok');
    };
    if (behaviour.delayMs) setTimeout(answer, behaviour.delayMs);
    else answer();
  });
  server.keepAliveTimeout = 1000;
  const close = track(server);
  return { port: await listen(server, opts.port), close };
}

/** Accepts TCP and answers with text instead of a TLS handshake. */
export async function startGarbageServer(): Promise<LocalServer> {
  const server = createTcpServer((s) => {
    s.on('error', () => {});
    s.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\nthis is not TLS\r\n');
  });
  const close = track(server);
  return { port: await listen(server), close };
}

/** Accepts TCP and never says anything (a TLS handshake that never completes). */
export async function startSilentServer(): Promise<LocalServer> {
  const server = createTcpServer((s) => {
    s.on('error', () => {});
  });
  const close = track(server);
  return { port: await listen(server), close };
}

/** A port on 127.0.0.1 where nothing listens (connections are refused). */
export async function closedPort(): Promise<number> {
  const server = createTcpServer();
  const port = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A TCP relay to a local server that the test switches off and on: off, every connection is reset at once, as a blocked path does. */
export async function startSwitchableRelay(targetPort: number): Promise<LocalServer & { up: boolean }> {
  const state = { up: true };
  const server = createTcpServer((client) => {
    client.on('error', () => {});
    if (!state.up) return client.resetAndDestroy();
    const upstream = createConnection({ host: '127.0.0.1', port: targetPort });
    upstream.on('error', () => client.destroy());
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
  });
  const close = track(server);
  const port = await listen(server);
  return Object.assign(state, { port, close });
}
