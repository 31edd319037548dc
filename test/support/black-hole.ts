import { connect, type Socket } from 'node:net';
import { Worker } from 'node:worker_threads';

/**
 * A loopback port that never completes a TCP handshake: a listener whose
 * thread is parked before it accepts anything, with its accept queue filled,
 * so the kernel drops further SYNs and a client's connect hangs until its own
 * timeout, exactly like a firewall that drops packets.
 */
export interface BlackHole {
  port: number;
  close(): Promise<void>;
}

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const net = require('node:net');
const server = net.createServer();
server.listen({ host: '127.0.0.1', port: 0, backlog: 1 }, () => {
  parentPort.postMessage(server.address().port);
  // Park this thread without using CPU: the listener stays open but never accepts.
  Atomics.wait(new Int32Array(workerData.flag), 0, 0, 120000);
  server.close();
});
`;

async function fill(port: number): Promise<Socket[]> {
  const held: Socket[] = [];
  // Bounded: the queue of a backlog-1 listener holds a couple of connections; stop at the first one that hangs.
  for (let i = 0; i < 16; i++) {
    const s = connect({ host: '127.0.0.1', port });
    s.on('error', () => {});
    const connected = await new Promise<boolean>((resolve) => {
      const t = setTimeout(() => resolve(false), 150);
      s.once('connect', () => {
        clearTimeout(t);
        resolve(true);
      });
    });
    held.push(s);
    if (!connected) return held;
  }
  throw new Error('the black-hole listener kept accepting connections');
}

export async function startBlackHole(): Promise<BlackHole> {
  const flag = new SharedArrayBuffer(4);
  const worker = new Worker(WORKER, { eval: true, workerData: { flag } });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await new Promise((r) => setTimeout(r, 20));
  const held = await fill(port);
  return {
    port,
    close: async () => {
      for (const s of held) s.destroy();
      Atomics.store(new Int32Array(flag), 0, 1);
      Atomics.notify(new Int32Array(flag), 0);
      await worker.terminate();
    },
  };
}
