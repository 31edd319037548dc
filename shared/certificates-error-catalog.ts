import type { CatalogEntry } from './catalog-entry.ts';

/**
 * Error codes of certificate pushes (bundles, NITRO sessions, plans, pushes,
 * removal), in the base catalog's shape. Messages here are the defaults; the
 * engine's messages name the appliance, the file or the step.
 */
export const CERTIFICATES_ERROR_CATALOG = {
  BUNDLE_FILE_UNREADABLE: {
    message: 'A certificate bundle file could not be read.',
    hint: 'Choose the file again, or another one, and check that Fieldkit may read it.',
    cliHint: 'Check the path, and that you may read the file.',
    input: true,
  },
  BUNDLE_NOT_PEM: {
    message: 'The file holds no PEM certificate.',
    hint: 'Give a PEM file (text starting with -----BEGIN CERTIFICATE-----) or a binary DER .cer/.der certificate, or use the PFX option for a .pfx/.p12 file.',
    input: true,
  },
  BUNDLE_KEY_UNREADABLE: {
    message: 'The private key could not be read.',
    hint: 'Give the PEM private key that belongs to the certificate (-----BEGIN PRIVATE KEY----- or -----BEGIN RSA/EC PRIVATE KEY-----).',
    input: true,
  },
  BUNDLE_KEY_PASSPHRASE_REQUIRED: {
    message: 'The private key is encrypted and no passphrase was given.',
    hint: 'Give the key passphrase, or export the key without a passphrase.',
    input: true,
  },
  BUNDLE_KEY_PASSPHRASE_WRONG: {
    message: 'The passphrase does not open the private key.',
    hint: 'Check the passphrase (it is case sensitive) and try again.',
    input: true,
  },
  PFX_UNREADABLE: {
    message: 'The file is not a PKCS#12 (PFX) file Fieldkit can read.',
    hint: 'Check that it is a .pfx/.p12 file; re-export it from the source system if it is damaged.',
    input: true,
  },
  PFX_PASSPHRASE_WRONG: {
    message: 'The PFX passphrase is wrong.',
    hint: 'Type the passphrase the PFX was exported with (it is case sensitive).',
    input: true,
  },
  PFX_INCOMPLETE: {
    message: 'The PFX file lacks a certificate or its private key.',
    hint: 'Export the PFX again with the private key and the certificate chain included.',
    input: true,
  },
  BUNDLE_INVALID: {
    message: 'The certificate bundle has problems that stop the push.',
    hint: 'Fix the problems listed in the validation report, then plan again.',
    input: true,
  },
  NAME_SCHEMA_INVALID: {
    message: 'The naming schema gives no usable name.',
    hint: 'Use placeholders such as {{certificateId}}, {{cn}}, {{expiry}} and {{serial8}}, with letters, digits, dot, dash and underscore.',
    input: true,
  },
  APPLIANCE_UNREACHABLE: {
    message: 'The appliance could not be reached.',
    hint: 'Check the NSIP or host name and the port, that the management interface allows HTTPS from this computer, and any firewall in between.',
  },
  APPLIANCE_TIMEOUT: {
    message: 'The appliance did not answer in time.',
    hint: 'Check the appliance load and the network, and try again. The rollback report says what was undone, and anything that could not be.',
  },
  PUSH_INTERRUPTED: {
    message: 'The push was interrupted before it finished.',
    hint: 'What it had applied was undone (see the rollback report); run the push again when you are ready.',
  },
  APPLIANCE_STOPPED_ANSWERING: {
    message: 'The appliance stopped answering during the push; the rest of the undo was not tried.',
    hint: 'When it answers again, check it with "show ssl certkey" and "show ssl vserver", and run the push again: the plan shows what is left.',
  },
  HISTORY_WRITE_FAILED: {
    message: 'The push history could not be written.',
    hint: 'Another program may hold history.sqlite, or the disk is full. The push itself went on; check the appliance with an inventory.',
  },
  APPLIANCE_CONNECTION_DROPPED: {
    message: 'The connection to the appliance dropped during a request.',
    hint: 'Check the network path to the management interface and try again.',
  },
  APPLIANCE_TLS_UNTRUSTED: {
    message: "The appliance's management certificate is not trusted by the CA given in its profile.",
    hint: "Give the CA that issued the appliance's management certificate, or pin the appliance's own certificate after checking its fingerprint.",
  },
  APPLIANCE_FINGERPRINT_CHANGED: {
    message: "The appliance's management certificate changed since it was pinned.",
    hint: 'Stop and find out why: the certificate may have been renewed, or someone may be intercepting the connection. Check the fingerprint on the appliance console (show ssl certkey ns-server-certificate) before pinning the new one.',
  },
  APPLIANCE_LOGIN_FAILED: {
    message: 'The appliance refused the user name or password.',
    hint: 'Check the NITRO user name and the password saved for this appliance.',
  },
  APPLIANCE_PASSWORD_MISSING: {
    message: 'No password is available for the appliance.',
    hint: 'Save the password in the appliance profile (it is kept in the keychain), or set FIELDKIT_APPLIANCE_PASSWORD for the CLI.',
  },
  APPLIANCE_SESSION_EXPIRED: {
    message: 'The NITRO session expired again after it was renewed.',
    hint: 'Raise the session timeout of the NITRO user or check that nobody is clearing sessions on the appliance, then try again.',
  },
  APPLIANCE_IS_SECONDARY: {
    message: 'The appliance is the secondary node of an HA pair; certificates are pushed to the primary only.',
    hint: 'Push to the primary node; it copies the files to the secondary.',
  },
  APPLIANCE_PARTITION_NOT_FOUND: {
    message: 'The admin partition does not exist on the appliance.',
    hint: 'Check the partition name in the appliance profile (show ns partition on the appliance).',
  },
  NITRO_REQUEST_FAILED: {
    message: 'The appliance refused a NITRO request.',
    hint: 'Read the NITRO error code and message; nothing was left half-changed (see the rollback report).',
  },
  APPLIANCE_DISK_FULL: {
    message: 'The appliance has no room left for the certificate files.',
    hint: 'Free space under /nsconfig on the appliance (old core files, logs, unused certificates), then push again.',
  },
  NITRO_BAD_RESPONSE: {
    message: 'The appliance answered with something that is not a NITRO response.',
    hint: 'Check that the address and port are the NetScaler management interface (NSIP), not a load-balanced service.',
  },
  RESPONSE_TOO_LARGE: {
    message: 'The appliance sent an answer far larger than any NITRO answer; Fieldkit stopped reading it.',
    hint: 'Check that the address and port are the NetScaler management interface (NSIP), not a load-balanced service or a proxy.',
  },
  VSERVER_NOT_FOUND: {
    message: 'The SSL virtual server does not exist on the appliance.',
    hint: 'Check the vserver name (show ssl vserver) and the admin partition.',
  },
  CERTKEY_NAME_TAKEN: {
    message: 'A certkey of that name already holds another certificate.',
    hint: 'Tick "Renew in place" (or leave out --no-preserve) to change it in place, or give another certkey name.',
    input: true,
  },
  CERTKEY_NAME_TOO_LONG: {
    message: "The certkey name is longer than this appliance's build accepts.",
    hint: 'Give a shorter certkey name (31 characters fit every build).',
    input: true,
  },
  RENEWAL_TARGET_AMBIGUOUS: {
    message: 'Several certkeys could be the one this certificate renews.',
    hint: 'Type the certkey to change in place under "Certkey to renew or create" (or --certkey), or untick "Renew in place" (or --no-preserve) to add a new certkey.',
    input: true,
  },
  DOMAIN_CHANGE_NOT_ALLOWED: {
    message: 'The new certificate names another domain than the certkey it would replace.',
    hint: 'Check that this is the right certificate; if the change of names is intended, allow it (tick "I agree that the new certificate may name other domains", or --allow-domain-change), or name another certkey.',
    input: true,
  },
  FILE_NAME_COLLISION: {
    message: 'A file of that name already exists on the appliance with other content.',
    hint: 'Change the naming schema (add {hash}) so the new files get their own names; Fieldkit never overwrites a file in place.',
  },
  PLAN_CHANGED: {
    message: 'The appliance changed since the plan was shown: the push would not do what was approved.',
    hint: 'Plan again, check the new plan, then push.',
  },
  HISTORY_NOT_READY: {
    message: 'The history database lacks the certificate push tables.',
    hint: 'Open the history database with the cert-pushes migration set.',
  },
  REMOVAL_REFUSED: {
    message: 'The certkey cannot be removed safely.',
    hint: 'Bind its replacement first, or name the certkey explicitly if you are sure.',
  },
  VSERVER_NO_ADDRESS: {
    message: 'The vserver has no address clients can connect to (it is non-addressable or its VIP could not be read).',
    hint: 'Check the certificate from a client of the virtual server that forwards to it (a content switching vserver, for example).',
  },
  VSERVER_UNREACHABLE: {
    message: "The vserver's address could not be reached from this computer.",
    hint: "The VIP may only be reachable from the clients' network, or a firewall is in between: check from a machine there (openssl s_client -servername).",
  },
} as const satisfies Record<string, CatalogEntry>;

export type CertificatesErrorCode = keyof typeof CERTIFICATES_ERROR_CATALOG;
