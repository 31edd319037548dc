/** Node's certificate verification codes in an admin's words: the probe, its classifier and the connection failures say them alike. */
export const TLS_ERROR_WORDS: Record<string, string> = {
  SELF_SIGNED_CERT_IN_CHAIN: 'the chain ends in a self-signed root this check does not trust',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the server presented a self-signed certificate',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the issuing CA is not in the trust',
  UNABLE_TO_GET_ISSUER_CERT: 'the issuing CA is not in the trust',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the certificate's issuer is not in the trust and was not presented",
  CERT_SIGNATURE_FAILURE: 'a certificate signature does not verify',
  CERT_REVOKED: 'a certificate is revoked',
  INVALID_CA: 'a CA certificate in the chain is not valid as a CA',
};
