import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface BasicAuthProxy {
  port: number;
  /** host:port of every tunnel opened. */
  tunnels: string[];
  /** How many CONNECTs were refused with 407. */
  refused: number;
  close: () => Promise<void>;
}

/** A CONNECT proxy that wants Basic auth and tunnels to 127.0.0.1 only (whatever host is asked), recording each tunnel. */
export async function startBasicAuthProxy(user: string, password: string): Promise<BasicAuthProxy> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((_req, res) => res.writeHead(405).end());
  const proxy: BasicAuthProxy = {
    port: 0,
    tunnels: [],
    refused: 0,
    close: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
  server.on('connect', (req, client: Socket) => {
    sockets.add(client);
    const expected = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    if (req.headers['proxy-authorization'] !== expected) {
      proxy.refused++;
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const port = Number((req.url ?? '').split(':').at(-1));
    proxy.tunnels.push(req.url ?? '');
    const upstream = connect(port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.pipe(client).pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  proxy.port = (server.address() as AddressInfo).port;
  return proxy;
}
