import type { ProxyProfile } from '../../../shared/schemas/diagnostics.ts';
import type { SavedProxyProfile } from '../../../shared/schemas/profiles.ts';
import type { SecretRedactor } from '../log/secret-redactor.ts';
import type { SavedProfiles } from '../profiles/saved-profiles.ts';
import { parseProxyUrl, passwordInProxyUrl } from './proxy-url.ts';
import { readCaPems } from './trust-store.ts';

/**
 * The proxy of a request to Citrix Cloud (a check, an allowlist fetch): a
 * saved profile (password from the keychain), or one given for this call
 * only (the CLI's --proxy URL, --proxy-ca files, password from its
 * environment), whose password is registered with the redactor at once.
 */
export type ProxyChoice =
  | {
      profileId: string;
      /** For a profile with a user but no password in the keychain (the CLI's environment): this call only, never stored. */
      password?: string | undefined;
    }
  | { url?: string | undefined; caFiles?: string[] | undefined; password?: string | undefined };

export interface ProxyChoiceDeps {
  proxies: SavedProfiles<SavedProxyProfile>;
  redactor: SecretRedactor;
}

export async function resolveProxyChoice(
  proxy: ProxyChoice | undefined,
  deps: ProxyChoiceDeps,
): Promise<{ profile?: ProxyProfile; password?: string }> {
  if (!proxy) return {};
  if (proxy.password !== undefined) deps.redactor.remember(proxy.password);
  if ('profileId' in proxy) {
    const profile = deps.proxies.get(proxy.profileId);
    const hasUser = 'username' in profile && Boolean(profile.username);
    // The keychain's password wins: the one handed in only stands in where none is saved.
    const password = hasUser ? ((await deps.proxies.password(profile.id)) ?? proxy.password ?? null) : null;
    return { profile, ...(password !== null ? { password } : {}) };
  }
  const typedPassword = proxy.url === undefined ? undefined : passwordInProxyUrl(proxy.url);
  if (typedPassword !== undefined) deps.redactor.remember(typedPassword);
  const caPems = await readCaPems(proxy.caFiles ?? [], 'proxy.caFiles');
  if (proxy.url !== undefined) {
    const profile = parseProxyUrl(proxy.url, caPems);
    const usesPassword = proxy.password !== undefined && 'username' in profile && Boolean(profile.username);
    return { profile, ...(usesPassword ? { password: proxy.password } : {}) };
  }
  return caPems.length ? { profile: { type: 'transparent-ssl-intercepting', caCertificates: caPems } } : {};
}
