import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startAllowlistFake } from '../support/allowlist-api-fake.ts';
import { createRootCa, issueCertificate } from '../support/test-pki.ts';

/**
 * Runs the AllowList API fake until Ctrl-C, for rehearsing a fetch by hand:
 *
 *   npm run allowlist-fake -- --ca-out /tmp/fake-ca.pem
 *   NODE_EXTRA_CA_CERTS=/tmp/fake-ca.pem fieldkit allowlist fetch --base-url https://127.0.0.1:PORT/connectivity ...
 */
const USAGE = `Usage: run-fake [options]
  --port N           listen port (default: random)
  --ca-out FILE      write the CA certificate (PEM) that issued the server's certificate to FILE
  --limit N          requests allowed per window before 429 (default 5)
  --window-ms MS     the rate limit's window (default 60000)
  --retry-after K    how a 429 says when to come back: seconds, date or none (default seconds)
  --malform KIND     answer not-json, wrong-shape or huge instead of the allowlist
  --help`;

function fail(message: string): never {
  process.stderr.write(`run-fake: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function intOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) fail(`--${name} must be a whole number, got "${value}"`);
  return n;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        'ca-out': { type: 'string' },
        limit: { type: 'string' },
        'window-ms': { type: 'string' },
        'retry-after': { type: 'string' },
        malform: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (err) {
    fail((err as Error).message);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const retryAfter = values['retry-after'];
  if (retryAfter !== undefined && !['seconds', 'date', 'none'].includes(retryAfter)) fail('--retry-after must be seconds, date or none');
  const malform = values.malform;
  if (malform !== undefined && !['not-json', 'wrong-shape', 'huge'].includes(malform))
    fail('--malform must be not-json, wrong-shape or huge');

  const ca = await createRootCa({ commonName: 'Fieldkit AllowList fake CA' });
  const leaf = await issueCertificate(ca, { commonName: 'localhost', altNames: ['localhost', '127.0.0.1'] });
  const port = intOption(values.port, 'port');
  const limit = intOption(values.limit, 'limit');
  const windowMs = intOption(values['window-ms'], 'window-ms');
  const fake = await startAllowlistFake({
    chainPem: leaf.certPem,
    keyPem: leaf.keyPem,
    ...(port !== undefined ? { port } : {}),
    ...(limit !== undefined ? { limit } : {}),
    ...(windowMs !== undefined ? { windowMs } : {}),
    ...(retryAfter ? { retryAfter: retryAfter as 'seconds' | 'date' | 'none' } : {}),
  });
  if (malform) fake.malform = malform as 'not-json' | 'wrong-shape' | 'huge';
  if (values['ca-out']) writeFileSync(values['ca-out'], ca.certPem);
  process.stdout.write(`AllowList API fake at ${fake.baseUrl}\n`);
  process.stdout.write(values['ca-out'] ? `Trust it with NODE_EXTRA_CA_CERTS=${values['ca-out']}\n` : 'Give --ca-out FILE to trust it.\n');
  const stop = () => void fake.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
