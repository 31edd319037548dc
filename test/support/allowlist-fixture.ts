/**
 * The one dataset the AllowList API fake serves, in the API's canonical json
 * shape before filtering: every geo, both directions, IPv4 and IPv6 CIDRs,
 * wildcard and CUSTOMER_ID placeholder FQDNs, single ports, lists and ranges,
 * and fields the documentation does not list (which must survive).
 */
export interface FixtureEndpoint {
  geo: 'us' | 'eu' | 'ap-s' | 'jp';
  fqdns?: string[];
  ips?: string[];
  [extra: string]: unknown;
}

export interface FixtureService {
  name: string;
  direction: 'inbound' | 'outbound';
  endpoints: FixtureEndpoint[];
  tcpPorts?: string;
  udpPorts?: string;
  required: boolean;
  notes?: string;
  [extra: string]: unknown;
}

export interface FixtureDataset {
  meta: { version: string; validUntil: string; [extra: string]: unknown };
  services: FixtureService[];
}

export const ALLOWLIST_FIXTURE: FixtureDataset = {
  meta: { version: '2026-06-01T00:00:00Z', validUntil: '2026-06-04T12:00:00Z', schemaRevision: 'v2.3' },
  services: [
    {
      name: 'DaaS',
      direction: 'outbound',
      category: 'control-plane',
      endpoints: [
        { geo: 'us', fqdns: ['CUSTOMER_ID.xendesktop.net', '*.cloud.com'], ips: ['13.107.6.152/31', '2620:1ec:4::152/127'] },
        {
          geo: 'eu',
          fqdns: ['CUSTOMER_ID.xendesktop.net', '*.cloud.com'],
          ips: ['20.54.12.0/24', '2a01:111:f100::/48'],
          datacenter: 'westeurope',
        },
        { geo: 'ap-s', fqdns: ['CUSTOMER_ID.xendesktop.net', '*.cloud.com'], ips: ['20.195.80.0/24'] },
      ],
      tcpPorts: '80,443',
      required: true,
      notes: 'Citrix Cloud control plane access',
    },
    {
      name: 'Gateway Service',
      direction: 'outbound',
      endpoints: [
        { geo: 'us', fqdns: ['*.g.nssvc.net', 'global-s.g.nssvc.net'], ips: ['52.168.0.0/16'] },
        { geo: 'eu', fqdns: ['*.g.nssvc.net'], ips: ['40.113.0.0/16', '2603:1020::/47'] },
        { geo: 'jp', fqdns: ['*.g.nssvc.net'], ips: ['20.89.0.0/16'] },
      ],
      tcpPorts: '443,1494-1495,2598',
      udpPorts: '443,1494,2598',
      required: true,
      notes: 'HDX sessions through the Gateway Service',
    },
    {
      name: 'Console Agent',
      direction: 'outbound',
      endpoints: [
        { geo: 'us', fqdns: ['agent.adm.cloud.com', 'CUSTOMER_ID.agent.adm.cloud.com'] },
        { geo: 'jp', fqdns: ['agent.adm.citrixcloud.jp', 'CUSTOMER_ID.agent.adm.citrixcloud.jp'] },
      ],
      tcpPorts: '443',
      required: false,
      notes: 'NetScaler Console on-prem agent',
    },
    {
      name: 'Connector Callback',
      direction: 'inbound',
      endpoints: [
        { geo: 'us', ips: ['40.76.0.0/16', '2603:1030:20e::/48'] },
        { geo: 'eu', ips: ['51.105.0.0/16'] },
        { geo: 'ap-s', ips: ['20.44.0.0/16', '2603:1040::/47'] },
        { geo: 'jp', ips: ['20.48.0.0/16'] },
      ],
      tcpPorts: '8443-8444',
      required: false,
      notes: 'Citrix Cloud calling the on-premises connector',
      owner: 'connectivity-team',
    },
  ],
};
