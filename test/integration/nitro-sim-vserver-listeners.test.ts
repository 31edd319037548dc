import { X509Certificate } from 'node:crypto';
import { connect } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { NitroClient } from '../../electron/services/nitro/nitro-client.ts';
import { ApplianceProfile } from '../../shared/schemas/certificates.ts';
import type { NitroSimulator } from '../nitro-sim/nitro-simulator.ts';
import { FAST_CLIENT, getPassword, profileFor, seedCertkey, seedRenewalScenario, simulatorHarness } from '../support/cert-push-fixtures.ts';

const { world: w, sim } = simulatorHarness();

async function vserverAddress(s: NitroSimulator, vserver: string): Promise<{ ipv46: unknown; port: unknown }> {
  const client = new NitroClient({ profile: ApplianceProfile.parse(await profileFor(s)), getPassword, ...FAST_CLIENT });
  try {
    await client.login();
    const [v] = await client.records({ resource: 'sslvserver', name: vserver }, 'read vserver');
    return { ipv46: v?.['ipv46'], port: v?.['port'] };
  } finally {
    await client.close();
  }
}

interface Handshake {
  fingerprint256: string;
  chainSubjects: string[];
  authorized: boolean;
}

/** What a client that trusts the test root gets from host:port, sending the given SNI. */
function handshake(host: string, port: number, servername: string | undefined): Promise<Handshake> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, ca: [w.root.certPem], rejectUnauthorized: false, ...(servername ? { servername } : {}) });
    socket.once('secureConnect', () => {
      const peer = socket.getPeerCertificate(true);
      const chainSubjects: string[] = [];
      let cur: typeof peer | undefined = peer;
      for (let i = 0; cur && i < 5; i++) {
        chainSubjects.push(new X509Certificate(cur.raw).subject);
        cur = cur.issuerCertificate && cur.issuerCertificate !== cur ? cur.issuerCertificate : undefined;
      }
      resolve({ fingerprint256: new X509Certificate(peer.raw).fingerprint256, chainSubjects, authorized: socket.authorized });
      socket.end();
    });
    socket.once('error', reject);
  });
}

describe('simulated vservers serve their bound certificate', () => {
  it('NITRO gives each vserver a loopback address where the bound certkey is presented with its linked chain', async () => {
    const s = seedRenewalScenario(await sim({ vservers: [{ name: 'vs1' }] }), w);
    const addr = await vserverAddress(s, 'vs1');
    expect(addr.ipv46).toBe('127.0.0.1');
    expect(typeof addr.port).toBe('number');
    const got = await handshake('127.0.0.1', addr.port as number, 'www.example.test');
    expect(got.fingerprint256).toBe(w.leaf.fingerprint256);
    expect(got.authorized).toBe(true);
    expect(got.chainSubjects.some((x) => x.includes('Fieldkit Test Intermediate High'))).toBe(true);
    // A client without SNI gets the default certificate too.
    expect((await handshake('127.0.0.1', addr.port as number, undefined)).fingerprint256).toBe(w.leaf.fingerprint256);
  });

  it('an SNI-bound certkey is chosen by the host name the client asks for; other names get the default certificate', async () => {
    const s = seedRenewalScenario(await sim({ vservers: [{ name: 'vs1' }] }), w);
    seedCertkey(s, 'shop', w.otherDomain, { withKey: true, linkTo: 'inter' });
    s.seed((st) => st.bind({ vservername: 'vs1', certkeyname: 'shop', snicert: true }));
    const { port } = await vserverAddress(s, 'vs1');
    expect((await handshake('127.0.0.1', port as number, 'shop.example.test')).fingerprint256).toBe(w.otherDomain.fingerprint256);
    expect((await handshake('127.0.0.1', port as number, 'www.example.test')).fingerprint256).toBe(w.leaf.fingerprint256);
  });

  it('a vserver with no certificate bound refuses the handshake', async () => {
    const s = await sim({ vservers: [{ name: 'empty' }] });
    const { port } = await vserverAddress(s, 'empty');
    await expect(handshake('127.0.0.1', port as number, 'www.example.test')).rejects.toThrow();
  });

  it('the listeners stop when the simulator closes', async () => {
    const s = seedRenewalScenario(await sim({ vservers: [{ name: 'vs1' }] }), w);
    const { port } = await vserverAddress(s, 'vs1');
    await s.close();
    await expect(handshake('127.0.0.1', port as number, 'www.example.test')).rejects.toThrow(/ECONNREFUSED/);
  });
});
