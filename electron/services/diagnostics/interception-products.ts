/**
 * Names that SSL-inspecting products put in the CA they sign intercepted
 * connections with. Matching one turns "issued by an unknown CA" into
 * "intercepted by Zscaler", which tells the admin whom to call.
 */
const PRODUCTS: ReadonlyArray<{ product: string; pattern: RegExp }> = [
  { product: 'Zscaler', pattern: /zscaler/i },
  { product: 'Fortinet FortiGate', pattern: /forti(gate|net|proxy|_?ca)|fortinet/i },
  {
    product: 'Blue Coat / Symantec ProxySG (Broadcom Edge SWG)',
    pattern: /blue\s?coat|proxysg|symantec.*(proxy|web ?security|swg)|broadcom.*(swg|proxy)|edge ?swg/i,
  },
  { product: 'Palo Alto Networks', pattern: /palo ?alto|pan-?os|prisma ?access|globalprotect/i },
  { product: 'Cisco Umbrella', pattern: /cisco ?umbrella|umbrella|opendns/i },
  { product: 'Cisco Secure Web Appliance (WSA/IronPort)', pattern: /ironport|cisco.*(wsa|web ?security|secure ?web)/i },
  { product: 'Forcepoint', pattern: /forcepoint|websense/i },
  { product: 'Sophos', pattern: /sophos/i },
  { product: 'Check Point', pattern: /check ?point/i },
  { product: 'Netskope', pattern: /netskope/i },
  { product: 'Skyhigh / McAfee Web Gateway', pattern: /skyhigh|mcafee/i },
  { product: 'Barracuda', pattern: /barracuda/i },
  { product: 'WatchGuard', pattern: /watchguard/i },
  { product: 'SonicWall', pattern: /sonicwall/i },
  { product: 'iboss', pattern: /\biboss\b/i },
  { product: 'Menlo Security', pattern: /menlo ?security/i },
  { product: 'Cloudflare Gateway (Zero Trust)', pattern: /cloudflare.*(teams|gateway|zero ?trust)/i },
  { product: 'Trend Micro', pattern: /trend ?micro|interscan/i },
  { product: 'Kaspersky', pattern: /kaspersky/i },
  { product: 'ESET', pattern: /\beset\b/i },
  { product: 'Avast / AVG', pattern: /\bavast\b|\bavg\b/i },
  { product: 'Bitdefender', pattern: /bitdefender/i },
  { product: 'Squid', pattern: /\bsquid\b/i },
  { product: 'Microsoft Entra Internet Access', pattern: /entra ?internet ?access|global ?secure ?access/i },
];

/** The product whose name appears in any of the given names (issuer DNs, first match wins). */
export function matchInterceptionProduct(names: readonly string[]): string | undefined {
  for (const name of names) {
    for (const { product, pattern } of PRODUCTS) if (pattern.test(name)) return product;
  }
  return undefined;
}
