/**
 * A large allowlist answer for the benchmark: `services` services with
 * `perService` FQDNs and CIDRs each (half and half, over two geos), ports as
 * the API writes them. `variant` shifts a few services, hosts and ports, so
 * two variants are two versions with a diff worth computing.
 */
export function largeAllowlistAnswer(services: number, perService: number, variant = 0): string {
  const list = [];
  for (let s = 0; s < services; s++) {
    // variant 1 drops every 100th service and renames every 250th (one removed and one added each)
    if (variant === 1 && s % 100 === 0) continue;
    const name = variant === 1 && s % 250 === 1 ? `Service ${s} v2` : `Service ${s}`;
    const endpoints = ['us', 'eu'].map((geo, g) => {
      const fqdns: string[] = [];
      const ips: string[] = [];
      for (let i = g; i < perService; i += 2) {
        const n = variant === 1 && i === 0 && s % 50 === 0 ? 'changed' : String(i);
        if (i % 4 < 2) fqdns.push(i % 8 === 0 ? `*.svc${s}-${n}.${geo}.cloud.example` : `h${n}.svc${s}.${geo}.cloud.example`);
        else
          ips.push(i % 8 < 6 ? `${10 + (s % 200)}.${(s >> 8) & 255}.${i % 256}.0/24` : `2001:db8:${s.toString(16)}:${i.toString(16)}::/64`);
      }
      return { geo, fqdns, ips };
    });
    list.push({
      name,
      direction: s % 5 === 0 ? 'inbound' : 'outbound',
      endpoints,
      tcpPorts: variant === 1 && s % 40 === 0 ? '443,8443' : '80, 443',
      udpPorts: s % 3 === 0 ? '1494-1495,2598' : undefined,
      required: s % 7 !== 0,
      notes: `Service ${s}, "generated", for the benchmark`,
    });
  }
  return JSON.stringify({ meta: { version: `2026-06-0${1 + variant}T00:00:00Z`, validUntil: '2026-06-10T00:00:00Z' }, services: list });
}
