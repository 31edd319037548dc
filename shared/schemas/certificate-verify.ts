import { z } from 'zod';
import { FailureInfo, Sha256Fingerprint, VserverTarget } from './certificates.ts';
import { hostOrAddress } from './network-names.ts';

/**
 * "Verify" after a push: what clients of each vserver now get, read over a
 * TLS connection to the vserver's VIP with the certificate's host name as SNI,
 * compared with the certificate that was pushed.
 */

export const VerifyInput = z.strictObject({
  vservers: z.array(VserverTarget.shape.name).min(1, 'Name at least one vserver.').max(50, 'At most 50 vservers at once.'),
  /** The host name a client asks for (SNI): usually the pushed certificate's first DNS name. */
  serverName: hostOrAddress('The host name to ask for'),
  /** The pushed certificate's SHA-256 fingerprint; without it the presented certificate is only shown. */
  expectedFingerprint256: Sha256Fingerprint.optional(),
});
export type VerifyInput = z.input<typeof VerifyInput>;

export const ServedCertificate = z.strictObject({
  fingerprint256: z.string(),
  subject: z.string(),
  issuer: z.string(),
  validTo: z.string(),
  /** Whether this machine's trusted CAs accept the presented chain for the host name asked for. */
  trustedBySystem: z.boolean(),
});
export type ServedCertificate = z.infer<typeof ServedCertificate>;

/**
 * One vserver: "match"/"mismatch" compare with the expected fingerprint,
 * "shown" when none was given, "unreachable" when its address could not be
 * read or reached from here (the error says which).
 */
export const VserverVerification = z.strictObject({
  vserver: z.string(),
  /** ip:port as NITRO reports it, when it could be read. */
  address: z.string().optional(),
  status: z.enum(['match', 'mismatch', 'shown', 'unreachable']),
  served: ServedCertificate.optional(),
  error: FailureInfo.optional(),
});
export type VserverVerification = z.infer<typeof VserverVerification>;

export const VerifyReport = z.strictObject({
  appliance: z.string(),
  serverName: z.string(),
  expectedFingerprint256: z.string().optional(),
  vservers: z.array(VserverVerification),
});
export type VerifyReport = z.infer<typeof VerifyReport>;
