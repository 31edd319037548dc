import {
  ApplianceProfile,
  RemovalOptions,
  type ApplianceProfileInput,
  type RemovalOptionsInput,
  type RemovalResult,
  type StepRecord,
} from '../../../shared/schemas/certificates.ts';
import type { NitroCall } from '../nitro/nitro-call.ts';
import { NitroClient, type GetPassword, type NitroClientOptions } from '../nitro/nitro-client.ts';
import { failureInfo } from '../nitro/nitro-failure.ts';
import {
  fileNameIn,
  readAllBindings,
  readCertkeys,
  readFileContent,
  readFileNames,
  type ApplianceBinding,
  type ApplianceCertkey,
} from './appliance-view.ts';
import { commonNameOf } from '../x509/certificate-fields.ts';
import { isExpired } from './certificate-inventory.ts';
import { executePlan, safeEmit, type ProgressListener } from './plan-executor.ts';
import type { CertPushHistory, OwnedCertkey } from './push-history.ts';
import { stepView, type PlanBase, type PlannedStep } from './push-plan.ts';
import { saveCall } from './push-planner.ts';

/**
 * Removes certificates Fieldkit put on an appliance once they expired or were
 * replaced (or ones the user names): unbind, delete the certkey, delete its
 * files, save. Never a certkey Fieldkit did not create unless named; never one
 * that would leave a vserver without its server certificate or break another
 * certkey's chain. The removal rolls back like a push.
 */

export interface RemovalDeps {
  getPassword: GetPassword;
  history?: CertPushHistory;
  onProgress?: ProgressListener;
  client?: Omit<NitroClientOptions, 'profile' | 'getPassword'>;
  /** Plan only: log in, read, compute, log out. */
  dryRun?: boolean;
  now?: () => Date;
}

interface Selected {
  ck: ApplianceCertkey;
  why: string;
  named: boolean;
}

function certkeyBody(ck: ApplianceCertkey): Record<string, unknown> {
  const body: Record<string, unknown> = { certkey: ck.name, cert: ck.certPath, inform: ck.inform };
  if (ck.keyPath !== undefined) body['key'] = ck.keyPath;
  // Expiry monitoring comes back as it was; a key passphrase (passplain) cannot be read back and is not restored.
  if (ck.expiryMonitor === 'ENABLED') {
    body['expirymonitor'] = 'ENABLED';
    if (ck.notificationPeriod !== undefined) body['notificationperiod'] = ck.notificationPeriod;
  }
  return body;
}

export async function removeCertificates(
  profileInput: ApplianceProfileInput,
  optionsInput: RemovalOptionsInput,
  deps: RemovalDeps,
): Promise<RemovalResult> {
  const profile = ApplianceProfile.parse(profileInput);
  const options = RemovalOptions.parse(optionsInput);
  const now = deps.now?.() ?? new Date();
  const client = new NitroClient({ ...deps.client, profile, getPassword: deps.getPassword });
  const key = { host: profile.host, port: profile.port, partition: client.partition };
  const historyId = deps.dryRun
    ? undefined
    : deps.history?.startPush({ operation: 'remove', appliance: client.appliance, profileId: profile.id, ...key });
  const result: RemovalResult = { appliance: client.appliance, outcome: 'unchanged', removed: [], skipped: [], steps: [], plan: [] };
  try {
    safeEmit(deps.onProgress, {
      appliance: client.appliance,
      phase: 'connect',
      stepIndex: -1,
      stepCount: 0,
      stepLabel: 'Log in',
      status: 'running',
    });
    await client.login();
    const ha = await client.haInfo();
    if (ha.state === 'secondary') {
      result.outcome = 'failed';
      result.error = {
        code: 'APPLIANCE_IS_SECONDARY',
        message: `${client.appliance} is the HA secondary${ha.peerAddress ? `; the primary is ${ha.peerAddress}` : ''}. Remove certificates on the primary. Nothing was changed.`,
        step: 'read HA state',
      };
      return result;
    }
    const certkeys = await readCertkeys(client);
    const bindings = await readAllBindings(client);
    const files = await readFileNames(client);
    const owned = new Map<string, OwnedCertkey>((deps.history?.ownedCertkeys(key) ?? []).map((o) => [o.name, o]));

    // ---- what to remove ----
    const selected = new Map<string, Selected>();
    for (const name of options.certkeys) {
      const ck = certkeys.get(name);
      if (!ck) result.skipped.push({ certkey: name, reason: 'It is not on the appliance.' });
      else selected.set(name, { ck, why: 'named by the user', named: true });
    }
    const present = [...owned.values()].filter((o) => certkeys.has(o.name));
    if (options.expired) {
      for (const o of present)
        if (!selected.has(o.name) && isExpired(certkeys.get(o.name)!, now))
          selected.set(o.name, { ck: certkeys.get(o.name)!, why: 'expired', named: false });
    }
    if (options.replaced) {
      for (const o of present.filter((p) => p.role === 'leaf')) {
        const ck = certkeys.get(o.name)!;
        if (selected.has(o.name)) continue;
        const cn = commonNameOf(ck.subject)?.toLowerCase();
        // Replaced: Fieldkit pushed a certificate for the same name after this one.
        const newer = present.find(
          (p) =>
            p.role === 'leaf' &&
            p.name !== o.name &&
            commonNameOf(certkeys.get(p.name)!.subject)?.toLowerCase() === cn &&
            pushedAfter(p, o),
        );
        if (newer) selected.set(o.name, { ck, why: `replaced by ${newer.name}`, named: false });
      }
    }
    // Fieldkit's intermediates that nothing will link to any more go too, when expired or when cleaning replaced ones.
    const remainingLinks = () =>
      new Set(
        [...certkeys.values()]
          .filter((c) => !selected.has(c.name))
          .map((c) => c.linkedTo)
          .filter((l): l is string => l !== undefined),
      );
    for (let pass = 0; pass < certkeys.size && (options.expired || options.replaced); pass++) {
      const linked = remainingLinks();
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

    // ---- safety: drop what cannot go without harm ----
    for (let pass = 0; pass <= selected.size; pass++) {
      let dropped = false;
      for (const [name, s] of selected) {
        const own = bindings.filter((b) => b.certkey === name);
        const linkedFrom = [...certkeys.values()].filter((c) => c.linkedTo === name && !selected.has(c.name)).map((c) => c.name);
        let reason: string | undefined;
        if (linkedFrom.length > 0) reason = `The certkey(s) ${linkedFrom.join(', ')} link to it; removing it would break their chain.`;
        else if (!s.named && own.length > 0)
          reason = `It is still bound to ${own.map((b) => b.vserver).join(', ')}; bind its replacement first, or name it explicitly.`;
        else {
          const orphaned = own.filter(
            (b) => !b.sni && !b.ca && !bindings.some((o) => o.vserver === b.vserver && !o.sni && !o.ca && o.certkey !== name),
          );
          if (orphaned.length > 0)
            reason = `vserver ${orphaned.map((b) => b.vserver).join(', ')} would be left without a server certificate; bind its replacement first.`;
        }
        if (reason !== undefined) {
          selected.delete(name);
          result.skipped.push({ certkey: name, reason });
          dropped = true;
        }
      }
      if (!dropped) break;
    }
    // Certkeys someone else removed are no longer Fieldkit's to track.
    if (!deps.dryRun) for (const o of owned.values()) if (!certkeys.has(o.name)) deps.history?.markRemoved(key, o.name);

    // ---- steps: unbind, delete certkeys (children first), delete files, save ----
    const steps: PlannedStep[] = [];
    const order = [...selected.values()].sort((a, b) => depth(b.ck.name, certkeys) - depth(a.ck.name, certkeys));
    for (const s of order) {
      for (const b of bindings.filter((x) => x.certkey === s.ck.name)) steps.push(unbindStep(b));
    }
    for (const s of order) {
      const undo: PlannedStep['undo'] = [
        {
          intent: `Add certkey ${s.ck.name} back`,
          done: `Added certkey ${s.ck.name} back`,
          call: { method: 'POST', resource: 'sslcertkey', body: { sslcertkey: certkeyBody(s.ck) } },
        },
      ];
      if (s.ck.linkedTo !== undefined) {
        undo.push({
          intent: `Link ${s.ck.name} back to ${s.ck.linkedTo}`,
          done: `Linked certkey ${s.ck.name} back to ${s.ck.linkedTo}`,
          call: {
            method: 'POST',
            resource: 'sslcertkey',
            action: 'link',
            body: { sslcertkey: { certkey: s.ck.name, linkcertkeyname: s.ck.linkedTo } },
          },
        });
      }
      steps.push({
        kind: 'delete-certkey',
        label: `Delete certkey ${s.ck.name} (${s.why})`,
        call: { method: 'DELETE', resource: 'sslcertkey', name: s.ck.name },
        undo,
      });
    }
    const stillUsed = new Set(
      [...certkeys.values()]
        .filter((c) => !selected.has(c.name))
        .flatMap((c) => [c.certPath, c.keyPath ?? ''])
        .map((p) => fileNameIn(client.fileLocation, p)),
    );
    const argsLoc = client.fileLocation.replace(/\/$/, '');
    for (const s of order) {
      for (const path of [s.ck.certPath, s.ck.keyPath]) {
        const name = fileNameIn(client.fileLocation, path);
        if (name === undefined || stillUsed.has(name) || !files.has(name)) continue;
        stillUsed.add(name);
        const content = await readFileContent(client, name);
        const undo: PlannedStep['undo'] =
          content === undefined
            ? []
            : [
                {
                  intent: `Upload ${name} again`,
                  done: `Uploaded the deleted file ${name} again`,
                  call: {
                    method: 'POST',
                    resource: 'systemfile',
                    body: { systemfile: { filename: name, filelocation: argsLoc, filecontent: content, fileencoding: 'BASE64' } },
                  },
                },
              ];
        steps.push({
          kind: 'delete-file',
          label: `Delete file ${name}`,
          call: { method: 'DELETE', resource: 'systemfile', name, args: { filelocation: argsLoc } },
          undo,
        });
      }
    }
    if (steps.length > 0) steps.push({ kind: 'save-config', label: 'Save the running configuration', call: saveCall(), undo: [] });
    result.plan = steps.map(stepView);
    safeEmit(deps.onProgress, {
      appliance: client.appliance,
      phase: 'plan',
      stepIndex: -1,
      stepCount: steps.length,
      stepLabel: 'Plan the removal',
      status: 'done',
    });
    if (deps.dryRun || steps.length === 0) return result;

    const plan: PlanBase = {
      appliance: client.appliance,
      partition: client.partition,
      fileLocation: client.fileLocation,
      haState: ha.state,
      steps,
      reads: [],
      alreadyRight: [],
      warnings: [],
    };
    const exec = await executePlan(client, plan, {
      ...(deps.onProgress ? { onProgress: deps.onProgress } : {}),
      ...(historyId !== undefined ? { onStep: (rec: StepRecord) => deps.history!.recordStep(historyId, rec) } : {}),
    });
    result.outcome = exec.outcome;
    result.steps = exec.steps;
    if (exec.rollback) result.rollback = exec.rollback;
    if (exec.error) result.error = exec.error;
    if (exec.outcome === 'succeeded') {
      result.removed = order.map((s) => s.ck.name);
      for (const name of result.removed) deps.history?.markRemoved(key, name);
    }
    return result;
  } catch (err) {
    result.outcome = 'failed';
    result.error = failureInfo(err);
    return result;
  } finally {
    await client.close();
    if (historyId !== undefined)
      deps.history!.finishPush(historyId, {
        outcome: result.outcome,
        ...(result.error ? { error: result.error } : {}),
        ...(result.rollback ? { rollback: result.rollback } : {}),
      });
  }
}

function pushedAfter(a: OwnedCertkey, b: OwnedCertkey): boolean {
  if (a.pushId !== undefined && b.pushId !== undefined && a.pushId !== b.pushId) return a.pushId > b.pushId;
  return a.createdAt > b.createdAt;
}

/** How many links below the top: children (leaves) are deleted before the intermediates they link to. */
function depth(name: string, certkeys: Map<string, ApplianceCertkey>): number {
  let d = 0;
  let cur = certkeys.get(name)?.linkedTo;
  for (let i = 0; cur !== undefined && i < certkeys.size; i++) {
    d++;
    cur = certkeys.get(cur)?.linkedTo;
  }
  return d;
}

function unbindStep(b: ApplianceBinding): PlannedStep {
  const args: Record<string, string> = { certkeyname: b.certkey };
  if (b.sni) args['snicert'] = 'true';
  if (b.ca) args['ca'] = 'true';
  const rebind: NitroCall = {
    method: 'PUT',
    resource: 'sslvserver_sslcertkey_binding',
    body: {
      sslvserver_sslcertkey_binding: { vservername: b.vserver, certkeyname: b.certkey, snicert: b.sni, ...(b.ca ? { ca: true } : {}) },
    },
  };
  return {
    kind: 'unbind-certkey',
    label: `Unbind certkey ${b.certkey} from vserver ${b.vserver}${b.sni ? ' (SNI)' : ''}${b.ca ? ' (CA)' : ''}`,
    call: { method: 'DELETE', resource: 'sslvserver_sslcertkey_binding', name: b.vserver, args },
    undo: [
      { intent: `Bind ${b.certkey} to ${b.vserver} again`, done: `Rebound certkey ${b.certkey} to vserver ${b.vserver}`, call: rebind },
    ],
  };
}
