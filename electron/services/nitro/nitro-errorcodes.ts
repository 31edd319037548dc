import type { CertificatesErrorCode } from '../../../shared/certificates-error-catalog.ts';

/**
 * The NITRO errorcodes Fieldkit knows, each with what it means in plain words
 * and what to do. Codes not listed here still reach the user with the
 * appliance's own message; only these get a tailored hint or a dedicated code.
 * Code that tests an errorcode names it (NITRO_ERRORCODE.SAVE_IN_PROGRESS), so
 * each number and its meaning are written here only.
 */
export interface NitroErrorcodeInfo {
  errorcode: number;
  message: string;
  hint: string;
  /** A Fieldkit code when the failure has its own meaning for the user; NITRO_REQUEST_FAILED otherwise. */
  code?: CertificatesErrorCode;
}

const KNOWN_ERRORCODES = {
  NO_SUCH_RESOURCE: {
    errorcode: 258,
    message: 'No such resource',
    hint: 'The object named in the request does not exist on the appliance (or not in this partition).',
  },
  RESOURCE_EXISTS: {
    errorcode: 273,
    message: 'Resource already exists',
    hint: 'An object of that name exists already, or (with "certkeyName Contents") the same certificate is installed under the certkey named there; Fieldkit plans around existing objects, so plan again.',
  },
  INVALID_ARGUMENT: {
    errorcode: 278,
    message: 'Invalid argument',
    hint: 'The appliance refused a value in the request; check names (letters, digits, _ . - only) and lengths.',
  },
  BAD_CREDENTIALS: {
    errorcode: 354,
    message: 'Invalid username or password',
    hint: 'Check the NITRO user name and the password saved for this appliance.',
    code: 'APPLIANCE_LOGIN_FAILED',
  },
  NOT_PRIMARY: {
    errorcode: 368,
    message: 'Operation permitted only on primary',
    hint: 'This node is an HA secondary; push to the primary node.',
    code: 'APPLIANCE_IS_SECONDARY',
  },
  SESSION_EXPIRED: {
    errorcode: 444,
    message: 'Session expired or killed',
    hint: 'Log in again; if it keeps happening, raise the NITRO session timeout.',
    code: 'APPLIANCE_SESSION_EXPIRED',
  },
  NOT_LOGGED_IN: {
    errorcode: 1027,
    message: 'Not logged in or connection timed out',
    hint: 'Log in again; if it keeps happening, raise the NITRO session timeout.',
    code: 'APPLIANCE_SESSION_EXPIRED',
  },
  REQUIRED_ARG_MISSING: {
    errorcode: 1095,
    message: 'Required argument missing',
    hint: 'The request left out a value the appliance needs (named in brackets); this is a Fieldkit bug, please report it.',
  },
  STRING_TOO_LONG: {
    errorcode: 1106,
    message: 'String length exceeds maximum',
    hint: 'A name is too long for the appliance (file names: 63 characters; certkey names: 63, or 31 before release 13.0); shorten the naming schema.',
  },
  SAVE_IN_PROGRESS: {
    errorcode: 1461,
    message: 'Max concurrent save configs in progress',
    hint: 'Another save is running on the appliance; wait a minute and try again.',
  },
  INVALID_CERTIFICATE: {
    errorcode: 1536,
    message: 'Invalid certificate',
    hint: 'The appliance could not read the certificate file; validate the bundle again.',
  },
  INVALID_KEY: {
    errorcode: 1537,
    message: 'Invalid private key, or PEM pass phrase required',
    hint: 'The appliance could not read the key file; give an unencrypted key or its passphrase.',
  },
  KEY_MISMATCH: {
    errorcode: 1538,
    message: 'Certificate and private key do not match',
    hint: 'Give the private key that belongs to this certificate.',
  },
  CERTKEY_NOT_FOUND: {
    errorcode: 1540,
    message: 'Certificate does not exist',
    hint: 'The certkey is not on the appliance (or not in this partition); plan again.',
  },
  CERTKEY_IN_USE: {
    errorcode: 1541,
    message: 'Certificate is referenced by a vserver, service or another certificate',
    hint: 'Unbind it from its vservers and unlink the certificates that link to it first.',
    code: 'REMOVAL_REFUSED',
  },
  BINDING_NOT_FOUND: {
    errorcode: 1542,
    message: 'Certificate binding does not exist',
    hint: 'The binding is already gone; plan again.',
  },
  SELF_LINK: {
    errorcode: 1543,
    message: "Certificate can't be linked to the same certificate",
    hint: 'A certificate cannot be its own issuer link; check the chain.',
  },
  NOT_THE_ISSUER: {
    errorcode: 1544,
    message: 'The CA certificate is not the issuer of the certificate',
    hint: 'The chain does not match the certificate; check the chain file.',
  },
  NO_CA_LINK: {
    errorcode: 1545,
    message: 'Certificate does not have any CA link',
    hint: 'There is nothing to unlink; plan again.',
  },
  CERTIFICATE_EXPIRED: {
    errorcode: 1589,
    message: 'The certificate has expired',
    hint: 'Renew the certificate before pushing it.',
  },
  FILE_EXISTS: {
    errorcode: 1642,
    message: 'File already exists',
    hint: 'A file of that name is already on the appliance; Fieldkit never overwrites files, so plan again.',
    code: 'FILE_NAME_COLLISION',
  },
  FILE_NOT_PRESENT: {
    errorcode: 1647,
    message: 'Input file(s) not present or not accessible in current partition',
    hint: 'The file is missing or in another partition folder; check the partition and plan again.',
  },
  PARTITION_NOT_FOUND: {
    errorcode: 2755,
    message: 'Partition does not exist',
    hint: 'Check the partition name (show ns partition).',
    code: 'APPLIANCE_PARTITION_NOT_FOUND',
  },
  DOMAIN_MISMATCH: {
    errorcode: 3585,
    message: 'Certificate is registered to a different domain',
    hint: 'The new certificate names another domain; if that is intended, allow the domain change.',
    code: 'DOMAIN_CHANGE_NOT_ALLOWED',
  },
} as const satisfies Record<string, NitroErrorcodeInfo>;

export type NitroErrorcodeName = keyof typeof KNOWN_ERRORCODES;

/** Each known errorcode by its name. */
export const NITRO_ERRORCODE = Object.fromEntries(Object.entries(KNOWN_ERRORCODES).map(([name, info]) => [name, info.errorcode])) as {
  readonly [N in NitroErrorcodeName]: (typeof KNOWN_ERRORCODES)[N]['errorcode'];
};

const BY_ERRORCODE: ReadonlyMap<number, NitroErrorcodeInfo> = new Map(
  Object.values(KNOWN_ERRORCODES).map((info) => [info.errorcode, info]),
);

function errorcodesNamed(...names: NitroErrorcodeName[]): ReadonlySet<number> {
  return new Set(names.map((name) => NITRO_ERRORCODE[name]));
}

/** Codes that mean the session is gone: log in again once, then retry. */
export const SESSION_EXPIRED_ERRORCODES = errorcodesNamed('SESSION_EXPIRED', 'NOT_LOGGED_IN');

/** Errorcodes that say "not there", which an undo that finds its work already done may ignore. */
export const NOT_FOUND_ERRORCODES = errorcodesNamed('NO_SUCH_RESOURCE', 'CERTKEY_NOT_FOUND', 'BINDING_NOT_FOUND', 'NO_CA_LINK');

export function describeErrorcode(errorcode: number): NitroErrorcodeInfo | undefined {
  return BY_ERRORCODE.get(errorcode);
}

/** Disk-space failures: no public source gives the code, so recognise them by message as well. */
export function looksLikeDiskFull(message: string): boolean {
  return /no space left|disk (is )?full|insufficient (disk )?space/i.test(message);
}
