import type { X509Certificate } from 'node:crypto';
import type { PushOptions } from '../../../../shared/schemas/certificates.ts';
import { addCertkeyCall, deleteCertkeyCall } from '../../nitro/sslcertkey-calls.ts';
import { certkeyIdentity, type ApplianceCertkey, type ApplianceView } from '../appliance-view.ts';
import { certIdentity, type PreparedBundle } from '../bundle-validator.ts';
import { commonNameOf, dnOneLine, sha256Hex } from '../../x509/certificate-fields.ts';
import { renderBaseName, suffixedName, uniqueBaseName } from '../file-naming.ts';
import type { CreatedCertkey, PlannedStep } from '../push-plan.ts';
import { holdsCertificate, type FilePlacement } from './file-placement.ts';
import type { StagePlan } from './plan-stage.ts';

/**
 * The chain stage: each intermediate of the bundle is its own certkey. One the
 * appliance already holds (same serial and issuer) is reused under its name;
 * the others get a free name, a file and an add, root side first so an issuer
 * exists before anything links to it.
 */

export interface ChainPlan extends StagePlan {
  /** The certkey name of each intermediate, in bundle order (leaf side first). */
  names: string[];
  created: CreatedCertkey[];
}

interface ChainCertkey {
  ca: X509Certificate;
  index: number;
  name: string;
  reused: boolean;
}

/** Name attempts for a new intermediate certkey: the plain name, then hash suffixes. */
const NAME_ATTEMPTS = 3;

export async function planChain(
  view: ApplianceView,
  bundle: PreparedBundle,
  options: PushOptions,
  leafCertkey: string,
  files: FilePlacement,
  maxName: number,
): Promise<ChainPlan> {
  const alreadyRight: string[] = [];
  const chain = nameChainCertkeys(view, bundle, options, leafCertkey, alreadyRight, maxName);
  const added = chain.filter((c) => !c.reused).reverse();
  const certFiles = new Map<ChainCertkey, string>();
  for (const c of added) {
    certFiles.set(
      c,
      await files.place({
        base: uniqueBaseName(options.nameSchema, c.ca),
        ext: '.cer',
        content: bundle.chainPems[c.index]!,
        same: (existing) => holdsCertificate(existing, c.ca),
        what: 'intermediate certificate',
      }),
    );
  }
  const steps = added.map((c) => addStep(c, certFiles.get(c)!));
  const created = added.map((c): CreatedCertkey => {
    const report = bundle.report.chain[c.index]!;
    return {
      name: c.name,
      role: 'chain',
      certFile: certFiles.get(c)!,
      subject: dnOneLine(c.ca.subject),
      serialHex: report.serialHex,
      notAfter: report.notAfter,
    };
  });
  return { steps, alreadyRight, warnings: [], names: chain.map((c) => c.name), created };
}

function nameChainCertkeys(
  view: ApplianceView,
  bundle: PreparedBundle,
  options: PushOptions,
  leafCertkey: string,
  alreadyRight: string[],
  maxName: number,
): ChainCertkey[] {
  const byIdentity = new Map<string, ApplianceCertkey>();
  for (const ck of view.certkeys.values()) byIdentity.set(certkeyIdentity(ck), ck);
  const planned = new Set<string>();
  return bundle.chain.map((ca, index) => {
    const existing = byIdentity.get(certIdentity(ca));
    if (existing) {
      alreadyRight.push(`The intermediate ${dnOneLine(ca.subject)} is already on the appliance as certkey ${existing.name}; it is reused.`);
      return { ca, index, name: existing.name, reused: true };
    }
    const base = renderBaseName(options.nameSchema, ca, {}, Math.min(maxName, 59));
    let name = base;
    for (let i = 0; i < NAME_ATTEMPTS && (view.certkeys.has(name) || planned.has(name) || name === leafCertkey); i++)
      name = suffixedName(base, sha256Hex(ca.raw).slice(0, 6 + i * 4), maxName);
    planned.add(name);
    return { ca, index, name, reused: false };
  });
}

function addStep(c: ChainCertkey, certFile: string): PlannedStep {
  return {
    kind: 'add-certkey',
    label: `Add certkey ${c.name} for the intermediate ${commonNameOf(c.ca.subject) ?? dnOneLine(c.ca.subject)}`,
    call: addCertkeyCall({ certkey: c.name, cert: certFile, inform: 'PEM' }),
    undo: [{ intent: `Delete certkey ${c.name}`, done: `Deleted the added certkey ${c.name}`, call: deleteCertkeyCall(c.name) }],
  };
}
