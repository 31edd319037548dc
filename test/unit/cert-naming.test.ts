import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { renderBaseName, sanitizeNamePart, suffixedName, uniqueBaseName } from '../../electron/services/certificates/file-naming.ts';
import { certWorld } from '../support/cert-push-fixtures.ts';
import { issueCertificate } from '../support/test-pki.ts';

describe('file and certkey names', () => {
  it('fills {cn}, {expiry}, {serial8}, {serial} and {hash} from the certificate', async () => {
    const w = await certWorld();
    const x = new X509Certificate(w.leaf.certPem);
    const d = x.validToDate;
    const ymd = `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
    expect(renderBaseName('{cn}_{expiry}_{serial8}', x)).toBe(`www.example.test_${ymd}_${w.leaf.serialHex.slice(-8)}`);
    expect(renderBaseName('{serial}', x)).toBe(w.leaf.serialHex.replace(/^0+/, ''));
    expect(renderBaseName('le-{hash}', x)).toMatch(/^le-[0-9a-f]{8}$/);
  });

  it('makes wildcard and odd names safe for NITRO and keeps them within 59 characters', async () => {
    const w = await certWorld();
    const wild = new X509Certificate((await issueCertificate(w.inter, { commonName: '*.example.test' })).certPem);
    expect(renderBaseName('{cn}_{serial8}', wild)).toMatch(/^wildcard\.example\.test_[0-9a-f]{8}$/);
    const long = new X509Certificate(
      (await issueCertificate(w.inter, { commonName: `${'very-long-label.'.repeat(5)}example.test` })).certPem,
    );
    const name = renderBaseName('{cn}_{expiry}_{serial8}', long);
    expect(name.length).toBeLessThanOrEqual(59);
    expect(name).toMatch(/^very-long-label\..*_\d{8}_[0-9a-f]{8}$/);
    expect(sanitizeNamePart('ACME Corp, Inc. (Prod)/#1')).toBe('ACME_Corp_Inc._Prod_1');
    expect(suffixedName('abc', '123456')).toBe('abc-123456');
    expect(suffixedName('x'.repeat(59), 'abcdef')).toHaveLength(59);
  });

  it('accepts the documented double braces and gives {{certificateId}} a name that stays across renewals', async () => {
    const w = await certWorld();
    const first = new X509Certificate(w.leaf.certPem);
    const renewed = new X509Certificate(w.renewed.certPem);
    expect(renderBaseName('{{cn}}_{{serial8}}', first)).toBe(renderBaseName('{cn}_{serial8}', first));
    expect(renderBaseName('{{ cn }}-{{hash}}', first)).toBe(renderBaseName('{cn}-{hash}', first));
    // Tied to the certificate's subject without a sync, to the sync's name with one.
    expect(renderBaseName('{{certificateId}}', first)).toBe('www.example.test');
    expect(renderBaseName('{{certificateId}}', renewed)).toBe(renderBaseName('{{certificateId}}', first));
    expect(renderBaseName('fk-{{certificateId}}', renewed, { certificateId: 'shop-prod' })).toBe('fk-shop-prod');
    expect(renderBaseName('{{cn}}_{{serial8}}', first)).not.toBe(renderBaseName('{{cn}}_{{serial8}}', renewed));
  });

  it('gives files (and a certkey added beside another) the expiry and serial when the schema is stable', async () => {
    const w = await certWorld();
    const x = new X509Certificate(w.leaf.certPem);
    expect(uniqueBaseName('{{certificateId}}', x)).toMatch(/^www\.example\.test_\d{8}_[0-9a-f]{8}$/);
    expect(uniqueBaseName('{{certificateId}}', x, { certificateId: 'shop' })).toMatch(/^shop_\d{8}_[0-9a-f]{8}$/);
    expect(uniqueBaseName('le-{{hash}}', x)).toBe(renderBaseName('le-{{hash}}', x));
  });

  it('refuses schemas that would reuse names or that it does not understand', async () => {
    const w = await certWorld();
    const x = new X509Certificate(w.leaf.certPem);
    expect(() => renderBaseName('{cn}', x)).toThrowError(/has none of \{\{serial\}\}/);
    expect(() => renderBaseName('{cn}_{serial}_{nope}', x)).toThrowError(
      /uses \{\{nope\}\}, which is not a placeholder Fieldkit knows\. The placeholders are \{\{certificateId\}\} \{\{cn\}\}/,
    );
    expect(() => renderBaseName('{{certifcateId}}-{{Serial}}', x)).toThrowError(/\{\{certifcateId\}\}, \{\{Serial\}\}, which are not/);
    expect(() => renderBaseName(`${'x'.repeat(70)}{serial}`, x)).toThrowError(/longer than 59/);
  });
});
