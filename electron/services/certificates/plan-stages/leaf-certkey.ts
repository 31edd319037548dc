import { createPrivateKey } from 'node:crypto';
import type { PushOptions } from '../../../../shared/schemas/certificates.ts';
import { addCertkeyCall, changeCertkeyCall, deleteCertkeyCall, type CertkeyFields } from '../../nitro/sslcertkey-calls.ts';
import { certkeyIdentity, type ApplianceCertkey, type ApplianceView } from '../appliance-view.ts';
import { certIdentity, type PreparedBundle } from '../bundle-validator.ts';
import { commonNameOf, dnOneLine, subjectAltNames } from '../../x509/certificate-fields.ts';
import { uniqueBaseName } from '../file-naming.ts';
import type { CreatedCertkey, PlannedStep, PushPlan } from '../push-plan.ts';
import { holdsCertificate, holdsKey, type FilePlacement } from './file-placement.ts';
import { refusePlan, type StagePlan } from './plan-stage.ts';
import { namesOf, type LeafTarget } from './renewal-target.ts';

/**
 * The leaf stage: the certkey that carries the bundle's certificate and key
 * (chosen by renewal-target). It is added, changed in place (across names
 * only when allowed), or left alone when it already holds this certificate.
 */

export interface LeafPlan extends StagePlan {
  action: PushPlan['certkeyAction'];
  created: CreatedCertkey[];
}

export async function planLeaf(
  view: ApplianceView,
  bundle: PreparedBundle,
  options: PushOptions,
  target: LeafTarget,
  files: FilePlacement,
): Promise<LeafPlan> {
  const { certkey, existing } = target;
  if (existing && certkeyIdentity(existing) === certIdentity(bundle.leaf)) {
    return {
      action: 'unchanged',
      steps: [],
      alreadyRight: [`The certkey ${certkey} already holds this certificate (serial ${bundle.report.leaf?.serialHex}).`],
      warnings: [],
      created: [],
    };
  }
  const leafFiles = await placeLeafFiles(bundle, options, certkey, files);
  return existing ? changeInPlace(view, bundle, options, existing, leafFiles) : addLeaf(bundle, leafFiles);
}

/** The leaf's files on the appliance, and the certkey they go into. */
interface LeafFiles {
  certkey: string;
  cert: string;
  key: string;
}

async function placeLeafFiles(bundle: PreparedBundle, options: PushOptions, certkey: string, files: FilePlacement): Promise<LeafFiles> {
  const base = uniqueBaseName(options.nameSchema, bundle.leaf, { certificateId: options.certificateId });
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

/**
 * What changes in the names the certkey answers to (CN and SANs), which the
 * appliance's domain check refuses without nodomaincheck; undefined when
 * nothing does. A build that does not list SANs is compared by the name it
 * registers the certkey to (the CN, else the first DNS name).
 */
function domainChange(existing: ApplianceCertkey, bundle: PreparedBundle): string | undefined {
  const sans = subjectAltNames(bundle.leaf);
  if (existing.sans === undefined) {
    const before = commonNameOf(existing.subject)?.toLowerCase();
    const after = (commonNameOf(bundle.leaf.subject) ?? sans[0])?.toLowerCase();
    return before === after ? undefined : `registered to ${before ?? '(no name)'}, the new certificate is for ${after ?? '(no name)'}`;
  }
  const before = namesOf(existing.subject, existing.sans);
  const after = namesOf(bundle.leaf.subject, sans);
  const added = [...after].filter((n) => !before.has(n));
  const removed = [...before].filter((n) => !after.has(n));
  if (added.length === 0 && removed.length === 0) return undefined;
  return [added.length > 0 ? `adds ${added.join(', ')}` : '', removed.length > 0 ? `drops ${removed.join(', ')}` : '']
    .filter(Boolean)
    .join(' and ');
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
  const change = domainChange(existing, bundle);
  const domainChanges = change !== undefined;
  if (change !== undefined && !options.allowDomainChange) {
    throw refusePlan(
      view.appliance,
      'DOMAIN_CHANGE_NOT_ALLOWED',
      `the new certificate changes the names of certkey ${certkey}: ${change}. The appliance accepts that only with its domain check off (nodomaincheck); allow the domain change if it is intended.`,
    );
  }
  const warnings =
    change !== undefined ? [`The certkey ${certkey} changes names: ${change} (allowed by the user, sent with nodomaincheck).`] : [];
  const newEnd = bundle.report.leaf?.notAfter;
  if (existing.notAfter !== undefined && newEnd !== undefined && Date.parse(newEnd) < Date.parse(existing.notAfter)) {
    // Usually a mix-up (an older file pushed after a renewal): said plainly, not refused, since a reissue may be meant.
    warnings.push(
      `The new certificate expires ${newEnd.slice(0, 10)}, before the one certkey ${certkey} holds now (${existing.notAfter.slice(0, 10)}): check that this is the newer file.`,
    );
  }
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

function addLeaf(bundle: PreparedBundle, leafFiles: LeafFiles): LeafPlan {
  const { certkey, cert, key } = leafFiles;
  const warnings: string[] = [];
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
