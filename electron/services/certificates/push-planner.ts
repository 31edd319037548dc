import { X509Certificate, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import type { PushOptions } from '../../../shared/schemas/certificates.ts';
import type { NitroCall } from '../nitro/nitro-call.ts';
import { NitroFailure } from '../nitro/nitro-failure.ts';
import { certkeyIdentity, type ApplianceCertkey, type ApplianceView } from './appliance-view.ts';
import { commonNameOf, dnOneLine, normalizeDn, subjectAltNames, sha256Hex } from '../x509/certificate-fields.ts';
import { NETSCALER_NAME_MAX } from '../../../shared/schemas/network-names.ts';
import { certIdentity, type PreparedBundle } from './bundle-validator.ts';
import { renderBaseName, suffixedName } from './file-naming.ts';
import { planDigest, type CreatedCertkey, type PlannedStep, type PushPlan } from './push-plan.ts';

/**
 * Turns "this bundle, these vservers, these options" and what the appliance
 * holds into the exact ordered NITRO calls of a push. Nothing already right is
 * redone: identical files and certkeys are reused, present links and bindings
 * kept. Order keeps every intermediate state safe: files before certkeys,
 * issuers before the certificates linked to them, links before bindings, and
 * save last.
 */

export interface PlanInputs {
  view: ApplianceView;
  bundle: PreparedBundle;
  options: PushOptions;
  /** Reads a file's content (base64) on the appliance; only called when a planned name is already taken. */
  readFile: (name: string) => Promise<string | undefined>;
}

function b64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

function sameCertificate(existingB64: string | undefined, ours: X509Certificate): boolean {
  if (existingB64 === undefined) return false;
  const text = Buffer.from(existingB64, 'base64').toString('latin1');
  const m = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(text);
  try {
    const x = m ? new X509Certificate(m[0]) : new X509Certificate(Buffer.from(existingB64, 'base64'));
    return x.fingerprint256 === ours.fingerprint256;
  } catch {
    return false;
  }
}

function sameKey(existingB64: string | undefined, ours: KeyObject): boolean {
  if (existingB64 === undefined) return false;
  try {
    const theirs = createPrivateKey({ key: Buffer.from(existingB64, 'base64').toString('latin1'), format: 'pem' });
    const a = createPublicKey(theirs).export({ format: 'der', type: 'spki' });
    const b = createPublicKey(ours).export({ format: 'der', type: 'spki' });
    return Buffer.compare(a, b) === 0;
  } catch {
    return false;
  }
}

/** The domain an appliance registers a certkey to: the CN, or the first DNS SAN. */
function registeredDomain(subject: string, sans: string[] = []): string | undefined {
  return (commonNameOf(subject) ?? sans[0])?.toLowerCase();
}

export async function computePushPlan(inputs: PlanInputs): Promise<PushPlan> {
  const { view, bundle, options } = inputs;
  const fail = (code: 'CERTKEY_NAME_TAKEN' | 'DOMAIN_CHANGE_NOT_ALLOWED' | 'FILE_NAME_COLLISION' | 'BUNDLE_INVALID', message: string) =>
    new NitroFailure(code, `${view.appliance}: ${message} Nothing was changed.`, { appliance: view.appliance, step: 'plan' });
  const loc = view.fileLocation;
  const argsLoc = loc.replace(/\/$/, '');
  const steps: PlannedStep[] = [];
  const alreadyRight: string[] = [];
  const warnings: string[] = [];
  const created: CreatedCertkey[] = [];
  const takenNames = new Set<string>();
  const key = createPrivateKey(bundle.keyPem);

  // ---- files: unique names, identical files reused, never an overwrite ----
  const uploads: PlannedStep[] = [];
  async function placeFile(
    base: string,
    ext: '.cer' | '.key',
    content: string,
    same: (b64: string | undefined) => boolean,
    what: string,
  ): Promise<string> {
    let name = `${base}${ext}`;
    const contentHash = sha256Hex(content);
    for (let attempt = 0; attempt < 3; attempt++) {
      if (!takenNames.has(name)) {
        if (!view.files.has(name)) {
          takenNames.add(name);
          uploads.push({
            kind: 'upload-file',
            label: `Upload ${what} file ${name}`,
            call: {
              method: 'POST',
              resource: 'systemfile',
              body: { systemfile: { filename: name, filelocation: argsLoc, filecontent: b64(content), fileencoding: 'BASE64' } },
            },
            undo: [
              {
                intent: `Delete file ${name}`,
                done: `Deleted the uploaded file ${name}`,
                call: { method: 'DELETE', resource: 'systemfile', name, args: { filelocation: argsLoc } },
              },
            ],
          });
          return name;
        }
        if (same(await inputs.readFile(name))) {
          takenNames.add(name);
          alreadyRight.push(`The ${what} file ${name} is already on the appliance with the same content; it is reused.`);
          return name;
        }
      }
      name = `${suffixedName(base, contentHash.slice(0, 6 + attempt * 4))}${ext}`;
    }
    throw fail('FILE_NAME_COLLISION', `the file names for the ${what} are all taken by files with other content (last tried ${name}).`);
  }

  const leafBase = renderBaseName(options.nameSchema, bundle.leaf);
  const certkeyName = options.certkeyName ?? leafBase;
  const leafName = bundle.report.leaf?.commonName ?? dnOneLine(bundle.leaf.subject);

  // ---- chain: each intermediate its own certkey, reused when the appliance has it ----
  const byIdentity = new Map<string, ApplianceCertkey>();
  for (const ck of view.certkeys.values()) byIdentity.set(certkeyIdentity(ck), ck);
  const chainNames: string[] = [];
  const chainAdds: PlannedStep[] = [];
  const plannedCertkeys = new Set<string>();
  for (const ca of bundle.chain) {
    const existing = byIdentity.get(certIdentity(ca));
    if (existing) {
      chainNames.push(existing.name);
      alreadyRight.push(`The intermediate ${dnOneLine(ca.subject)} is already on the appliance as certkey ${existing.name}; it is reused.`);
      continue;
    }
    const base = renderBaseName(options.nameSchema, ca);
    let name = base;
    for (let i = 0; i < 3 && (view.certkeys.has(name) || plannedCertkeys.has(name) || name === certkeyName); i++)
      name = suffixedName(base, sha256Hex(ca.raw).slice(0, 6 + i * 4), NETSCALER_NAME_MAX);
    plannedCertkeys.add(name);
    chainNames.push(name);
  }
  // Files and certkeys top-down (root side first), so an issuer exists before anything links to it.
  const chainFiles: string[] = [];
  for (let i = bundle.chain.length - 1; i >= 0; i--) {
    const ca = bundle.chain[i]!;
    if (byIdentity.has(certIdentity(ca))) {
      chainFiles[i] = '';
      continue;
    }
    chainFiles[i] = await placeFile(
      renderBaseName(options.nameSchema, ca),
      '.cer',
      bundle.chainPems[i]!,
      (c) => sameCertificate(c, ca),
      'intermediate certificate',
    );
  }
  for (let i = bundle.chain.length - 1; i >= 0; i--) {
    const ca = bundle.chain[i]!;
    if (byIdentity.has(certIdentity(ca))) continue;
    const name = chainNames[i]!;
    chainAdds.push({
      kind: 'add-certkey',
      label: `Add certkey ${name} for the intermediate ${commonNameOf(ca.subject) ?? dnOneLine(ca.subject)}`,
      call: { method: 'POST', resource: 'sslcertkey', body: { sslcertkey: { certkey: name, cert: chainFiles[i], inform: 'PEM' } } },
      undo: [
        {
          intent: `Delete certkey ${name}`,
          done: `Deleted the added certkey ${name}`,
          call: { method: 'DELETE', resource: 'sslcertkey', name },
        },
      ],
    });
    created.push({
      name,
      role: 'chain',
      certFile: chainFiles[i]!,
      subject: dnOneLine(ca.subject),
      serialHex: bundle.report.chain[i]!.serialHex,
      notAfter: bundle.report.chain[i]!.notAfter,
    });
  }

  // ---- the leaf certkey: add, change in place, or already right ----
  const existing = view.certkeys.get(certkeyName);
  let certkeyAction: PushPlan['certkeyAction'];
  const leafSteps: PlannedStep[] = [];
  let leafCertFile = '';
  let leafKeyFile = '';
  if (existing && certkeyIdentity(existing) === certIdentity(bundle.leaf)) {
    certkeyAction = 'unchanged';
    alreadyRight.push(`The certkey ${certkeyName} already holds this certificate (serial ${bundle.report.leaf?.serialHex}).`);
  } else {
    if (existing && !options.preserve) {
      throw fail(
        'CERTKEY_NAME_TAKEN',
        `the certkey ${certkeyName} already holds another certificate (${existing.subject}, serial ${existing.serialHex}). Choose "preserve" to change it in place, or another certkey name.`,
      );
    }
    leafCertFile = await placeFile(leafBase, '.cer', bundle.leafPem, (c) => sameCertificate(c, bundle.leaf), 'certificate');
    leafKeyFile = await placeFile(leafBase, '.key', bundle.keyPem, (c) => sameKey(c, key), 'key');
    if (existing) {
      certkeyAction = 'update';
      const before = registeredDomain(existing.subject);
      const after = registeredDomain(bundle.leaf.subject, subjectAltNames(bundle.leaf));
      const domainChanges = before !== after;
      if (domainChanges && !options.allowDomainChange) {
        throw fail(
          'DOMAIN_CHANGE_NOT_ALLOWED',
          `the new certificate is for ${after ?? '(no name)'} but the certkey ${certkeyName} is registered to ${before ?? '(no name)'}; allow the domain change if that is intended.`,
        );
      }
      if (domainChanges) warnings.push(`The certkey ${certkeyName} changes domain from ${before} to ${after} (allowed by the user).`);
      const body: Record<string, unknown> = { certkey: certkeyName, cert: leafCertFile, key: leafKeyFile, inform: 'PEM' };
      if (domainChanges) body['nodomaincheck'] = true;
      const back: Record<string, unknown> = { certkey: certkeyName, cert: existing.certPath, inform: existing.inform };
      if (existing.keyPath !== undefined) back['key'] = existing.keyPath;
      if (domainChanges) back['nodomaincheck'] = true;
      leafSteps.push({
        kind: 'update-certkey',
        label: `Change certkey ${certkeyName} in place to the new certificate for ${leafName} (bindings stay)`,
        call: { method: 'POST', resource: 'sslcertkey', action: 'update', body: { sslcertkey: body } },
        undo: [
          {
            intent: `Change certkey ${certkeyName} back to ${existing.certPath}`,
            done: `Restored certkey ${certkeyName} to its previous certificate (${existing.certPath}${existing.keyPath ? `, ${existing.keyPath}` : ''})`,
            call: { method: 'POST', resource: 'sslcertkey', action: 'update', body: { sslcertkey: back } },
          },
        ],
      });
    } else {
      certkeyAction = 'add';
      if (options.preserve && options.certkeyName !== undefined)
        warnings.push(`The certkey ${certkeyName} does not exist on the appliance yet; it is created.`);
      leafSteps.push({
        kind: 'add-certkey',
        label: `Add certkey ${certkeyName} for ${leafName}`,
        call: {
          method: 'POST',
          resource: 'sslcertkey',
          body: { sslcertkey: { certkey: certkeyName, cert: leafCertFile, key: leafKeyFile, inform: 'PEM' } },
        },
        undo: [
          {
            intent: `Delete certkey ${certkeyName}`,
            done: `Deleted the added certkey ${certkeyName}`,
            call: { method: 'DELETE', resource: 'sslcertkey', name: certkeyName },
          },
        ],
      });
      created.push({
        name: certkeyName,
        role: 'leaf',
        certFile: leafCertFile,
        keyFile: leafKeyFile,
        subject: dnOneLine(bundle.leaf.subject),
        serialHex: bundle.report.leaf!.serialHex,
        notAfter: bundle.report.leaf!.notAfter,
      });
    }
  }

  // ---- links: leaf -> chain[0] -> ... -> an issuer the appliance holds ----
  const top = bundle.chain.length > 0 ? bundle.chain[bundle.chain.length - 1]! : bundle.leaf;
  const topIsRoot = top.checkIssued(top);
  let applianceIssuer: ApplianceCertkey | undefined;
  if (!topIsRoot) {
    const wanted = normalizeDn(top.issuer);
    const candidates = [...view.certkeys.values()].filter(
      (ck) => normalizeDn(ck.subject) === wanted && !chainNames.includes(ck.name) && ck.name !== certkeyName,
    );
    applianceIssuer = candidates.find((ck) => ck.status === undefined || ck.status === 'Valid') ?? candidates[0];
    if (!applianceIssuer && bundle.report.chainEnd === 'incomplete') {
      throw fail(
        'BUNDLE_INVALID',
        `the chain is incomplete: the issuer ${dnOneLine(top.issuer)} of ${dnOneLine(top.subject)} is neither in the bundle nor on the appliance.`,
      );
    }
  }
  const names = [certkeyName, ...chainNames];
  const parents = [...chainNames, ...(applianceIssuer ? [applianceIssuer.name] : [])];
  const unlinks: PlannedStep[] = [];
  const links: PlannedStep[] = [];
  for (let i = names.length - 1; i >= 0; i--) {
    const child = names[i]!;
    const parent = parents[i];
    const current = view.certkeys.get(child)?.linkedTo;
    if (parent === undefined) continue;
    if (current === parent) {
      alreadyRight.push(`The certkey ${child} is already linked to ${parent}.`);
      continue;
    }
    if (current !== undefined) {
      // A link that points elsewhere is the old chain: it goes before the certkey changes.
      unlinks.push({
        kind: 'unlink-certkey',
        label: `Unlink certkey ${child} from its old issuer ${current}`,
        call: { method: 'POST', resource: 'sslcertkey', action: 'unlink', body: { sslcertkey: { certkey: child } } },
        undo: [
          {
            intent: `Link ${child} back to ${current}`,
            done: `Linked certkey ${child} back to ${current}`,
            call: {
              method: 'POST',
              resource: 'sslcertkey',
              action: 'link',
              body: { sslcertkey: { certkey: child, linkcertkeyname: current } },
            },
          },
        ],
      });
    }
    links.push({
      kind: 'link-certkey',
      label: `Link certkey ${child} to its issuer ${parent}`,
      call: { method: 'POST', resource: 'sslcertkey', action: 'link', body: { sslcertkey: { certkey: child, linkcertkeyname: parent } } },
      undo: [
        {
          intent: `Unlink ${child} from ${parent}`,
          done: `Unlinked certkey ${child} from ${parent}`,
          call: { method: 'POST', resource: 'sslcertkey', action: 'unlink', body: { sslcertkey: { certkey: child } } },
        },
      ],
    });
  }

  // ---- bindings ----
  const bindSteps: PlannedStep[] = [];
  for (const target of options.vservers) {
    const current = view.bindings.get(target.name) ?? [];
    if (current.some((b) => b.certkey === certkeyName && b.sni === target.sni && !b.ca)) {
      alreadyRight.push(
        `The certkey ${certkeyName} is already bound to vserver ${target.name}${target.sni ? ' as an SNI certificate' : ''}.`,
      );
      continue;
    }
    if (!target.sni) {
      for (const old of current.filter((b) => !b.sni && !b.ca && b.certkey !== certkeyName)) {
        warnings.push(
          `vserver ${target.name} serves no certificate between unbinding ${old.certkey} and binding ${certkeyName} (two consecutive calls); "preserve" avoids even that.`,
        );
        bindSteps.push({
          kind: 'unbind-certkey',
          label: `Unbind the current certkey ${old.certkey} from vserver ${target.name}`,
          call: { method: 'DELETE', resource: 'sslvserver_sslcertkey_binding', name: target.name, args: { certkeyname: old.certkey } },
          undo: [
            {
              intent: `Bind ${old.certkey} to ${target.name} again`,
              done: `Rebound certkey ${old.certkey} to vserver ${target.name}`,
              call: {
                method: 'PUT',
                resource: 'sslvserver_sslcertkey_binding',
                body: { sslvserver_sslcertkey_binding: { vservername: target.name, certkeyname: old.certkey, snicert: false } },
              },
            },
          ],
        });
      }
    }
    const args: Record<string, string> = { certkeyname: certkeyName };
    if (target.sni) args['snicert'] = 'true';
    bindSteps.push({
      kind: 'bind-certkey',
      label: `Bind certkey ${certkeyName} to vserver ${target.name}${target.sni ? ' as an SNI certificate' : ''}`,
      call: {
        method: 'PUT',
        resource: 'sslvserver_sslcertkey_binding',
        body: { sslvserver_sslcertkey_binding: { vservername: target.name, certkeyname: certkeyName, snicert: target.sni } },
      },
      undo: [
        {
          intent: `Unbind ${certkeyName} from ${target.name}`,
          done: `Unbound certkey ${certkeyName} from vserver ${target.name}`,
          call: { method: 'DELETE', resource: 'sslvserver_sslcertkey_binding', name: target.name, args },
        },
      ],
    });
  }

  steps.push(...uploads, ...chainAdds, ...unlinks, ...leafSteps, ...links, ...bindSteps);
  if (steps.length > 0) {
    if (view.ha.state === 'primary') {
      steps.push({ kind: 'ha-sync', label: 'Copy the SSL files to the HA secondary', call: hafilesSyncCall(), undo: [] });
    }
    steps.push({ kind: 'save-config', label: 'Save the running configuration', call: saveCall(), undo: [] });
  }
  if (view.ha.state === 'primary')
    warnings.push(
      `This appliance is the HA primary${view.ha.peerAddress ? ` (secondary ${view.ha.peerAddress})` : ''}: the push goes to the primary, which passes it on to the secondary.`,
    );

  const plan: PushPlan = {
    appliance: view.appliance,
    partition: view.partition,
    fileLocation: view.fileLocation,
    haState: view.ha.state,
    steps,
    reads: view.reads,
    alreadyRight,
    warnings,
    certkey: certkeyName,
    certkeyAction,
    created,
    digest: planDigest(steps),
  };
  if (view.ha.peerAddress !== undefined) plan.peerAddress = view.ha.peerAddress;
  return plan;
}

export function hafilesSyncCall(): NitroCall {
  return { method: 'POST', resource: 'hafiles', action: 'sync', body: { hafiles: { mode: ['ssl'] } } };
}

export function saveCall(): NitroCall {
  return { method: 'POST', resource: 'nsconfig', action: 'save', body: { nsconfig: {} } };
}
