import type { EndpointGroup } from './schemas/endpoint-catalog.ts';
import type { TroubleshootingId } from './cloud-connect-guide.ts';

/**
 * Every way a Check Connectivity probe can end badly (or well with a caveat),
 * with the plain message and the fix shown to the admin. Engine, renderer,
 * CLI and exported reports all take their words from here.
 *
 * Templates use {placeholders}; the classifier fills them with facts from the
 * probe (host, proxy, status, issuer, ...). `step` is the line used in the
 * run's ordered "next steps", where {hosts} lists every affected host.
 * `rank` orders those steps: what blocks everything else comes first.
 * `console` is the wording NetScaler Console's own check shows for the same
 * condition, so an admin can match the two tools. The documentation gives two
 * such messages and says what each means, so a code carries one only when its
 * cause is that meaning: "SSL certificate verification failed" is an
 * SSL-intercepting proxy whose CA Console lacks; "Required service URL not
 * reachable" is a proxy that does not work or a URL the network does not
 * allow. DNS, routing, HTTP and other certificate problems carry none.
 * `troubleshooting` links the guide's entries (cloud-connect-guide.ts) that
 * speak to the failure.
 */
export interface DiagnosticEntry {
  kind: 'failure' | 'warning';
  phase: 'dns' | 'tcp' | 'proxy-connect' | 'tls' | 'http' | 'run';
  rank: number;
  title: string;
  message: string;
  fix: string;
  step: string;
  console?: 'SSL certificate verification failed' | 'Required service URL not reachable';
  troubleshooting?: readonly TroubleshootingId[];
}

const NOT_REACHABLE = 'Required service URL not reachable' as const;
const SSL_FAILED = 'SSL certificate verification failed' as const;
/** The proxy does not work: the second error message's first cause. */
const PROXY_BROKEN = ['required-service-url-not-reachable'] as const;
/** The network does not allow the URL: the second message's other cause, and the "Endpoints blocked" entry. */
const NOT_ALLOWED = ['required-service-url-not-reachable', 'endpoints-blocked'] as const;

export const DIAGNOSTIC_CATALOG = {
  proxy_unreachable: {
    kind: 'failure',
    phase: 'tcp',
    rank: 10,
    console: NOT_REACHABLE,
    troubleshooting: PROXY_BROKEN,
    title: 'Proxy unreachable',
    message: 'Fieldkit could not reach the proxy {proxy}: {detail}.',
    fix: 'Check the proxy address {proxy} (its host and port in the proxy profile, or --proxy on the command line), and that this machine may connect to it.',
    step: 'Make the proxy {proxy} reachable from this machine, or correct its host and port in the proxy profile.',
  },
  proxy_bad_response: {
    kind: 'failure',
    phase: 'proxy-connect',
    rank: 11,
    console: NOT_REACHABLE,
    troubleshooting: PROXY_BROKEN,
    title: 'Proxy did not answer CONNECT',
    message: 'The proxy {proxy} accepted the connection but did not answer the CONNECT request for {host}:{port} properly: {detail}.',
    fix: 'Check that {proxy} is an HTTP forward proxy port (not a TLS, SOCKS or web server port) and that it supports CONNECT.',
    step: 'Check that {proxy} is an HTTP forward proxy that supports CONNECT.',
  },
  proxy_auth_required: {
    kind: 'failure',
    phase: 'proxy-connect',
    rank: 12,
    console: NOT_REACHABLE,
    troubleshooting: PROXY_BROKEN,
    title: 'Proxy requires authentication',
    message: 'The proxy {proxy} answered 407: it requires authentication ({detail}) and Fieldkit sent no credentials.',
    fix: 'Add the proxy username to the proxy profile and save its password in the keychain (CLI: FIELDKIT_PROXY_PASSWORD). Cloud Connect supports Basic authentication only.',
    step: 'Give the proxy profile a username and password: the proxy {proxy} requires authentication.',
  },
  proxy_auth_rejected: {
    kind: 'failure',
    phase: 'proxy-connect',
    rank: 13,
    console: NOT_REACHABLE,
    troubleshooting: PROXY_BROKEN,
    title: 'Proxy credentials rejected',
    message: 'The proxy {proxy} rejected the credentials for user {username} (407 after Basic authentication was sent; {detail}).',
    fix: 'Check the username and password in the proxy profile. If the proxy only offers NTLM or Kerberos, ask for Basic authentication: Cloud Connect supports Basic only.',
    step: 'Correct the proxy username or password: the proxy {proxy} rejected them.',
  },
  proxy_denied: {
    kind: 'failure',
    phase: 'proxy-connect',
    rank: 20,
    console: NOT_REACHABLE,
    troubleshooting: NOT_ALLOWED,
    title: 'Proxy denied the destination',
    message: 'The proxy {proxy} refused to connect to {host}:{port} ({detail}): the URL is not allowed on the proxy.',
    fix: 'Ask the proxy team to allow {pattern} on port {port} (HTTPS CONNECT, and no SSL inspection block for it).',
    step: 'Ask the proxy team to allow these destinations on port 443: {hosts}.',
  },
  proxy_upstream_failed: {
    kind: 'failure',
    phase: 'proxy-connect',
    rank: 21,
    console: NOT_REACHABLE,
    troubleshooting: PROXY_BROKEN,
    title: 'Proxy could not reach the destination',
    message: 'The proxy {proxy} accepted the request but could not reach {host}:{port} itself ({detail}).',
    fix: 'The problem is beyond the proxy: ask the proxy team to check its DNS and outbound firewall for {host} on port {port}.',
    step: 'Ask the proxy team why the proxy cannot reach: {hosts}.',
  },
  dns_not_found: {
    kind: 'failure',
    phase: 'dns',
    rank: 30,
    troubleshooting: ['endpoints-blocked'],
    title: 'DNS name not found',
    message: 'The DNS server says {host} does not exist ({detail}).',
    fix: "Check that this network's DNS resolves public names (or that a proxy is configured if only the proxy resolves them). A split-DNS or filtering DNS may hide {host}.",
    step: "Make these names resolve in this network's DNS (or use the site proxy): {hosts}.",
  },
  dns_timeout: {
    kind: 'failure',
    phase: 'dns',
    rank: 31,
    title: 'DNS timeout',
    message: 'No DNS answer for {host} within {timeoutMs} ms ({detail}).',
    fix: 'Check that the DNS servers configured on this machine are reachable. Networks without public DNS usually need the site proxy.',
    step: 'Fix DNS resolution (no answer in time) for: {hosts}.',
  },
  dns_failed: {
    kind: 'failure',
    phase: 'dns',
    rank: 32,
    title: 'DNS lookup failed',
    message: 'The DNS lookup for {host} failed: {detail}.',
    fix: 'Check the DNS servers configured on this machine; the server refused or failed the query.',
    step: 'Fix DNS resolution (server error) for: {hosts}.',
  },
  tcp_refused: {
    kind: 'failure',
    phase: 'tcp',
    rank: 40,
    console: NOT_REACHABLE,
    troubleshooting: NOT_ALLOWED,
    title: 'Connection refused',
    message: 'The connection to {host} ({address}) on port {port} was refused.',
    fix: 'Something on the path actively rejects port {port} to {host}: ask the firewall team to allow outbound TCP {port} to it, or use the site proxy.',
    step: 'Allow outbound TCP 443 (or route through the proxy) to: {hosts}.',
  },
  tcp_timeout: {
    kind: 'failure',
    phase: 'tcp',
    rank: 41,
    console: NOT_REACHABLE,
    troubleshooting: NOT_ALLOWED,
    title: 'Connection timed out',
    message: 'No answer from {host} ({address}) on port {port} within {timeoutMs} ms.',
    fix: 'A firewall probably drops the traffic silently: ask for outbound TCP {port} to {host} to be allowed, or configure the site proxy.',
    step: 'Allow outbound TCP 443 (or route through the proxy) to: {hosts}.',
  },
  tcp_unreachable: {
    kind: 'failure',
    phase: 'tcp',
    rank: 42,
    title: 'Network unreachable',
    message: 'This machine has no route to {host} ({address}): {detail}.',
    fix: 'Check the default gateway and routing on this network; a proxy is probably required to reach the internet.',
    step: 'Fix routing (or use the site proxy) to reach: {hosts}.',
  },
  tls_intercepted_untrusted: {
    kind: 'failure',
    phase: 'tls',
    rank: 50,
    console: SSL_FAILED,
    troubleshooting: ['ssl-certificate-verification-failed'],
    title: 'TLS intercepted by {interceptor}',
    message:
      'The certificate for {host} was issued by "{issuer}", not by a public CA: the traffic is intercepted{productClause}, and that CA is not trusted.',
    fix: 'Save the interception CA certificate (PEM) and upload it to NetScaler Console (Cloud Connect proxy CA certificate, 14.1-66.x or later); add it to this proxy profile too. Or ask the proxy team to exempt {pattern} from SSL inspection.',
    step: 'Upload the interception CA "{issuer}" to NetScaler Console (and to the proxy profile), or exempt these hosts from SSL inspection: {hosts}.',
  },
  tls_hostname_mismatch: {
    kind: 'failure',
    phase: 'tls',
    rank: 51,
    title: 'Certificate does not match the host name',
    message: 'The certificate presented for {host} is for {certNames}, not {host}.',
    fix: "Something answers for {host} with another site's certificate: check DNS overrides, hosts files and transparent redirects on the path.",
    step: 'Find what answers with the wrong certificate for: {hosts}.',
  },
  tls_cert_expired: {
    kind: 'failure',
    phase: 'tls',
    rank: 52,
    title: 'Certificate expired or not yet valid',
    message: 'A certificate presented for {host} is outside its validity period ({detail}).',
    fix: "Check this machine's clock first; if it is right, something on the path presents an outdated certificate (an old interception CA, for example).",
    step: 'Check the clock and any certificate presented by devices on the path for: {hosts}.',
  },
  tls_untrusted: {
    kind: 'failure',
    phase: 'tls',
    rank: 53,
    title: 'Certificate not trusted',
    message: 'The certificate chain presented for {host} is not trusted: {detail}.',
    fix: 'If a device on the path presents its own certificate, add its CA to the trust (CA files or proxy profile) and upload it to Console; otherwise find what answers for {host}.',
    step: 'Find out who presents an untrusted certificate for: {hosts}.',
  },
  tls_handshake_failed: {
    kind: 'failure',
    phase: 'tls',
    rank: 54,
    console: NOT_REACHABLE,
    troubleshooting: NOT_ALLOWED,
    title: 'TLS handshake failed',
    message: 'The TLS handshake with {host} failed: {detail}.',
    fix: 'A device on the path probably blocks TLS to {host} by name (SNI filtering) or is not a TLS server: ask the firewall or proxy team to allow it.',
    step: 'Ask the firewall or proxy team to allow TLS to: {hosts}.',
  },
  http_no_response: {
    kind: 'failure',
    phase: 'http',
    rank: 60,
    title: 'No HTTP answer',
    message: 'TLS to {host} worked but no HTTP answer came back: {detail}.',
    fix: 'A device on the path may hold the request (content inspection) or the service is slow: retry, and check inspection policies for {host}.',
    step: 'Retry later, and check content inspection policies for: {hosts}.',
  },
  http_error: {
    kind: 'failure',
    phase: 'http',
    rank: 61,
    title: 'HTTP error',
    message: '{host} answered HTTP {status}: the network path works but the service returned an error.',
    fix: 'Retry in a few minutes; if it persists, check the Citrix Cloud status page and open a case with Citrix.',
    step: 'Retry later; the service answered with an error for: {hosts}.',
  },
  not_checked: {
    kind: 'failure',
    phase: 'run',
    rank: 90,
    title: 'Not checked',
    message: 'The check of {host} was cancelled before it finished.',
    fix: 'Run the check again.',
    step: 'Run the check again for: {hosts}.',
  },
  tls_intercepted_trusted: {
    kind: 'warning',
    phase: 'tls',
    rank: 70,
    troubleshooting: ['ssl-certificate-verification-failed'],
    title: 'TLS inspected by {interceptor} (trusted)',
    message:
      'The traffic to {host} is intercepted{productClause}: the certificate was issued by "{issuer}", which this check trusts ({anchorSource}).',
    fix: 'NetScaler Console must trust the same CA: upload "{issuer}" as the Cloud Connect proxy CA certificate (Console 14.1-66.x or later), or exempt {pattern} from SSL inspection.',
    step: 'Upload the inspection CA "{issuer}" to NetScaler Console: traffic to these hosts is inspected: {hosts}.',
  },
  domain_level_only: {
    kind: 'warning',
    phase: 'run',
    rank: 80,
    title: 'Checked at domain level only',
    message: '{pattern} is tenant-specific and no Console service URL was given, so only {host} was checked.',
    fix: "Enter your Console service URL (<name>{suffix}) to check your tenant's own host.",
    step: "Enter your Console service URL to check your tenant's own host; these were checked at domain level only: {hosts}.",
  },
} as const satisfies Record<string, DiagnosticEntry>;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CATALOG;
export const DIAGNOSTIC_CODES = Object.keys(DIAGNOSTIC_CATALOG) as [DiagnosticCode, ...DiagnosticCode[]];

export type TemplateVars = Record<string, string | number | undefined>;

/** Fills {placeholders}; a missing value reads as "unknown" rather than a raw brace. */
export function fillTemplate(template: string, vars: TemplateVars): string {
  return template.replace(/\{([a-zA-Z]+)\}/g, (_, name: string) => {
    const v = vars[name];
    return v === undefined || v === '' ? 'unknown' : String(v);
  });
}

export interface RenderedDiagnostic {
  code: DiagnosticCode;
  kind: 'failure' | 'warning';
  phase: DiagnosticEntry['phase'];
  title: string;
  message: string;
  fix: string;
  console?: string;
  troubleshooting?: TroubleshootingId[];
}

export function renderDiagnostic(code: DiagnosticCode, vars: TemplateVars): RenderedDiagnostic {
  const entry: DiagnosticEntry = DIAGNOSTIC_CATALOG[code];
  const out: RenderedDiagnostic = {
    code,
    kind: entry.kind,
    phase: entry.phase,
    title: fillTemplate(entry.title, vars),
    message: fillTemplate(entry.message, vars),
    fix: fillTemplate(entry.fix, vars),
  };
  if (entry.console) out.console = entry.console;
  if (entry.troubleshooting) out.troubleshooting = [...entry.troubleshooting];
  return out;
}

/**
 * Adds the entries that depend on what the failing host is for: a host
 * Console itself must reach keeps the licence (LAS) entitlement renewing; a
 * sign-in host is what the browser's sign-in pop-up opens.
 */
export function troubleshootingFor(diagnostic: RenderedDiagnostic, group: EndpointGroup | 'allowlist'): TroubleshootingId[] {
  const ids = [...(diagnostic.troubleshooting ?? [])];
  if (diagnostic.kind === 'failure' && diagnostic.code !== 'not_checked') {
    if (group === 'trust-service' || group === 'console-service' || group === 'customer-details') ids.push('las-grace-period');
    if (group === 'cloud-sign-in') ids.push('popup-blocked');
  }
  return [...new Set(ids)];
}
