import { NETSCALER_NAME_MAX } from '../../../shared/schemas/network-names.ts';

/**
 * How long a certkey name the appliance's build accepts. Releases before 13.0
 * refuse names over 31 characters; later ones take 63 (see docs/nitro-facts.md).
 * A version we cannot read gets the shorter limit: every build accepts it.
 */

export const OLDER_BUILD_CERTKEY_NAME_MAX = 31;

/** The release in `show ns version` text ("NetScaler NS14.1: Build 25.56.nc, ..."), or undefined. */
export function releaseOf(version: string): { major: number; minor: number } | undefined {
  const m = /\bNS(\d+)\.(\d+)\b/.exec(version);
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : undefined;
}

export function certkeyNameLimit(version: string): number {
  const release = releaseOf(version);
  return release !== undefined && release.major >= 13 ? NETSCALER_NAME_MAX : OLDER_BUILD_CERTKEY_NAME_MAX;
}
