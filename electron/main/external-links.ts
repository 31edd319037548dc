/**
 * The only sites the app opens in the OS browser: NetScaler and Citrix documentation. One list, here; any other
 * link the page tries to open is dropped, so a compromised page cannot use the shell to launch arbitrary URLs.
 */
export const DOCUMENTATION_HOSTS: readonly string[] = [
  'docs.netscaler.com',
  'docs.citrix.com',
  'developer-docs.netscaler.com',
  'support.citrix.com',
];

/** https, no credentials, no custom port, and a host of the list (exactly: no look-alike subdomains). */
export function isDocumentationUrl(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  return u.protocol === 'https:' && u.username === '' && u.password === '' && u.port === '' && DOCUMENTATION_HOSTS.includes(u.hostname);
}
