import { describe, expect, it } from 'vitest';
import { channels } from '../../shared/ipc-contract.ts';
import { ApplianceProfile, CertkeyName, PushOptions } from '../../shared/schemas/certificates.ts';
import { ProxyProfile } from '../../shared/schemas/diagnostics.ts';
import { CatalogEndpoint } from '../../shared/schemas/endpoint-catalog.ts';
import { DnsHostName, isHostOrAddress, isNetScalerName, isPort } from '../../shared/schemas/network-names.ts';

const appliance = (host: string, port?: number) => ({
  id: 'a',
  host,
  ...(port !== undefined ? { port } : {}),
  username: 'nsroot',
  trust: { mode: 'pinned', fingerprint256: 'ab'.repeat(32) },
});
const proxy = (host: string, port = 3128) => ({ type: 'explicit', host, port });
const messageOf = (r: { success: boolean; error?: { issues: Array<{ message: string }> } }) => r.error?.issues[0]?.message;

describe('hosts, ports and NetScaler names', () => {
  it.each([
    ['10.0.0.5', true],
    ['ns1.corp.example', true],
    ['proxy', true],
    ['::1', true],
    ['fe80::1:2', true],
    ['[2001:db8::1]', true],
    ['256.1.1.1', true], // a (numeric) DNS name, as before; resolution says the rest
    ['https://ns1.corp.example', false],
    ['ns1.corp.example:443', false],
    ['ns1.corp.example/nitro', false],
    ['under_score.corp', false],
    ['-dash.corp', false],
    ['[ns1.corp.example]', false],
    ['', false],
    ['a'.repeat(254), false],
  ])('host %j accepted: %s, by the plain check and by every profile that takes a host', (host, ok) => {
    expect(isHostOrAddress(host)).toBe(ok);
    expect(ApplianceProfile.safeParse(appliance(host)).success).toBe(ok);
    expect(ProxyProfile.safeParse(proxy(host)).success).toBe(ok);
    expect(channels.applianceFetchCertificate.input.safeParse({ host, port: 443 }).success).toBe(ok);
  });

  it('drops the brackets of an IPv6 address and the spaces around a host', () => {
    expect(ApplianceProfile.parse(appliance(' [2001:db8::1] ')).host).toBe('2001:db8::1');
    expect(ProxyProfile.parse(proxy('[::1]'))).toMatchObject({ host: '::1' });
  });

  it("says what is wrong in the user's words, naming the field", () => {
    expect(messageOf(ApplianceProfile.safeParse(appliance('')))).toBe('The NSIP or host name is empty: enter its IP address or name.');
    expect(messageOf(ApplianceProfile.safeParse(appliance('https://ns1')))).toBe(
      'The NSIP or host name must be an IP address or a DNS name (letters, digits, dots and dashes), without scheme or port.',
    );
    expect(messageOf(ProxyProfile.safeParse(proxy('')))).toBe('The proxy host is empty: enter its IP address or name.');
    expect(messageOf(ApplianceProfile.safeParse(appliance('ns1', 70000)))).toBe('The port must be between 1 and 65535.');
  });

  it.each([
    [0, false],
    [1, true],
    [443, true],
    [65535, true],
    [65536, false],
    [80.5, false],
    ['443', false],
  ])('port %j accepted: %s, everywhere a port is taken', (port, ok) => {
    expect(isPort(port)).toBe(ok);
    expect(ApplianceProfile.safeParse(appliance('ns1', port as number)).success).toBe(ok);
    expect(ProxyProfile.safeParse(proxy('p', port as number)).success).toBe(ok);
    expect(channels.applianceFetchCertificate.input.safeParse({ host: 'ns1', port }).success).toBe(ok);
    const entry = {
      id: 'x',
      region: 'commercial',
      group: 'trust-service',
      listed: 'a.example.com',
      probe: { kind: 'exact', host: 'a.example.com' },
      port,
      required: true,
      why: 'test',
    };
    expect(CatalogEndpoint.safeParse(entry).success).toBe(ok);
  });

  it.each([
    ['web_2026', true],
    ['web 2026', true],
    ['_x#y@z=w:v.u-t', true],
    ['web ', false],
    ['-web', false],
    ['web/2026', false],
    ['a'.repeat(63), true],
    ['a'.repeat(64), false],
  ])('certkey name %j accepted: %s', (name, ok) => {
    expect(isNetScalerName(name)).toBe(ok);
    expect(CertkeyName.safeParse(name).success).toBe(ok);
    expect(PushOptions.safeParse({ certkeyName: name }).success).toBe(ok);
  });

  it('uses the same rule for vservers and partitions, with their own limits and names in the message', () => {
    expect(PushOptions.safeParse({ vservers: [{ name: 'a'.repeat(127) }] }).success).toBe(true);
    expect(messageOf(PushOptions.safeParse({ vservers: [{ name: 'vs/1' }] }))).toBe(
      'A vserver name uses letters, digits, spaces and _ . # @ = : - and starts with a letter, digit or _.',
    );
    expect(messageOf(ApplianceProfile.safeParse({ ...appliance('ns1'), partition: 'a'.repeat(64) }))).toBe(
      'A partition name is at most 63 characters.',
    );
  });

  it('the endpoint catalog takes only lower-case DNS names with a domain', () => {
    expect(DnsHostName.safeParse('trust.citrixnetworkapi.net').success).toBe(true);
    expect(DnsHostName.safeParse('Trust.citrixnetworkapi.net').success).toBe(false);
    expect(DnsHostName.safeParse('localhost').success).toBe(false);
  });
});
