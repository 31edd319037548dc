import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { FieldkitError } from '../../../shared/fieldkit-error.ts';
import { ApplianceProfile, type ApplianceProfileInput } from '../../../shared/schemas/certificates.ts';
import type { ApplianceRef } from '../../services/engine.ts';

/**
 * The flags every `fieldkit cert` command shares: which appliances, how they
 * are trusted, the timeout. The password comes from FIELDKIT_APPLIANCE_PASSWORD
 * (never argv), a PFX or key passphrase from FIELDKIT_PFX_PASSPHRASE /
 * FIELDKIT_KEY_PASSPHRASE.
 */

export const PASSWORD_ENV = 'FIELDKIT_APPLIANCE_PASSWORD';
export const PFX_PASSPHRASE_ENV = 'FIELDKIT_PFX_PASSPHRASE';
export const KEY_PASSPHRASE_ENV = 'FIELDKIT_KEY_PASSPHRASE';

export interface ApplianceFlags {
  appliance: string[];
  user?: string;
  partition?: string;
  ca?: string;
  pin: string[];
  peer?: string;
  peerPin?: string;
  timeout?: string;
  json?: boolean;
}

export function badInput(message: string, hint?: string, field?: string): FieldkitError {
  return new FieldkitError('INVALID_INPUT', message, { ...(hint ? { hint } : {}), ...(field ? { field } : {}) });
}

export const collect = (value: string, previous: string[]) => [...previous, value];

export function withApplianceOptions(cmd: Command): Command {
  return cmd
    .option('--appliance <url>', 'appliance management address, https://host[:port] (repeat for several)', collect, [])
    .option('--user <name>', 'NITRO user name')
    .option('--partition <name>', 'admin partition')
    .option('--ca <file>', "PEM file of the CA that issued the appliances' management certificates")
    .option(
      '--pin <sha256>',
      "SHA-256 fingerprint of an appliance's own certificate (repeat in --appliance order, or give one for all)",
      collect,
      [],
    )
    .option('--peer <url>', 'the HA secondary, to confirm it received the certificate (one appliance only)')
    .option('--peer-pin <sha256>', "SHA-256 fingerprint of the secondary's certificate (with --pin)")
    .option('--timeout <seconds>', 'per-request timeout in seconds', '30')
    .option('--json', 'machine-readable output');
}

/** `passwordOptional`: saving a profile, whose password may be saved later (`fieldkit secret set appliance-password`). */
export function parseAppliances(
  o: ApplianceFlags,
  env: NodeJS.ProcessEnv,
  opts: { passwordOptional?: boolean } = {},
): Array<ApplianceRef & { profile: ApplianceProfileInput }> {
  if (o.appliance.length === 0) throw badInput('No appliance given.', 'Add --appliance https://<nsip>[:port].', 'appliance');
  if (!o.user) throw badInput('No NITRO user given.', 'Add --user <name>.', 'user');
  if ((o.ca === undefined) === (o.pin.length === 0))
    throw badInput(
      'Give exactly one way to trust the appliances: --ca FILE or --pin SHA256.',
      'TLS verification is never turned off.',
      'trust',
    );
  if (o.pin.length > 1 && o.pin.length !== o.appliance.length)
    throw badInput(
      `${o.pin.length} --pin values for ${o.appliance.length} appliances.`,
      'Give one --pin per --appliance, in the same order, or one for all.',
      'pin',
    );
  const password = env[PASSWORD_ENV] ?? '';
  if (!password && !opts.passwordOptional)
    throw badInput(`No appliance password: set ${PASSWORD_ENV}.`, 'The password is never read from the command line.', 'password');
  let caPem: string | undefined;
  if (o.ca !== undefined) {
    try {
      caPem = readFileSync(o.ca, 'utf8');
    } catch (err) {
      throw badInput(`The CA file ${o.ca} could not be read (${(err as NodeJS.ErrnoException).code ?? 'error'}).`, undefined, 'ca');
    }
  }
  const profileOf = (url: string, i: number, pin: string | undefined, idPrefix: string): ApplianceProfileInput => {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      throw badInput(`"${url}" is not an address.`, 'Use https://<nsip>[:port].', 'appliance');
    }
    if (u.protocol !== 'https:')
      throw badInput(`"${url}" is not https.`, 'NITRO is reached over HTTPS only; use https://<nsip>[:port].', 'appliance');
    const input: ApplianceProfileInput = {
      id: `${idPrefix}-${i + 1}`,
      host: u.hostname.replace(/^\[|\]$/g, ''),
      port: u.port ? Number(u.port) : 443,
      username: o.user!,
      trust: caPem !== undefined ? { mode: 'ca', caPem } : { mode: 'pinned', fingerprint256: pin ?? '' },
      ...(o.partition ? { partition: o.partition } : {}),
    };
    const r = ApplianceProfile.safeParse(input);
    if (!r.success) {
      const issue = r.error.issues[0];
      throw badInput(`${url}: ${issue?.path.join('.') || 'appliance'}: ${issue?.message ?? 'invalid'}`, undefined, 'appliance');
    }
    return input;
  };
  const refs = o.appliance.map((url, i) => ({ profile: profileOf(url, i, o.pin.length > 1 ? o.pin[i] : o.pin[0], 'cli'), password }));
  if (o.peer !== undefined) {
    if (refs.length !== 1) throw badInput('--peer works with one --appliance only.', undefined, 'peer');
    return [{ ...refs[0]!, peer: profileOf(o.peer, 0, o.peerPin ?? o.pin[0], 'cli-peer') }];
  }
  return refs;
}

export function timeoutOf(o: ApplianceFlags): number {
  const s = Number(o.timeout ?? '30');
  if (!Number.isFinite(s) || s <= 0 || s > 600)
    throw badInput(`--timeout ${o.timeout} is not a number of seconds between 1 and 600.`, undefined, 'timeout');
  return Math.round(s * 1000);
}
