import type {
  ApplianceProfileInput,
  ApprovedRemoval,
  BundleReport,
  ConnectionTestResult,
  FailureInfo,
  FleetSummary,
  HistoryPush,
  Inventory,
  PlanView,
  PresentedCertificate,
  ProgressEvent,
  PushOptionsInput,
  RemovalOptionsInput,
  RemovalResult,
} from '../../../shared/schemas/certificates.ts';
import { ApplianceProfile, DEFAULT_NAME_SCHEMA } from '../../../shared/schemas/certificates.ts';
import type { SecretRedactor } from '../log/secret-redactor.ts';
import { fetchPresentedCertificate } from '../nitro/appliance-trust.ts';
import { testApplianceConnection } from '../nitro/connection-test.ts';
import type { GetPassword } from '../nitro/nitro-client.ts';
import { failureInfo } from '../nitro/nitro-failure.ts';
import type { SavedProfiles } from '../profiles/saved-profiles.ts';
import type { TaskControl } from '../tasks/task-control.ts';
import type { TaskRegistry } from '../tasks/task-registry.ts';
import type { AnsibleExportSummary } from '../../../shared/schemas/ansible-export.ts';
import { checkExportFolder, writeExportFolder } from '../files/export-folder.ts';
import { buildAnsibleExport, type AnsibleTarget, type ExportFile } from './ansible-export.ts';
import { planPushCalls, planPushToAppliance, type PushTarget } from './appliance-push.ts';
import type { FileGrants, FileRef } from '../files/file-grants.ts';
import type { BundleFiles } from './bundle-loader.ts';
import type { BundleSession } from './bundle-session.ts';
import { readInventory } from './certificate-inventory.ts';
import { removeCertificates } from './certificate-removal.ts';
import { readFleetExpiry, type ExpiryTarget, type SyncCoverage } from './fleet-expiry.ts';
import { checkNameSchema } from './file-naming.ts';
import { pushToFleet } from './fleet-push.ts';
import { applianceLabel } from '../nitro/nitro-client.ts';
import { DEFAULT_EXPIRY_WINDOW_DAYS, type FleetExpiry } from '../../../shared/schemas/certificate-expiry.ts';
import { toPlanView } from './push-plan.ts';
import type { CertPushHistory } from './push-history.ts';
import { checkServedCertificates } from './served-certificate-check.ts';
import type { VerifyInput, VerifyReport } from '../../../shared/schemas/certificate-verify.ts';

/**
 * An appliance to work on: a saved profile (password from the keychain), or
 * one given for this call only (the CLI's --appliance, password from its
 * environment), with its HA peer when the secondary should be checked.
 */
export type ApplianceRef = { profileId: string } | { profile: ApplianceProfileInput; password: string; peer?: ApplianceProfileInput };

/** A bundle's files as granted tokens (the app) or paths (the CLI). */
export type BundleFileRefs = { cert: FileRef; key: FileRef; chain?: FileRef | undefined } | { pfx: FileRef };

export type PlanOutcome = { applianceId: string; plan: PlanView } | { applianceId: string; error: FailureInfo };

/** Per-request NITRO timeout; the default suits an appliance on the same site. */
interface ApplianceCallOptions {
  timeoutMs?: number | undefined;
}

export interface CertificatesApi {
  /** The certificate an appliance presents, for trust on first use. */
  fetchPresentedCertificate(input: { host: string; port: number }): Promise<PresentedCertificate>;
  testConnection(input: { applianceId: string }): Promise<ConnectionTestResult>;
  /** Reads and validates a bundle; the key stays in the engine while it is needed (BundleSession), the caller gets an id and the report. */
  loadBundle(input: { files: BundleFileRefs; passphrase?: string | undefined }): Promise<{ bundleId: string; report: BundleReport }>;
  /** The exact NITRO calls a push would make on each appliance, changing nothing; one appliance's failure is its own row. */
  plan(
    input: { bundleId: string; appliances: ApplianceRef[]; options: PushOptionsInput } & ApplianceCallOptions,
    task?: TaskControl,
  ): Promise<PlanOutcome[]>;
  push(
    input: {
      bundleId: string;
      appliances: ApplianceRef[];
      options: PushOptionsInput;
      concurrency?: number | undefined;
    } & ApplianceCallOptions,
    task?: TaskControl,
  ): Promise<FleetSummary>;
  inventory(input: { appliance: ApplianceRef } & ApplianceCallOptions): Promise<Inventory>;
  remove(
    input: {
      appliance: ApplianceRef;
      options: RemovalOptionsInput;
      dryRun: boolean;
      /** A dry run's list and digest: the removal takes exactly that, or nothing if the appliance changed. */
      approved?: ApprovedRemoval | undefined;
    } & ApplianceCallOptions,
    task?: TaskControl,
  ): Promise<RemovalResult>;
  /**
   * Every certkey of the given appliances (all saved ones when none are given),
   * read concurrently, soonest expiry first; `within` (days, default 30) marks
   * what is due. An appliance that cannot be read is a row of its own.
   */
  expiry(input?: { within?: number | undefined; appliances?: ApplianceRef[] | undefined } & ApplianceCallOptions): Promise<FleetExpiry>;
  history(input?: { limit?: number | undefined }): HistoryPush[];
  /** After a push: the certificate each vserver's VIP presents to a client asking for serverName, compared with the pushed one. */
  verify(input: { appliance: ApplianceRef } & VerifyInput & ApplianceCallOptions): Promise<VerifyReport>;
  /**
   * The plan as an Ansible playbook, inventory and certificate files (never the key, never a password).
   * Appliances that cannot be planned are left out and reported with their plan's error.
   */
  exportAnsible(input: AnsibleExportInput, task?: TaskControl): Promise<{ files: ExportFile[]; plans: PlanOutcome[] }>;
  /** exportAnsible, written into a new or empty folder (the CLI's --out, the app's save dialog). */
  saveAnsibleExport(input: AnsibleExportInput & { folder: string }, task?: TaskControl): Promise<AnsibleExportSummary>;
}

export type AnsibleExportInput = { bundleId: string; appliances: ApplianceRef[]; options: PushOptionsInput } & ApplianceCallOptions;

export interface CertificatesDeps {
  appliances: SavedProfiles<ApplianceProfile>;
  bundles: BundleSession;
  files: FileGrants;
  history: CertPushHistory;
  tasks: TaskRegistry;
  redactor: SecretRedactor;
  /** The certkeys saved syncs keep, by appliance, for the expiry view to name the sync beside each. */
  syncCoverage?: () => Promise<Array<{ applianceId: string; certkey: string; syncName: string }>>;
}

interface ResolvedAppliance {
  id: string;
  target: PushTarget;
}

export function createCertificatesApi(deps: CertificatesDeps): CertificatesApi {
  // Passwords given for one call (the CLI's) by profile id; saved profiles ask the keychain.
  const givenPasswords = new Map<string, string>();
  const getPassword: GetPassword = (profileId) => givenPasswords.get(profileId) ?? deps.appliances.password(profileId);

  function resolve(ref: ApplianceRef): ResolvedAppliance {
    if ('profileId' in ref) {
      const profile = deps.appliances.get(ref.profileId);
      const peer = profile.peerProfileId ? deps.appliances.get(profile.peerProfileId) : undefined;
      return { id: profile.id, target: peer ? { profile, peer } : { profile } };
    }
    const id = typeof ref.profile.id === 'string' ? ref.profile.id : String(ref.profile.host);
    deps.redactor.remember(ref.password);
    givenPasswords.set(id, ref.password);
    if (ref.peer && typeof ref.peer.id === 'string') givenPasswords.set(ref.peer.id, ref.password);
    return { id, target: ref.peer ? { profile: ref.profile, peer: ref.peer } : { profile: ref.profile } };
  }

  const client = (o: ApplianceCallOptions) => (o.timeoutMs !== undefined ? { client: { timeoutMs: o.timeoutMs } } : {});
  const progressOf = (task: TaskControl | undefined) => {
    const onProgress = task?.onProgress;
    return onProgress
      ? { onProgress: (event: ProgressEvent) => onProgress({ taskId: task.taskId ?? '', kind: 'certificates', event }) }
      : {};
  };

  return {
    fetchPresentedCertificate: ({ host, port }) => fetchPresentedCertificate(host, port),
    testConnection: ({ applianceId }) => testApplianceConnection(deps.appliances.get(applianceId), getPassword),
    loadBundle: ({ files, passphrase }) => {
      if (passphrase !== undefined) deps.redactor.remember(passphrase);
      return deps.bundles.load(resolveBundleFiles(deps.files, files), passphrase);
    },
    async plan(input, task) {
      checkNameSchema(input.options.nameSchema ?? DEFAULT_NAME_SCHEMA);
      const bundle = deps.bundles.get(input.bundleId);
      const targets = input.appliances.map(resolve);
      return Promise.all(
        targets.map(async ({ id, target }): Promise<PlanOutcome> => {
          try {
            const plan = await planPushToAppliance(target, bundle, input.options, { getPassword, ...client(input), ...progressOf(task) });
            return { applianceId: id, plan };
          } catch (err) {
            return { applianceId: id, error: failureInfo(err, 'plan') };
          }
        }),
      );
    },
    push(input, task = {}) {
      // A schema that names nothing is the user's to fix once, not a failure on every appliance after logging in.
      checkNameSchema(input.options.nameSchema ?? DEFAULT_NAME_SCHEMA);
      const bundle = deps.bundles.get(input.bundleId);
      const targets = input.appliances.map((ref) => resolve(ref).target);
      // Cancel (the task's signal) interrupts: no further appliance starts, the ones in progress undo and log out.
      // Once it has run, whatever the outcome, its private key is dropped: pushing again means loading the files again.
      return deps.tasks.run(task, (signal) =>
        pushToFleet(targets, bundle, input.options, {
          getPassword,
          signal,
          history: deps.history,
          ...client(input),
          ...(input.concurrency !== undefined ? { concurrency: input.concurrency } : {}),
          ...progressOf(task),
        }).finally(() => deps.bundles.end(input.bundleId, 'pushed')),
      );
    },
    inventory: (input) => readInventory(resolve(input.appliance).target.profile, { getPassword, history: deps.history, ...client(input) }),
    remove: (input, task) =>
      removeCertificates(resolve(input.appliance).target.profile, input.options, {
        getPassword,
        history: deps.history,
        dryRun: input.dryRun,
        ...(input.approved ? { approved: input.approved } : {}),
        ...client(input),
        ...progressOf(task),
      }),
    async expiry(input = {}) {
      const refs = input.appliances ?? (await deps.appliances.list()).map(({ profile }): ApplianceRef => ({ profileId: profile.id }));
      const targets = refs.map((ref): ExpiryTarget => {
        try {
          const { id, target } = resolve(ref);
          return { applianceId: id, name: applianceLabel(ApplianceProfile.parse(target.profile)), profile: target.profile };
        } catch (err) {
          const id = 'profileId' in ref ? ref.profileId : String(ref.profile.host);
          return { applianceId: id, name: id, error: failureInfo(err, 'read the appliance profile') };
        }
      });
      const covered = new Map((await (deps.syncCoverage?.() ?? [])).map((c) => [`${c.applianceId}\n${c.certkey}`, c.syncName]));
      const coveredBy: SyncCoverage = ({ applianceId, certkey }) => covered.get(`${applianceId}\n${certkey}`);
      return readFleetExpiry(targets, input.within ?? DEFAULT_EXPIRY_WINDOW_DAYS, {
        getPassword,
        history: deps.history,
        coveredBy,
        ...client(input),
      });
    },
    history: (input) => deps.history.listPushes({ limit: input?.limit ?? 50 }),
    verify: ({ appliance, timeoutMs, vservers, serverName, expectedFingerprint256 }) =>
      checkServedCertificates(
        resolve(appliance).target.profile,
        { vservers, serverName, ...(expectedFingerprint256 !== undefined ? { expectedFingerprint256 } : {}) },
        { getPassword, ...client({ timeoutMs }) },
      ),
    exportAnsible,
    async saveAnsibleExport({ folder, ...input }, task) {
      await checkExportFolder(folder);
      const { files, plans } = await exportAnsible(input, task);
      const failures = plans.flatMap((p) => ('error' in p ? [{ applianceId: p.applianceId, error: p.error }] : []));
      const appliances = plans.flatMap((p) => ('plan' in p ? [p.plan.appliance] : []));
      if (appliances.length === 0) return { saved: false, files: [], appliances, failures };
      await writeExportFolder(folder, files);
      return { saved: true, files: files.map((f) => f.name), appliances, failures };
    },
  };

  async function exportAnsible(input: AnsibleExportInput, task?: TaskControl): Promise<{ files: ExportFile[]; plans: PlanOutcome[] }> {
    checkNameSchema(input.options.nameSchema ?? DEFAULT_NAME_SCHEMA);
    const bundle = deps.bundles.get(input.bundleId);
    type Planned = { id: string; raw: AnsibleTarget } | { id: string; error: FailureInfo };
    const planned = await Promise.all(
      input.appliances.map(resolve).map(async ({ id, target }): Promise<Planned> => {
        try {
          return { id, raw: await planPushCalls(target, bundle, input.options, { getPassword, ...client(input), ...progressOf(task) }) };
        } catch (err) {
          return { id, error: failureInfo(err, 'plan') };
        }
      }),
    );
    const targets = planned.flatMap((p) => ('raw' in p ? [p.raw] : []));
    const plans = planned.map((p): PlanOutcome =>
      'raw' in p ? { applianceId: p.id, plan: toPlanView(p.raw.plan) } : { applianceId: p.id, error: p.error },
    );
    return { files: targets.length > 0 ? buildAnsibleExport(targets) : [], plans };
  }
}

function resolveBundleFiles(grants: FileGrants, refs: BundleFileRefs): BundleFiles {
  if ('pfx' in refs) return { pfx: grants.resolve(refs.pfx, 'pfx') };
  return {
    cert: grants.resolve(refs.cert, 'cert'),
    key: grants.resolve(refs.key, 'key'),
    ...(refs.chain ? { chain: grants.resolve(refs.chain, 'chain') } : {}),
  };
}
