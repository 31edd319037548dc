import type { Site } from '../../../shared/schemas/sites.ts';
import type { CliContext } from '../cli-context.ts';

/**
 * --site NAME on a check or an allowlist command: the site's region, CCID,
 * service URL and proxy, typed once with `fieldkit site add`. A flag given
 * on the command line always wins over the site's value.
 */
export interface SiteDefaults {
  name: string;
  region: Site['region'];
  ccid?: string | undefined;
  serviceUrl?: string | undefined;
  proxyProfileId?: string | undefined;
}

/** The named site's values; an unknown name is SITE_NOT_FOUND (bad input, exit 2). */
export async function siteDefaults(ctx: CliContext, name: string | undefined): Promise<SiteDefaults | undefined> {
  if (name === undefined) return undefined;
  const site = await (await ctx.engine()).sites.get(name);
  return { name: site.name, region: site.region, ccid: site.ccid, serviceUrl: site.serviceUrl, proxyProfileId: site.proxyProfileId };
}

/** The site's saved proxy profile, unless the command line names a proxy of its own. */
export function siteProxy(site: SiteDefaults | undefined, proxyGiven: boolean): { profileId: string } | undefined {
  return !proxyGiven && site?.proxyProfileId ? { profileId: site.proxyProfileId } : undefined;
}

/** One line saying what the site filled in, so the output shows where a value came from. */
export function siteDefaultsNote(
  site: SiteDefaults,
  used: { region: boolean; ccid: boolean; serviceUrl: boolean; proxy: boolean },
): string {
  const parts = [
    used.region ? `region ${site.region}` : undefined,
    used.ccid && site.ccid ? `CCID ${site.ccid}` : undefined,
    used.serviceUrl && site.serviceUrl ? `service URL ${site.serviceUrl}` : undefined,
    used.proxy && site.proxyProfileId ? `proxy profile ${site.proxyProfileId}` : undefined,
  ].filter(Boolean);
  return `site ${site.name}: ${parts.length ? parts.join(', ') : 'nothing used (the flags given win)'}.`;
}
