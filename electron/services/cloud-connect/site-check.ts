import { FieldkitError, isFieldkitError } from '../../../shared/fieldkit-error.ts';
import type { RefreshResult } from '../../../shared/schemas/cloud-connect-status.ts';
import type { SavedProxyProfile } from '../../../shared/schemas/profiles.ts';
import type { Site } from '../../../shared/schemas/sites.ts';
import type { DiagnosticsApi } from '../diagnostics/diagnostics-api.ts';
import type { SavedProfiles } from '../profiles/saved-profiles.ts';
import type { TaskControl } from '../tasks/task-control.ts';
import { refreshFromRun, refreshNotRun } from './refresh-result.ts';

export interface SiteCheckDeps {
  diagnostics: Pick<DiagnosticsApi, 'run'>;
  proxies: SavedProfiles<SavedProxyProfile>;
  now: () => Date;
}

/**
 * A password for a saved proxy profile with a user but none in the keychain
 * (no keychain on a jump host, a service user): the CLI's
 * FIELDKIT_PROXY_PASSWORD, used for the call only and never stored.
 */
export type ProxyPasswordOverride = string;

/**
 * One refresh of a site: Check Connectivity for its region, CCID and service
 * URL through its proxy profile. When the check cannot run at all (the proxy
 * profile was deleted, its password is not in the keychain, the keychain is
 * locked) the refresh is recorded with the reason and no endpoint is judged.
 * Stopping (Ctrl-C, quitting) is not a refresh: it is passed on.
 */
export async function checkSite(
  site: Site,
  deps: SiteCheckDeps,
  task: TaskControl,
  proxyPassword?: ProxyPasswordOverride,
): Promise<RefreshResult> {
  const at = deps.now().toISOString();
  try {
    if (site.proxyProfileId !== undefined && proxyPassword === undefined) await requireProxyPassword(site.proxyProfileId, deps.proxies);
    const run = await deps.diagnostics.run(
      {
        region: site.region,
        ccid: site.ccid,
        serviceUrl: site.serviceUrl,
        ...(site.proxyProfileId !== undefined
          ? { proxy: { profileId: site.proxyProfileId, ...(proxyPassword !== undefined ? { password: proxyPassword } : {}) } }
          : {}),
      },
      task,
    );
    if (task.signal?.aborted || run.cancelled) throw new FieldkitError('TASK_CANCELLED', 'The refresh was stopped.');
    return refreshFromRun(site.id, run, at);
  } catch (err) {
    if (task.signal?.aborted || (isFieldkitError(err) && err.code === 'TASK_CANCELLED')) throw err;
    return refreshNotRun(site.id, at, reasonNotRun(err));
  }
}

/** A profile with a username but no saved password would only earn a 407 at every endpoint: that is the profile's problem, said once. */
async function requireProxyPassword(profileId: string, proxies: SavedProfiles<SavedProxyProfile>): Promise<void> {
  const profile = proxies.get(profileId);
  if (!('username' in profile) || !profile.username) return;
  if ((await proxies.password(profileId)) === null) {
    throw new FieldkitError(
      'CLOUD_CONNECT_PROXY_PASSWORD_MISSING',
      `The proxy profile "${profile.name ?? profile.id}" has the username ${profile.username} but no password in the keychain, so the site could not be checked.`,
    );
  }
}

function reasonNotRun(err: unknown): string {
  if (isFieldkitError(err))
    return err.code === 'PROFILE_NOT_FOUND' ? "The site's proxy profile no longer exists: pick another one for the site." : err.message;
  return err instanceof Error ? err.message : String(err);
}
