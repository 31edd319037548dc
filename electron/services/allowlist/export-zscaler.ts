import type { AllowlistDocument, ZscalerAnswer } from '../../../shared/schemas/allowlist.ts';
import { cidrIpVersion } from './allowlist-entries.ts';
import { formatPortList } from './port-ranges.ts';

/**
 * The API's zscaler shape rebuilt from a document: one entry per service ×
 * geo × protocol, IPv4 CIDRs and the domains under `services`, IPv6 CIDRs
 * under `ipv6_services`, ids and names in the API's own pattern so Fieldkit
 * (or Zscaler) reads them back the same way. The document keeps no entry
 * type: every entry says "non-real-time", as the API's own example does.
 */
export function allowlistZscaler(doc: AllowlistDocument, updateIntervalHours: number): ZscalerAnswer {
  const services: ZscalerAnswer['services'] = [];
  const ipv6: ZscalerAnswer['services'] = [];
  for (const s of doc.services) {
    const slug =
      s.name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '') || 'service';
    const protocols = [
      ['tcp', s.tcpPorts],
      ['udp', s.udpPorts],
    ] as const;
    for (const e of s.endpoints) {
      const v4 = e.cidrs.filter((c) => cidrIpVersion(c) === 4);
      const v6 = e.cidrs.filter((c) => cidrIpVersion(c) === 6);
      for (const [protocol, ranges] of protocols) {
        if (ranges.length === 0) continue;
        const entry = (ip: 'ipv4' | 'ipv6') => ({
          id: `${slug}-${s.direction}-${e.geo}-${protocol}-${ip}`,
          name: `${s.name} ${s.direction} ${e.geo} ${protocol} ${ip}`,
          type: 'non-real-time',
          protocol,
          ports: formatPortList(ranges),
        });
        if (e.fqdns.length > 0 || v4.length > 0) services.push({ ...entry('ipv4'), domains: e.fqdns, cidrs: v4 });
        if (v6.length > 0) ipv6.push({ ...entry('ipv6'), cidrs: v6 });
      }
    }
  }
  const answer: ZscalerAnswer = { usage: { update_interval: updateIntervalHours }, services };
  if (ipv6.length > 0) answer.ipv6_services = ipv6;
  return answer;
}
