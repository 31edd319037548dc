import type { ApplianceProfile } from '../../../shared/schemas/certificates.ts';
import { pushToFleet } from '../certificates/fleet-push.ts';
import { planPushToAppliance, type PushTarget } from '../certificates/appliance-push.ts';
import { readInventory } from '../certificates/certificate-inventory.ts';
import { removeCertificates } from '../certificates/certificate-removal.ts';
import type { Engine } from '../engine.ts';
import { fetchPresentedCertificate } from '../nitro/appliance-trust.ts';
import { testApplianceConnection } from '../nitro/connection-test.ts';
import { FieldkitError } from '../../../shared/fieldkit-error.ts';
import type { Handlers } from './dispatch.ts';
import { profileWithPassword } from './profile-with-password.ts';

type CertificateHandlers = Pick<
  Handlers,
  | 'applianceProfilesList'
  | 'applianceProfileSave'
  | 'applianceProfileDelete'
  | 'applianceFetchCertificate'
  | 'applianceTestConnection'
  | 'bundleLoad'
  | 'certPlan'
  | 'certPush'
  | 'certInventory'
  | 'certRemove'
  | 'certHistory'
>;

/** Certificate pushes over IPC: the window names profiles and bundles by id; passwords and keys stay in the engine. */
export function createCertificateHandlers(engine: Engine): CertificateHandlers {
  const appliances = profileWithPassword<ApplianceProfile>(engine, 'appliance-password', {
    list: () => engine.profiles.appliances(),
    save: (p) => engine.profiles.saveAppliance(p),
    remove: (id) => engine.profiles.delete('appliances', id),
  });
  const getPassword = appliances.password;

  function target(profile: ApplianceProfile): PushTarget {
    const peer = profile.peerProfileId ? engine.profiles.appliances().find((a) => a.id === profile.peerProfileId) : undefined;
    return peer ? { profile, peer } : { profile };
  }

  return {
    applianceProfilesList: () => appliances.list(),
    applianceProfileSave: ({ profile, password }) => appliances.save(profile, password),
    applianceProfileDelete: ({ id }) => appliances.remove(id),
    applianceFetchCertificate: ({ host, port }) => fetchPresentedCertificate(host, port),
    applianceTestConnection: ({ applianceId }) => testApplianceConnection(engine.profiles.appliance(applianceId), getPassword),
    bundleLoad: ({ files, passphrase }) => engine.bundles.load(files, passphrase),
    certPlan: async ({ bundleId, applianceIds, options }) => {
      const bundle = engine.bundles.get(bundleId);
      return Promise.all(
        applianceIds.map(async (applianceId) => {
          try {
            const plan = await planPushToAppliance(target(engine.profiles.appliance(applianceId)), bundle, options, { getPassword });
            return { applianceId, plan };
          } catch (err) {
            const e = err instanceof FieldkitError ? err : new FieldkitError('INTERNAL', 'Planning failed unexpectedly.');
            return {
              applianceId,
              error: { code: e.code, message: engine.redactor.redact(e.message), ...(e.hint ? { hint: e.hint } : {}) },
            };
          }
        }),
      );
    },
    certPush: async ({ taskId, bundleId, applianceIds, options }, ctx) => {
      const bundle = engine.bundles.get(bundleId);
      const targets = applianceIds.map((id) => target(engine.profiles.appliance(id)));
      // A push is not cut short by cancel once it has started changing an appliance: it finishes or rolls back.
      return engine.tasks.run(taskId, () =>
        pushToFleet(targets, bundle, options, {
          getPassword,
          history: engine.pushHistory,
          onProgress: (event) => ctx.emit('taskProgress', { taskId, kind: 'certificates', event }),
        }),
      );
    },
    certInventory: ({ applianceId }) => readInventory(engine.profiles.appliance(applianceId), { getPassword, history: engine.pushHistory }),
    certRemove: ({ applianceId, options, dryRun }) =>
      removeCertificates(engine.profiles.appliance(applianceId), options, { getPassword, history: engine.pushHistory, dryRun }),
    certHistory: (input) => engine.pushHistory.listPushes({ limit: input?.limit ?? 50 }),
  };
}
