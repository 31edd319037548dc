/**
 * How long a certkey name the appliance accepts: 63 characters, 31 on older
 * builds (errorcode 3877 otherwise). The version is read only when a plan
 * would create a name longer than 31.
 */

/** What every build accepts. */
export const SHORT_CERTKEY_NAME_MAX = 31;
export const CERTKEY_NAME_MAX = 63;

/** `version` as NITRO's nsversion gives it ("NetScaler NS13.1: Build 49.13.nc, ..."). Unknown text: the safe, shorter limit. */
export function certkeyNameLimit(version: string): number {
  const m = /NS(\d+)\.(\d+)/.exec(version);
  if (!m) return SHORT_CERTKEY_NAME_MAX;
  const [major, minor] = [Number(m[1]), Number(m[2])];
  return major > 12 || (major === 12 && minor >= 1) ? CERTKEY_NAME_MAX : SHORT_CERTKEY_NAME_MAX;
}
