import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, extname, join, normalize, resolve } from 'node:path';
import { CHANNEL_NAMES, EVENT_NAMES, PRELOAD_ONLY_CHANNELS } from '../../shared/ipc-channels.ts';
import type { Dispatcher, HandlerContext } from '../../electron/services/ipc/dispatch.ts';

/**
 * Test-only: serves the built renderer to a real browser and answers the IPC
 * contract over loopback HTTP with the same dispatcher Electron's ipcMain
 * uses, so the real UI runs against the real engine without Electron.
 */
export interface Bridge {
  url: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/**
 * droppedFilesFolder stands in for Electron's webUtils.getPathForFile: a file
 * dropped on the window is the file of that name in this folder, and the
 * bridge (not the page) sends its path, as the real preload does.
 */
export async function startBridge(
  dispatcher: Dispatcher,
  rendererDir = resolve('out/renderer'),
  opts: { droppedFilesFolder?: string } = {},
): Promise<Bridge> {
  const token = randomBytes(24).toString('hex');
  const streams = new Set<ServerResponse>();
  const ctx: HandlerContext = {
    emit(event, payload) {
      const data = JSON.stringify({ event, payload: dispatcher.validateEvent(event, payload) });
      for (const s of streams) s.write(`data: ${data}\n\n`);
    },
  };

  const preload = bridgePreloadScript(token);
  const server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(err));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/__bridge/preload.js') {
      res.writeHead(200, { 'content-type': TYPES['.js']!, 'cache-control': 'no-store' });
      res.end(preload);
      return;
    }
    if (url.pathname.startsWith('/__bridge/invoke/') && req.method === 'POST') {
      if (req.headers['x-fieldkit-bridge-token'] !== token) return deny(res);
      const channel = decodeURIComponent(url.pathname.slice('/__bridge/invoke/'.length));
      const body = await readBody(req);
      const input = body.length ? (JSON.parse(body) as { input?: unknown }).input : undefined;
      const result = await dispatcher.dispatch(channel, input, ctx);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(result));
      return;
    }
    if (url.pathname === '/__bridge/drop' && req.method === 'POST') {
      if (req.headers['x-fieldkit-bridge-token'] !== token) return deny(res);
      const { name } = JSON.parse(await readBody(req)) as { name: string };
      const result = opts.droppedFilesFolder
        ? await dispatcher.dispatch(PRELOAD_ONLY_CHANNELS.grantDroppedFile, { path: join(opts.droppedFilesFolder, basename(name)) }, ctx)
        : { ok: false, error: { code: 'NOT_AVAILABLE_HERE', message: 'This bridge takes no dropped files.' } };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(result));
      return;
    }
    if (url.pathname === '/__bridge/events') {
      if (url.searchParams.get('token') !== token) return deny(res);
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(': connected\n\n');
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return;
    }
    await serveStatic(url.pathname, res);
  }

  async function serveStatic(pathname: string, res: ServerResponse): Promise<void> {
    const rel = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
    const file = normalize(join(rendererDir, rel));
    if (!file.startsWith(rendererDir)) return deny(res);
    let content: Buffer;
    try {
      content = await readFile(file);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    if (rel === 'index.html') {
      // The bridge's stand-in for the preload runs before the app's module script, as Electron's preload does.
      content = Buffer.from(content.toString('utf8').replace('<head>', '<head>\n    <script src="/__bridge/preload.js"></script>'));
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(content);
  }

  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: async () => {
      for (const s of streams) s.end();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

function deny(res: ServerResponse): void {
  res.writeHead(403, { 'content-type': 'text/plain' });
  res.end('forbidden');
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The same shape the real preload exposes: one function per channel, and on(). */
function bridgePreloadScript(token: string): string {
  return `(() => {
  const token = ${JSON.stringify(token)};
  const api = {};
  for (const name of ${JSON.stringify(CHANNEL_NAMES)}) {
    api[name] = async (input) => {
      const res = await fetch('/__bridge/invoke/' + encodeURIComponent(name), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-fieldkit-bridge-token': token },
        body: JSON.stringify({ input }),
      });
      return res.json();
    };
  }
  // As the real preload: the page gives a File, never a path.
  api[${JSON.stringify(PRELOAD_ONLY_CHANNELS.grantDroppedFile)}] = async (file) => {
    const res = await fetch('/__bridge/drop', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-fieldkit-bridge-token': token },
      body: JSON.stringify({ name: file.name }),
    });
    return res.json();
  };
  const known = new Set(${JSON.stringify(EVENT_NAMES)});
  const listeners = new Map();
  const source = new EventSource('/__bridge/events?token=' + token);
  source.onmessage = (m) => {
    const { event, payload } = JSON.parse(m.data);
    for (const l of listeners.get(event) ?? []) l(payload);
  };
  api.on = (event, listener) => {
    if (!known.has(event)) throw new Error('Unknown event "' + event + '"');
    if (!listeners.has(event)) listeners.set(event, new Set());
    listeners.get(event).add(listener);
    return () => listeners.get(event).delete(listener);
  };
  Object.defineProperty(window, 'fieldkit', { value: Object.freeze(api) });
})();
`;
}
