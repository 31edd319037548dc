import type { RemovalOptions, RemovalResult } from '../../../shared/schemas/certificates.ts';
import type { ApplianceBinding, ApplianceCertkey } from './appliance-view.ts';
import { normalizeDn } from '../x509/certificate-fields.ts';
import { isExpired } from './certificate-inventory.ts';
import type { OwnedCertkey } from './push-history.ts';

/**
 * Which certkeys a removal takes: the ones the user names, and of Fieldkit's
 * own the expired, the replaced (a later-expiring certkey of the same subject
 * is on the appliance), and intermediates nothing uses any more.
 * Then the safety pass drops any whose removal would harm: one another
 * certkey links to, one still bound (unless named), one a vserver needs as
 * its only server certificate.
 */

export interface RemovalCandidate {
  ck: ApplianceCertkey;
  /** Why it goes, as the step label says it. */
  why: string;
  named: boolean;
}

export type SkippedCertkey = RemovalResult['skipped'][number];

export interface RemovalSelection {
  selected: Map<string, RemovalCandidate>;
  skipped: SkippedCertkey[];
}

export interface SelectionInputs {
  certkeys: Map<string, ApplianceCertkey>;
  bindings: ApplianceBinding[];
  /** The certkeys Fieldkit created on this appliance, as its history knows them. */
  owned: OwnedCertkey[];
  options: RemovalOptions;
  now: Date;
}

export function selectForRemoval(inputs: SelectionInputs): RemovalSelection {
  const { certkeys, options } = inputs;
  const selection: RemovalSelection = { selected: new Map(), skipped: [] };
  selectNamed(inputs, selection);
  const present = inputs.owned.filter((o) => certkeys.has(o.name));
  if (options.expired) selectExpired(inputs, present, selection.selected);
  if (options.replaced) selectReplaced(inputs, present, selection.selected);
  if (options.expired || options.replaced) selectUnusedIntermediates(inputs, present, selection.selected);
  dropUnsafe(inputs, selection);
  return selection;
}

function selectNamed({ certkeys, options }: SelectionInputs, selection: RemovalSelection): void {
  for (const name of options.certkeys) {
    const ck = certkeys.get(name);
    if (!ck) selection.skipped.push({ certkey: name, reason: 'It is not on the appliance.' });
    else selection.selected.set(name, { ck, why: 'named by the user', named: true });
  }
}

function selectExpired({ certkeys, now }: SelectionInputs, present: OwnedCertkey[], selected: Map<string, RemovalCandidate>): void {
  for (const o of present)
    if (!selected.has(o.name) && isExpired(certkeys.get(o.name)!, now))
      selected.set(o.name, { ck: certkeys.get(o.name)!, why: 'expired', named: false });
}

/**
 * Replaced: a leaf Fieldkit created whose subject another certkey on the
 * appliance carries with a later expiry. Which one was pushed last does not
 * matter: a push of an older certificate does not replace a newer one.
 */
function selectReplaced({ certkeys, now }: SelectionInputs, present: OwnedCertkey[], selected: Map<string, RemovalCandidate>): void {
  for (const o of present.filter((p) => p.role === 'leaf')) {
    const ck = certkeys.get(o.name)!;
    if (selected.has(o.name)) continue;
    const successor = successorOf(ck, certkeys, now);
    if (successor) selected.set(o.name, { ck, why: `replaced by ${successor.name}, which expires later`, named: false });
  }
}

/** The certkey with the same subject that expires last, if it expires after `ck` and has not expired. */
export function successorOf(ck: ApplianceCertkey, certkeys: Map<string, ApplianceCertkey>, now: Date): ApplianceCertkey | undefined {
  const expiry = expiryMs(ck);
  if (expiry === undefined || ck.subject === '') return undefined;
  const subject = normalizeDn(ck.subject);
  let best: ApplianceCertkey | undefined;
  for (const other of certkeys.values()) {
    const otherExpiry = expiryMs(other);
    if (other.name === ck.name || otherExpiry === undefined || otherExpiry <= expiry || isExpired(other, now)) continue;
    if (normalizeDn(other.subject) !== subject) continue;
    if (best === undefined || otherExpiry > expiryMs(best)!) best = other;
  }
  return best;
}

function expiryMs(ck: ApplianceCertkey): number | undefined {
  if (ck.notAfter === undefined) return undefined;
  const t = new Date(ck.notAfter).getTime();
  return Number.isNaN(t) ? undefined : t;
}

/**
 * Fieldkit's intermediates that nothing will link to any more go too, when
 * expired or when cleaning replaced ones. One pass per intermediate, since
 * taking one can leave its own issuer unused.
 */
function selectUnusedIntermediates(
  { certkeys, bindings, options, now }: SelectionInputs,
  present: OwnedCertkey[],
  selected: Map<string, RemovalCandidate>,
): void {
  for (let pass = 0; pass < certkeys.size; pass++) {
    const linked = new Set(
      [...certkeys.values()]
        .filter((c) => !selected.has(c.name))
        .map((c) => c.linkedTo)
        .filter((l): l is string => l !== undefined),
    );
    const orphan = present.find(
      (o) =>
        o.role === 'chain' &&
        !selected.has(o.name) &&
        !linked.has(o.name) &&
        !bindings.some((b) => b.certkey === o.name) &&
        (options.replaced || isExpired(certkeys.get(o.name)!, now)),
    );
    if (!orphan) break;
    selected.set(orphan.name, {
      ck: certkeys.get(orphan.name)!,
      why: 'an intermediate Fieldkit added that no certificate uses any more',
      named: false,
    });
  }
}

/** Repeated until nothing more drops: keeping one certkey can make another unsafe to take. */
function dropUnsafe({ certkeys, bindings }: SelectionInputs, { selected, skipped }: RemovalSelection): void {
  for (let pass = 0; pass <= selected.size; pass++) {
    let dropped = false;
    for (const [name, candidate] of selected) {
      const reason = harmOfRemoving(name, candidate, certkeys, bindings, selected);
      if (reason !== undefined) {
        selected.delete(name);
        skipped.push({ certkey: name, reason });
        dropped = true;
      }
    }
    if (!dropped) break;
  }
}

function harmOfRemoving(
  name: string,
  candidate: RemovalCandidate,
  certkeys: Map<string, ApplianceCertkey>,
  bindings: ApplianceBinding[],
  selected: Map<string, RemovalCandidate>,
): string | undefined {
  const own = bindings.filter((b) => b.certkey === name);
  const linkedFrom = [...certkeys.values()].filter((c) => c.linkedTo === name && !selected.has(c.name)).map((c) => c.name);
  if (linkedFrom.length > 0) return `The certkey(s) ${linkedFrom.join(', ')} link to it; removing it would break their chain.`;
  if (!candidate.named && own.length > 0)
    return `It is still bound to ${own.map((b) => b.vserver).join(', ')}; bind its replacement first, or name it explicitly.`;
  const orphaned = own.filter(
    (b) => !b.sni && !b.ca && !bindings.some((o) => o.vserver === b.vserver && !o.sni && !o.ca && o.certkey !== name),
  );
  if (orphaned.length > 0)
    return `vserver ${orphaned.map((b) => b.vserver).join(', ')} would be left without a server certificate; bind its replacement first.`;
  return undefined;
}
