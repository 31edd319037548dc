import { ProxyProfile } from '../../../shared/schemas/diagnostics.ts';
import { FieldkitError } from '../../../shared/fieldkit-error.ts';

const PROXY_URL = /^(?:([a-z][a-z0-9+.-]*):\/\/)?(?:([^@/]*)@)?(\[[0-9a-fA-F:.]+\]|[^:/@\s]+)(?::(\d{1,5}))?\/?$/i;

function invalid(message: string, hint?: string): FieldkitError {
  return new FieldkitError('DIAG_INVALID_PROXY', message, { field: 'proxy', ...(hint !== undefined ? { hint } : {}) });
}

/** Everything between "user:" and the last "@" of a proxy URL, well-formed or not: a password typed where it should not be. */
const USERINFO_PASSWORD = /^((?:[a-z][a-z0-9+.-]*:\/\/)?[^:@/\s]*):(.*)@/i;

/** The password a proxy URL carries, if any, so it can be registered for redaction before anything quotes the URL. */
export function passwordInProxyUrl(input: string): string | undefined {
  return USERINFO_PASSWORD.exec(input.trim())?.[2] || undefined;
}

/** The URL as it may be quoted back to the user: a password in it is masked, even when the URL is malformed. */
function shown(input: string): string {
  return input.trim().replace(USERINFO_PASSWORD, '$1:[redacted]@');
}

/**
 * Reads a proxy given as a URL (`http://[user@]host:port`, or `host:port`) into
 * a proxy profile. A password in the URL is refused outright: command lines end
 * up in shell history and process lists.
 */
export function parseProxyUrl(input: string, caCertificates: string[] = []): ProxyProfile {
  const m = PROXY_URL.exec(input.trim());
  if (!m) throw invalid(`The proxy "${shown(input)}" is not a proxy URL.`, 'Write it as http://host:port or http://user@host:port.');
  const [, scheme = 'http', userinfo, rawHost, rawPort] = m;
  if (scheme.toLowerCase() !== 'http') {
    throw invalid(
      `The proxy scheme "${scheme}" is not supported.`,
      'Cloud Connect uses an HTTP forward proxy: write http://host:port (CONNECT carries the TLS).',
    );
  }
  let username: string | undefined;
  if (userinfo !== undefined) {
    if (userinfo.includes(':'))
      throw invalid(
        'The proxy URL contains a password.',
        'Remove it from the URL and put it in the FIELDKIT_PROXY_PASSWORD environment variable (or the keychain).',
      );
    username = decodeURIComponent(userinfo);
  }
  if (rawPort === undefined)
    throw invalid(`The proxy "${shown(input)}" has no port.`, 'Add the port the proxy listens on, e.g. http://proxy.example.com:8080.');
  const parsed = ProxyProfile.safeParse({
    type: caCertificates.length ? 'explicit-ssl-intercepting' : 'explicit',
    host: rawHost!.replace(/^\[|\]$/g, ''),
    port: Number(rawPort),
    ...(username !== undefined ? { username } : {}),
    ...(caCertificates.length ? { caCertificates } : {}),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new FieldkitError('DIAG_INVALID_PROXY', `The proxy "${shown(input)}" is not valid: ${issue.message}`, {
      field: ['proxy', ...issue.path.map(String)].join('.'),
    });
  }
  return parsed.data;
}
