import { adviseForBuild, BuildParseError, formatBuild, parseConsoleBuild } from '../../../shared/cloud-connect-builds.ts';
import { onboardingSteps, prerequisitesFor } from '../../../shared/cloud-connect-guide.ts';
import { ONBOARDING_NOT_CONFIRMED, PENDING_UNTIL_LOGIN } from '../../../shared/cloud-connect-status-words.ts';
import { regionInfo } from '../../../shared/regions.ts';
import type { Site } from '../../../shared/schemas/sites.ts';

/** Terminal words for `fieldkit site`: one line per site, and a site in full. */

const ACTION_WORDS: Record<Site['actions'][number]['kind'], string> = {
  connected: 'Connected ("Login Successful")',
  'modify-tenant': 'Modify Tenant',
  'modify-proxy': 'Modify Proxy',
  disconnect: 'Disconnect',
};

function when(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}

/** How far the onboarding got, in one phrase. */
export function onboardingText(site: Site): string {
  const { workflow, steps, confirmedAt } = site.onboarding;
  const last = site.actions.at(-1);
  if (last?.kind === 'disconnect') return `disconnected ${when(last.at)}`;
  if (confirmedAt) return `connected ${when(confirmedAt)}`;
  if (workflow === undefined) return `${ONBOARDING_NOT_CONFIRMED.toLowerCase()} (no workflow chosen)`;
  const all = onboardingSteps({ region: site.region, hasProxy: site.proxyProfileId !== undefined, workflow });
  const done = all.filter((s) => steps[s.id]).length;
  return `${ONBOARDING_NOT_CONFIRMED.toLowerCase()} (workflow ${workflow}, ${done} of ${all.length} steps)`;
}

export function formatSiteList(sites: Site[], activeSiteId: string | undefined): string {
  if (sites.length === 0) return 'No sites. Add one with "fieldkit site add <name> --region commercial|gov|japan".';
  return sites
    .map((s) => {
      const parts = [
        regionInfo(s.region).label,
        s.ccid ? `CCID ${s.ccid}` : undefined,
        s.consoleBuild ? normalisedBuild(s.consoleBuild) : undefined,
        onboardingText(s),
      ];
      return `${s.id === activeSiteId ? '*' : ' '} ${s.name}: ${parts.filter(Boolean).join('; ')}`;
    })
    .join('\n');
}

/** The build as `site show` and `cloudconnect features` write it (14.1-66.12); a site saved before builds were checked keeps its words. */
function normalisedBuild(text: string): string {
  try {
    return formatBuild(parseConsoleBuild(text));
  } catch (err) {
    if (err instanceof BuildParseError) return text;
    throw err;
  }
}

function buildText(text: string): string {
  try {
    const advice = adviseForBuild(parseConsoleBuild(text));
    if (!advice.documented) return `${text}: not documented. ${advice.reason}`;
    const features = advice.row.features.length ? advice.row.features.join(', ') : 'none (NA)';
    return `${formatBuild(advice.build)}: ${features} through Cloud Connect (documented as "${advice.row.label}")`;
  } catch (err) {
    if (err instanceof BuildParseError) return `${text} (${err.message})`;
    throw err;
  }
}

export function formatSiteShow(site: Site, active: boolean): string {
  const { workflow, steps, prerequisites, confirmedAt } = site.onboarding;
  const hasProxy = site.proxyProfileId !== undefined;
  const prereqs = prerequisitesFor({ workflow, hasProxy });
  const lines = [
    `${site.name}${active ? ' (active)' : ''}`,
    `  Region:       ${regionInfo(site.region).label}`,
    `  CCID:         ${site.ccid ?? 'not set'}`,
    `  Service URL:  ${site.serviceUrl ?? 'not set'}`,
    `  Console:      ${site.consoleAddress ?? 'not set'}`,
    `  Build:        ${site.consoleBuild ? buildText(site.consoleBuild) : 'not set'}`,
    `  Proxy:        ${site.proxyProfileId ? `proxy profile ${site.proxyProfileId}` : 'none (Console goes direct)'}`,
  ];
  if (site.notes) lines.push(`  Notes:        ${site.notes.split(/\r?\n/).join('\n                ')}`);
  const awaitingLogin = !confirmedAt && site.actions.at(-1)?.kind !== 'disconnect';
  lines.push(
    `  Onboarding:   ${onboardingText(site).replace(/^onboarding /, '')}${awaitingLogin ? `; ${PENDING_UNTIL_LOGIN} (fieldkit site record "${site.name}" connected)` : ''}`,
  );
  lines.push(`  Prerequisites: ${prereqs.filter((p) => prerequisites[p.id]).length} of ${prereqs.length} met`);
  if (workflow !== undefined) {
    for (const step of onboardingSteps({ region: site.region, hasProxy, workflow })) {
      lines.push(`    [${steps[step.id] ? 'x' : ' '}] ${step.text}`);
    }
  }
  if (confirmedAt) lines.push(`  Confirmed Connected: ${when(confirmedAt)}`);
  if (site.actions.length) {
    lines.push('  Actions in Console:');
    for (const a of site.actions) lines.push(`    ${when(a.at)}  ${ACTION_WORDS[a.kind]}${a.note ? `: ${a.note}` : ''}`);
  }
  return lines.join('\n');
}
