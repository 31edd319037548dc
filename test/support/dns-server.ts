import { createSocket } from 'node:dgram';
import * as dnsPacket from 'dns-packet';

/**
 * A tiny authoritative DNS server on 127.0.0.1 for tests: A records for the
 * names it is given, NXDOMAIN for every other name, SERVFAIL for the names in
 * `servfail`, and silence for the names listed as `silent` (a DNS timeout,
 * without any packet leaving the machine).
 */
export interface TestDnsServer {
  /** "127.0.0.1:port", for a resolver's server list. */
  server: string;
  queries: string[];
  close(): Promise<void>;
}

export async function startDnsServer(opts: {
  records: Record<string, string>;
  silent?: string[];
  servfail?: string[];
}): Promise<TestDnsServer> {
  const socket = createSocket('udp4');
  const records = new Map(Object.entries(opts.records).map(([k, v]) => [k.toLowerCase(), v]));
  const silent = new Set((opts.silent ?? []).map((s) => s.toLowerCase()));
  const servfail = new Set((opts.servfail ?? []).map((s) => s.toLowerCase()));
  const queries: string[] = [];
  socket.on('message', (msg, rinfo) => {
    let query: dnsPacket.Packet;
    try {
      query = dnsPacket.decode(msg);
    } catch {
      return;
    }
    const question = query.questions?.[0];
    if (!question) return;
    const name = question.name.toLowerCase();
    if (queries.length < 1000) queries.push(`${question.type} ${name}`);
    if (silent.has(name)) return;
    const address = records.get(name);
    const answers: dnsPacket.Answer[] =
      address && question.type === 'A' ? [{ type: 'A', name: question.name, ttl: 5, class: 'IN', data: address }] : [];
    const response = dnsPacket.encode({
      id: query.id,
      type: 'response',
      // Authoritative answer, recursion available; RCODE 2 (SERVFAIL) on request, 3 (NXDOMAIN) for unknown names.
      flags: dnsPacket.AUTHORITATIVE_ANSWER | dnsPacket.RECURSION_AVAILABLE | (servfail.has(name) ? 2 : address ? 0 : 3),
      questions: [question],
      answers,
    });
    socket.send(response, rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  const { port } = socket.address();
  return {
    server: `127.0.0.1:${port}`,
    queries,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
