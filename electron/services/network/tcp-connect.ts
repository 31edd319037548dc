import { connect, type Socket } from 'node:net';
import { boundedPhase, type PhaseOutcome } from './bounded-phase.ts';

/** Opens a TCP connection; the socket is the caller's on success, destroyed otherwise. */
export function tcpConnect(address: string, port: number, timeoutMs: number, signal?: AbortSignal): Promise<PhaseOutcome<Socket>> {
  return boundedPhase<Socket>(timeoutMs, signal, (settle) => {
    const socket = connect({ host: address, port, noDelay: true });
    const onError = (err: NodeJS.ErrnoException) => {
      socket.destroy();
      settle.fail(err.code ?? 'ECONNERROR', err.message);
    };
    socket.once('error', onError);
    socket.once('connect', () => {
      socket.off('error', onError);
      // Later phases attach their own listeners; this one only keeps a late reset from crashing the process.
      socket.on('error', () => {});
      settle.ok(socket);
    });
    return () => socket.destroy();
  });
}
