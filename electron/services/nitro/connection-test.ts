import { ApplianceProfile, type ApplianceProfileInput, type ConnectionTestResult } from '../../../shared/schemas/certificates.ts';
import { NitroClient, type GetPassword, type NitroClientOptions } from './nitro-client.ts';

/** "Test connection": log in, read the version and the HA state, log out. Throws a NitroFailure naming the step that failed. */
export async function testApplianceConnection(
  profileInput: ApplianceProfileInput,
  getPassword: GetPassword,
  opts: Omit<NitroClientOptions, 'profile' | 'getPassword'> = {},
): Promise<ConnectionTestResult> {
  const profile = ApplianceProfile.parse(profileInput);
  const started = Date.now();
  const client = new NitroClient({ ...opts, profile, getPassword });
  try {
    await client.login();
    const version = await client.version();
    const ha = await client.haInfo();
    const result: ConnectionTestResult = { appliance: client.appliance, ok: true, version, haState: ha.state, tookMs: 0 };
    if (ha.peerAddress !== undefined) result.haPeer = ha.peerAddress;
    if (profile.partition !== undefined) result.partition = profile.partition;
    result.tookMs = Date.now() - started;
    return result;
  } finally {
    await client.close();
  }
}
