import type { PushOptions } from '../../../../shared/schemas/certificates.ts';
import { certkeyIdentity, type ApplianceCertkey, type ApplianceView } from '../appliance-view.ts';
import { certIdentity, type PreparedBundle } from '../bundle-validator.ts';
import { commonNameOf, dnOneLine, normalizeDn, subjectAltNames } from '../../x509/certificate-fields.ts';
import { renderBaseName, uniqueBaseName } from '../file-naming.ts';
import { refusePlan } from './plan-stage.ts';

/**
 * Which certkey the new certificate goes into, and why. A renewal is the
 * common case, so with preserve (the default) the certkey it renews is found
 * without the user naming it: the one bound on the target vservers, else the
 * one whose certificate has the same subject and names. Several candidates are
 * never guessed between; no candidate means a new certkey.
 */

export interface LeafTarget {
  certkey: string;
  /** The certkey as the appliance holds it: it holds this certificate already, or it is changed in place. */
  existing?: ApplianceCertkey;
  /** The sentence the plan shows. */
  reason: string;
}

/** The names a certificate answers to, lower-cased: its CN and its DNS/IP SANs. */
export function namesOf(subject: string, sans: string[] | undefined): Set<string> {
  const cn = commonNameOf(subject);
  return new Set([...(cn ? [cn] : []), ...(sans ?? [])].map((n) => n.toLowerCase()));
}

function leafNames(bundle: PreparedBundle): Set<string> {
  return namesOf(bundle.leaf.subject, subjectAltNames(bundle.leaf));
}

/** A certkey for a server certificate (it has a key and is no CA), the only kind a leaf can renew. */
function isServerCertkey(ck: ApplianceCertkey): boolean {
  return ck.keyPath !== undefined && !ck.certificateType.some((t) => t === 'INTM_CERT' || t === 'ROOT_CERT');
}

function sameNames(a: Set<string>, b: Set<string>): boolean {
  return a.size === b.size && [...a].every((n) => b.has(n));
}

function overlaps(a: Set<string>, b: Set<string>): boolean {
  return [...a].some((n) => b.has(n));
}

function describe(view: ApplianceView, ck: ApplianceCertkey): string {
  const bound = [...view.bindings.values()].flat().filter((b) => b.certkey === ck.name && !b.ca);
  const expires = ck.notAfter ? `, expires ${ck.notAfter.slice(0, 10)}` : '';
  const where = bound.length > 0 ? `, bound to ${bound.map((b) => b.vserver).join(', ')}` : '';
  return `${ck.name} (${commonNameOf(ck.subject) ?? ck.subject}${expires}${where})`;
}

/** The certkeys bound on the target vservers that this certificate can renew: they answer to at least one of its names. */
function boundCandidates(view: ApplianceView, options: PushOptions, names: Set<string>): ApplianceCertkey[] {
  const found = new Map<string, ApplianceCertkey>();
  for (const target of options.vservers) {
    for (const b of view.bindings.get(target.name) ?? []) {
      const ck = view.certkeys.get(b.certkey);
      if (!ck || b.ca || b.sni !== target.sni || !isServerCertkey(ck)) continue;
      // A placeholder or another site's certificate on the vserver is not renewed by this one: the binding moves instead.
      if (!overlaps(namesOf(ck.subject, ck.sans), names)) continue;
      found.set(ck.name, ck);
    }
  }
  return [...found.values()];
}

/** Server certkeys whose certificate has this certificate's subject and names (subject alone where the build does not list SANs). */
function subjectCandidates(view: ApplianceView, bundle: PreparedBundle, names: Set<string>): ApplianceCertkey[] {
  const subject = normalizeDn(bundle.leaf.subject);
  return [...view.certkeys.values()].filter(
    (ck) =>
      isServerCertkey(ck) &&
      normalizeDn(ck.subject) === subject &&
      (ck.sans === undefined || sameNames(namesOf(ck.subject, ck.sans), names)),
  );
}

function ambiguous(view: ApplianceView, candidates: ApplianceCertkey[], how: string): never {
  throw refusePlan(
    view.appliance,
    'RENEWAL_TARGET_AMBIGUOUS',
    `${candidates.length} certkeys ${how}, so Fieldkit does not know which one this certificate renews: ${candidates
      .map((ck) => describe(view, ck))
      .join('; ')}.`,
  );
}

/** `maxName`: the longest certkey name the appliance's build accepts. */
export function chooseLeafTarget(view: ApplianceView, bundle: PreparedBundle, options: PushOptions, maxName: number): LeafTarget {
  const label = commonNameOf(bundle.leaf.subject) ?? dnOneLine(bundle.leaf.subject);
  // The appliance refuses a second certkey for the same certificate (errorcode 273), whoever installed the first.
  const holder = [...view.certkeys.values()].find((ck) => certkeyIdentity(ck) === certIdentity(bundle.leaf));
  if (holder) {
    const other = options.certkeyName !== undefined && options.certkeyName !== holder.name;
    return {
      certkey: holder.name,
      existing: holder,
      reason: other
        ? `This certificate is already installed as certkey ${holder.name}; an appliance holds a certificate under one name only, so ${holder.name} is used instead of ${options.certkeyName}.`
        : `The certkey ${holder.name} already holds this certificate.`,
    };
  }
  if (options.certkeyName !== undefined) return namedTarget(view, options, options.certkeyName, maxName);

  const context = { certificateId: options.certificateId };
  const newName = renderBaseName(options.nameSchema, bundle.leaf, context, Math.min(maxName, 59));
  if (!options.preserve) {
    // Beside the certkey it would have renewed, the new one needs a name of its own: a stable name gets the expiry and serial.
    const name = view.certkeys.has(newName) ? uniqueBaseName(options.nameSchema, bundle.leaf, context, Math.min(maxName, 59)) : newName;
    if (view.certkeys.has(name)) return namedTarget(view, options, name, maxName);
    return {
      certkey: name,
      reason: `Preserve is off: a new certkey ${name} is added for ${label}, and the vservers' binding moves to it.`,
    };
  }
  const names = leafNames(bundle);
  const bound = boundCandidates(view, options, names);
  if (bound.length > 1) ambiguous(view, bound, `bound on ${options.vservers.map((v) => v.name).join(', ')} could be renewed`);
  if (bound.length === 1) {
    const ck = bound[0]!;
    const on = [...view.bindings.values()].flat().find((b) => b.certkey === ck.name)!.vserver;
    return {
      certkey: ck.name,
      existing: ck,
      reason: `The certkey ${ck.name} is bound to vserver ${on} and is for ${commonNameOf(ck.subject) ?? ck.subject}: it is renewed in place, so its name and bindings stay.`,
    };
  }
  const same = subjectCandidates(view, bundle, names);
  if (same.length > 1) ambiguous(view, same, `hold a certificate with the subject and names of this one`);
  if (same.length === 1) {
    const ck = same[0]!;
    return {
      certkey: ck.name,
      existing: ck,
      reason: `The certkey ${ck.name} holds a certificate with the same subject and names${ck.notAfter ? ` (expires ${ck.notAfter.slice(0, 10)})` : ''}: it is renewed in place, so its name and bindings stay.`,
    };
  }
  const sameName = view.certkeys.get(newName);
  if (sameName && isServerCertkey(sameName)) {
    // A stable name ({{certificateId}}) points at the certkey of the previous renewal even when the subject changed.
    return {
      certkey: newName,
      existing: sameName,
      reason: `The certkey ${newName}, the name the naming schema gives this certificate, exists: it is renewed in place, so its name and bindings stay.`,
    };
  }
  if (sameName) return namedTarget(view, { ...options, preserve: false }, newName, maxName);
  return { certkey: newName, reason: `No certkey on the appliance holds a certificate for ${label}: a new certkey ${newName} is added.` };
}

function namedTarget(view: ApplianceView, options: PushOptions, name: string, maxName: number): LeafTarget {
  if (name.length > maxName) {
    throw refusePlan(
      view.appliance,
      'CERTKEY_NAME_TOO_LONG',
      `the certkey name ${name} has ${name.length} characters; this appliance's build accepts at most ${maxName}.`,
    );
  }
  const existing = view.certkeys.get(name);
  if (!existing) return { certkey: name, reason: `The certkey ${name} you named does not exist yet: it is added.` };
  if (!options.preserve) {
    throw refusePlan(
      view.appliance,
      'CERTKEY_NAME_TAKEN',
      `the certkey ${name} already holds another certificate (${existing.subject}, serial ${existing.serialHex}), and with preserve off a new certkey is added. Turn preserve on to change ${name} in place, or give a name that is free.`,
    );
  }
  return { certkey: name, existing, reason: `You named the certkey ${name}: it is changed in place, so its name and bindings stay.` };
}
