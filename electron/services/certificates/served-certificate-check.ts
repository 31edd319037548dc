import { isIP } from 'node:net';
import { VerifyInput, type VerifyReport, type VserverVerification } from '../../../shared/schemas/certificate-verify.ts';
import { ApplianceProfile, normalizeFingerprint, type ApplianceProfileInput } from '../../../shared/schemas/certificates.ts';
import { FieldkitError } from '../../../shared/fieldkit-error.ts';
import { fetchPresentedCertificate, type ApplianceTrustStore } from '../nitro/appliance-trust.ts';
import { offlineHintFor } from '../network/network-unreachable.ts';
import { NitroClient, type NitroClientOptions } from '../nitro/nitro-client.ts';
import { failureInfo } from '../nitro/nitro-failure.ts';
import { fieldText } from '../nitro/nitro-field.ts';
import { readSslVserverCall } from '../nitro/vserver-calls.ts';

/**
 * "Verify" after a push: which certificate clients of each vserver now get.
 * The vserver's VIP and port are read over NITRO (one session, reads only),
 * then each VIP is asked for its certificate with the pushed certificate's
 * host name as SNI, as a browser would. Nothing is sent after the handshake.
 */
export interface ServedCertificateDeps {
  getPassword: NitroClientOptions['getPassword'];
  client?: Omit<NitroClientOptions, 'profile' | 'getPassword'>;
  /** Limit for each vserver's TLS handshake. */
  handshakeTimeoutMs?: number;
  trustStore?: ApplianceTrustStore;
}

interface VserverAddress {
  vserver: string;
  host?: string;
  port?: number;
  error?: VserverVerification['error'];
}

const NON_ADDRESSABLE = new Set(['', '0.0.0.0', '::']);

export async function checkServedCertificates(
  profileInput: ApplianceProfileInput,
  inputGiven: VerifyInput,
  deps: ServedCertificateDeps,
): Promise<VerifyReport> {
  const input = VerifyInput.parse(inputGiven);
  const profile = ApplianceProfile.parse(profileInput);
  const addresses = await readVserverAddresses(profile, input.vservers, deps);
  const expected = input.expectedFingerprint256 ? normalizeFingerprint(input.expectedFingerprint256) : undefined;
  const vservers = await Promise.all(addresses.map((a) => checkOne(a, input.serverName, expected, deps)));
  const report: VerifyReport = { appliance: profile.name ?? profile.host, serverName: input.serverName, vservers };
  if (expected) report.expectedFingerprint256 = expected;
  return report;
}

async function readVserverAddresses(profile: ApplianceProfile, vservers: string[], deps: ServedCertificateDeps): Promise<VserverAddress[]> {
  const client = new NitroClient({ ...deps.client, profile, getPassword: deps.getPassword });
  try {
    await client.login();
    const out: VserverAddress[] = [];
    for (const vserver of vservers) {
      try {
        const [v] = await client.records(readSslVserverCall(vserver), `read vserver ${vserver}`);
        // Builds differ on the field's name: ipv46 (as on lbvserver) or ip.
        const host = fieldText(v?.['ipv46'] ?? v?.['ip']);
        const port = Number(v?.['port']);
        out.push(
          NON_ADDRESSABLE.has(host) || !Number.isInteger(port) || port <= 0
            ? { vserver, error: noAddress(vserver, host) }
            : { vserver, host, port },
        );
      } catch (err) {
        out.push({ vserver, error: failureInfo(err, `read vserver ${vserver}`) });
      }
    }
    return out;
  } finally {
    await client.close();
  }
}

function noAddress(vserver: string, host: string): VserverVerification['error'] {
  const what = host ? `its address is ${host}` : 'NITRO gave no address for it';
  return failureInfo(
    new FieldkitError('VSERVER_NO_ADDRESS', `${vserver}: ${what}, so clients do not connect to it directly.`),
    'read vserver',
  );
}

async function checkOne(
  a: VserverAddress,
  serverName: string,
  expected: string | undefined,
  deps: ServedCertificateDeps,
): Promise<VserverVerification> {
  if (a.error || a.host === undefined || a.port === undefined)
    return { vserver: a.vserver, status: 'unreachable', ...(a.error ? { error: a.error } : {}) };
  const address = `${isIP(a.host) === 6 ? `[${a.host}]` : a.host}:${a.port}`;
  try {
    // fetchPresentedCertificate reads the presented chain without rejecting it (trust is reported, not enforced) and sends nothing.
    const p = await fetchPresentedCertificate(a.host, a.port, {
      servername: serverName,
      timeoutMs: deps.handshakeTimeoutMs ?? 5_000,
      ...(deps.trustStore ? { trustStore: deps.trustStore } : {}),
    });
    const served = {
      fingerprint256: p.fingerprint256,
      subject: p.subject,
      issuer: p.issuer,
      validTo: p.validTo,
      trustedBySystem: p.trustedBySystem,
    };
    const status = expected === undefined ? 'shown' : normalizeFingerprint(p.fingerprint256) === expected ? 'match' : 'mismatch';
    return { vserver: a.vserver, address, status, served };
  } catch (err) {
    // The helper's message starts with the address, which this one already names.
    const reason = (err instanceof Error ? err.message : String(err)).replace(/^\S+: /, '');
    const hint = offlineHintFor(err, 'certificateVerify');
    const error = failureInfo(
      new FieldkitError('VSERVER_UNREACHABLE', `${a.vserver} at ${address}: ${reason}`, hint !== undefined ? { hint } : {}),
      'connect to vserver',
    );
    return { vserver: a.vserver, address, status: 'unreachable', error };
  }
}
