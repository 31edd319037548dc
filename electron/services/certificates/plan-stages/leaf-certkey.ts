import { createPrivateKey } from 'node:crypto';
import type { PushOptions } from '../../../../shared/schemas/certificates.ts';
import { addCertkeyCall, changeCertkeyCall, deleteCertkeyCall, type CertkeyFields } from '../../nitro/sslcertkey-calls.ts';
import { certkeyIdentity, type ApplianceCertkey, type ApplianceView } from '../appliance-view.ts';
import { certIdentity, type PreparedBundle } from '../bundle-validator.ts';
import { commonNameOf, dnOneLine, subjectAltNames } from '../../x509/certificate-fields.ts';
import { renderBaseName } from '../file-naming.ts';
import type { CreatedCertkey, PlannedStep, PushPlan } from '../push-plan.ts';
import { holdsCertificate, holdsKey, type FilePlacement } from './file-placement.ts';
import { refusePlan, type StagePlan } from './plan-stage.ts';

/**
 * The leaf stage: the certkey that carries the bundle's certificate and key.
 * It is added, changed in place (only with "preserve", and across domains
 * only when allowed), or left alone when it already holds this certificate.
 */

export interface LeafPlan extends StagePlan {
  action: PushPlan['certkeyAction'];
  created: CreatedCertkey[];
}

/** The name the user chose, else the naming schema's name for the leaf. */
export function leafCertkeyName(bundle: PreparedBundle, options: PushOptions): string {
  return options.certkeyName ?? renderBaseName(options.nameSchema, bundle.leaf);
}

export async function planLeaf(
  view: ApplianceView,
  bundle: PreparedBundle,
  options: PushOptions,
  certkey: string,
  files: FilePlacement,
): Promise<LeafPlan> {
  const existing = view.certkeys.get(certkey);
  if (existing && certkeyIdentity(existing) === certIdentity(bundle.leaf)) {
    return {
      action: 'unchanged',
      steps: [],
      alreadyRight: [`The certkey ${certkey} already holds this certificate (serial ${bundle.report.leaf?.serialHex}).`],
      warnings: [],
      created: [],
    };
  }
  if (existing && !options.preserve) {
    throw refusePlan(
      view.appliance,
      'CERTKEY_NAME_TAKEN',
      `the certkey ${certkey} already holds another certificate (${existing.subject}, serial ${existing.serialHex}). Choose "preserve" to change it in place, or another certkey name.`,
    );
  }
  const leafFiles = await placeLeafFiles(bundle, options, certkey, files);
  return existing ? changeInPlace(view, bundle, options, existing, leafFiles) : addLeaf(bundle, options, leafFiles);
}

/** The leaf's files on the appliance, and the certkey they go into. */
interface LeafFiles {
  certkey: string;
  cert: string;
  key: string;
}

async function placeLeafFiles(bundle: PreparedBundle, options: PushOptions, certkey: string, files: FilePlacement): Promise<LeafFiles> {
  const base = renderBaseName(options.nameSchema, bundle.leaf);
  const key = createPrivateKey(bundle.keyPem);
  const cert = await files.place({
    base,
    ext: '.cer',
    content: bundle.leafPem,
    same: (existing) => holdsCertificate(existing, bundle.leaf),
    what: 'certificate',
  });
  const keyFile = await files.place({
    base,
    ext: '.key',
    content: bundle.keyPem,
    same: (existing) => holdsKey(existing, key),
    what: 'key',
  });
  return { certkey, cert, key: keyFile };
}

/** The domain an appliance registers a certkey to: the CN, or the first DNS SAN. */
function registeredDomain(subject: string, sans: string[] = []): string | undefined {
  return (commonNameOf(subject) ?? sans[0])?.toLowerCase();
}

/** How the leaf is named in step labels. */
function leafLabel(bundle: PreparedBundle): string {
  return bundle.report.leaf?.commonName ?? dnOneLine(bundle.leaf.subject);
}

function changeInPlace(
  view: ApplianceView,
  bundle: PreparedBundle,
  options: PushOptions,
  existing: ApplianceCertkey,
  leafFiles: LeafFiles,
): LeafPlan {
  const { certkey } = leafFiles;
  const before = registeredDomain(existing.subject);
  const after = registeredDomain(bundle.leaf.subject, subjectAltNames(bundle.leaf));
  const domainChanges = before !== after;
  if (domainChanges && !options.allowDomainChange) {
    throw refusePlan(
      view.appliance,
      'DOMAIN_CHANGE_NOT_ALLOWED',
      `the new certificate is for ${after ?? '(no name)'} but the certkey ${certkey} is registered to ${before ?? '(no name)'}; allow the domain change if that is intended.`,
    );
  }
  const warnings = domainChanges ? [`The certkey ${certkey} changes domain from ${before} to ${after} (allowed by the user).`] : [];
  const fields: CertkeyFields = { certkey, cert: leafFiles.cert, key: leafFiles.key, inform: 'PEM' };
  const back: CertkeyFields = { certkey, cert: existing.certPath, inform: existing.inform };
  if (existing.keyPath !== undefined) back.key = existing.keyPath;
  if (domainChanges) {
    fields.nodomaincheck = true;
    back.nodomaincheck = true;
  }
  const step: PlannedStep = {
    kind: 'update-certkey',
    label: `Change certkey ${certkey} in place to the new certificate for ${leafLabel(bundle)} (bindings stay)`,
    call: changeCertkeyCall(fields),
    undo: [
      {
        intent: `Change certkey ${certkey} back to ${existing.certPath}`,
        done: `Restored certkey ${certkey} to its previous certificate (${existing.certPath}${existing.keyPath ? `, ${existing.keyPath}` : ''})`,
        call: changeCertkeyCall(back),
      },
    ],
  };
  return { action: 'update', steps: [step], alreadyRight: [], warnings, created: [] };
}

function addLeaf(bundle: PreparedBundle, options: PushOptions, leafFiles: LeafFiles): LeafPlan {
  const { certkey, cert, key } = leafFiles;
  const warnings =
    options.preserve && options.certkeyName !== undefined
      ? [`The certkey ${certkey} does not exist on the appliance yet; it is created.`]
      : [];
  const step: PlannedStep = {
    kind: 'add-certkey',
    label: `Add certkey ${certkey} for ${leafLabel(bundle)}`,
    call: addCertkeyCall({ certkey, cert, key, inform: 'PEM' }),
    undo: [{ intent: `Delete certkey ${certkey}`, done: `Deleted the added certkey ${certkey}`, call: deleteCertkeyCall(certkey) }],
  };
  const created: CreatedCertkey = {
    name: certkey,
    role: 'leaf',
    certFile: cert,
    keyFile: key,
    subject: dnOneLine(bundle.leaf.subject),
    serialHex: bundle.report.leaf!.serialHex,
    notAfter: bundle.report.leaf!.notAfter,
  };
  return { action: 'add', steps: [step], alreadyRight: [], warnings, created: [created] };
}
