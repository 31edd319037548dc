/**
 * What the simulated appliance's build decides. The version string is the one
 * `show ns version` prints ("NetScaler NS14.1: Build 25.56.nc, ..."). Kept
 * apart from the client's own reading of it, so a test can catch the client
 * getting the rule wrong.
 */

/** Release (major.minor) of a version string; undefined when it names none. */
export function releaseOf(version: string): { major: number; minor: number } | undefined {
  const m = /NS(\d+)\.(\d+)/.exec(version);
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : undefined;
}

/**
 * Longest certkey name the build accepts: 31 characters before release 13.0
 * (ns-letsencrypt#6 on 12.1; the ingress controller reads 31 from the error),
 * 63 from 13.0 on. An unreadable version gets the older, stricter limit.
 */
export function certkeyNameMax(version: string): number {
  const r = releaseOf(version);
  return r !== undefined && r.major >= 13 ? 63 : 31;
}
