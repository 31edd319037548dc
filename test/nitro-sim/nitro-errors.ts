/**
 * The NITRO errorcodes the simulator answers with, and the HTTP status each
 * travels with. Codes marked "documented" appear in the NITRO reference or in
 * responses captured from real appliances in public tools; codes marked
 * "simulator choice" are ones no public source names, so we picked a plausible
 * value. A client must never special-case a "simulator choice" code: it should
 * treat it as a generic NetScaler failure.
 */
export const NITRO_ERRORS = {
  // documented
  NO_SUCH_RESOURCE: { code: 258, message: 'No such resource' },
  // The same certificate under a second certkey name also answers 273, naming the holder:
  // "Resource already exists [certkeyName Contents, <existing>]" (ansible-collection-netscaleradc#402).
  RESOURCE_EXISTS: { code: 273, message: 'Resource already exists' },
  INVALID_ARGUMENT: { code: 278, message: 'Invalid argument' },
  BAD_CREDENTIALS: { code: 354, message: 'Invalid username or password' },
  NOT_PRIMARY: { code: 368, message: 'Operation permitted only on primary' },
  SESSION_EXPIRED: { code: 444, message: 'Session expired or killed. Please login again' },
  NOT_LOGGED_IN: { code: 1027, message: 'Not logged in or connection timed out' },
  STRING_TOO_LONG: { code: 1106, message: 'String length exceeds maximum' },
  // "Required argument missing [name]", HTTP 400 (captured in the netscaler Ruby gem's specs).
  REQUIRED_ARG_MISSING: { code: 1095, message: 'Required argument missing' },
  SAVE_IN_PROGRESS: { code: 1461, message: 'Max concurrent save configs in progress' },
  BAD_PRIVATE_KEY: { code: 1537, message: 'Invalid private key, or PEM pass phrase required' },
  KEY_MISMATCH: { code: 1538, message: 'Certificate and private key do not match' },
  NO_SUCH_CERTKEY: { code: 1540, message: 'Certificate does not exist' },
  CERTKEY_REFERENCED: { code: 1541, message: 'Certificate is referenced by a vserver, service or another certificate' },
  NO_SUCH_BINDING: { code: 1542, message: 'Certificate binding does not exist' },
  LINK_TO_SELF: { code: 1543, message: "Certificate can't be linked to the same certificate" },
  NO_CA_LINK: { code: 1545, message: 'Certificate does not have any CA link' },
  FILE_EXISTS: { code: 1642, message: 'File already exists' },
  FILE_NOT_PRESENT: { code: 1647, message: 'Input file(s) not present or not accessible in current partition' },
  NO_SUCH_PARTITION: { code: 2755, message: 'Partition does not exist' },
  DOMAIN_MISMATCH: { code: 3585, message: 'Certificate is registered to a different domain. Use the -noDomainCheck option' },
  // simulator choice: ENOSPC's errno, since no public source shows the code a full /nsconfig gives
  DISK_FULL: { code: 28, message: 'No space left on device' },
  // simulator choice: neighbour of the documented certificate codes
  INVALID_CERTIFICATE: { code: 1536, message: 'Invalid certificate' },
  // simulator choice: the appliance refuses a link to a CA that did not sign the certificate
  LINK_NOT_ISSUER: { code: 1544, message: 'Certificate cannot be linked: the CA certificate is not its issuer' },
  // simulator choice: the formats the simulator does not model
  UNSUPPORTED: { code: 1, message: 'Operation not supported' },
} as const;

export type NitroErrorKey = keyof typeof NITRO_ERRORS;

/** HTTP status per errorcode; everything else is a NetScaler-specific 599. */
const STATUS_BY_CODE: ReadonlyMap<number, number> = new Map([
  [258, 404],
  [1540, 404],
  [273, 409],
  [1642, 409],
  [278, 400],
  [1106, 400],
  [1095, 400],
  [354, 401],
  [444, 401],
  [1027, 401],
]);

export function statusForErrorcode(code: number): number {
  return STATUS_BY_CODE.get(code) ?? 599;
}

/** Thrown inside request handlers; the server turns it into a NITRO error envelope. */
export class NitroError extends Error {
  readonly errorcode: number;
  readonly status: number;

  constructor(key: NitroErrorKey, detail?: string, status?: number) {
    const e = NITRO_ERRORS[key];
    super(detail ? `${e.message} [${detail}]` : e.message);
    this.errorcode = e.code;
    this.status = status ?? statusForErrorcode(e.code);
  }
}
