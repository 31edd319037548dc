import { FieldkitError } from '../../../shared/fieldkit-error.ts';
import { ALLOWLIST_PREVIEW_LINES } from '../../../shared/ipc-contract.ts';
import { OPENED_SITE_PACKS_MAX } from '../../../shared/site-pack-file.ts';
import type { FileDialogOptions } from '../../../shared/schemas/files.ts';
import type { SavedProxyProfile } from '../../../shared/schemas/profiles.ts';
import type { Engine } from '../engine.ts';
import type { Handlers } from './dispatch.ts';

/**
 * What only the desktop shell can do (native dialogs); absent in the CLI. The
 * dialog answers the path the user chose, which the engine turns into a token
 * for the window: the path itself never reaches the window.
 */
export interface ShellHooks {
  openFileDialog?(opts: FileDialogOptions): Promise<string | undefined>;
  /** The save dialog for an export folder: the path of the folder to create, undefined when cancelled. */
  chooseExportFolder?(opts: { title: string; defaultName: string }): Promise<string | undefined>;
  /** The save dialog for one file: the path to write, undefined when cancelled. */
  chooseSaveFile?(opts: { title: string; defaultName: string }): Promise<string | undefined>;
  /** Up to `max` paths of site packs the operating system asked the app to open, each once (electron/main/opened-site-packs.ts). */
  takeOpenedSitePacks?(max: number): string[];
}

/**
 * The contract bound to the engine: the dispatcher has already validated the
 * input, each channel calls one engine method, and the dispatcher checks what
 * it returns. Long work reports through the one taskProgress event.
 */
export function createHandlers(engine: Engine, shell: ShellHooks = {}): Handlers {
  const { diagnostics, certificates, profiles, allowlist, sites } = engine;
  return {
    appInfo: () => engine.info(),
    vaultStatus: () => engine.secrets.vaultStatus,
    secretStatus: ({ ref }) => engine.secrets.status(ref),
    secretSave: ({ ref, value }) => engine.secrets.save(ref, value),
    secretDelete: ({ ref }) => engine.secrets.delete(ref),
    settingsGet: () => engine.settings.get(),
    settingsUpdate: ({ patch }) => engine.settings.update(patch),
    storageNotices: () => engine.settings.notices,
    taskCancel: ({ taskId }) => ({ ok: engine.cancelTask(taskId) }),
    openFileDialog: async (opts) => {
      if (!shell.openFileDialog) throw new FieldkitError('NOT_AVAILABLE_HERE', 'A file picker is only available in the desktop app.');
      const path = await shell.openFileDialog(opts);
      return path === undefined ? {} : { file: engine.grantFile(path) };
    },
    // Only the preload sends this, with the path Electron gave it for a dropped File (shared/ipc-channels.ts).
    grantDroppedFile: ({ path }) => engine.grantFile(path),
    openedSitePacks: () => ({ files: (shell.takeOpenedSitePacks?.(OPENED_SITE_PACKS_MAX) ?? []).map((p) => engine.grantFile(p)) }),

    proxyProfilesList: () => profiles.proxies.list(),
    // The schema's refinement guarantees the id a saved profile needs.
    proxyProfileSave: ({ profile, password }) => profiles.proxies.save(profile as SavedProxyProfile, password),
    proxyProfileDelete: ({ id }) => profiles.proxies.remove(id),
    proxyTest: (input) => diagnostics.testProxy(input),
    caFileRead: ({ file }) => engine.readCaCertificates(file),
    diagnosticsRun: ({ taskId, proxyProfileId, ...input }, ctx) =>
      diagnostics.run(
        { ...input, ...(proxyProfileId ? { proxy: { profileId: proxyProfileId } } : {}) },
        { taskId, onProgress: (p) => ctx.emit('taskProgress', p) },
      ),
    diagnosticsRerunEndpoint: ({ taskId, ...input }, ctx) =>
      diagnostics.rerunEndpoint(input, { taskId, onProgress: (p) => ctx.emit('taskProgress', p) }),
    diagnosticsHistory: (input) => diagnostics.history(input),
    diagnosticsGet: ({ runId }) => diagnostics.get(runId),
    diagnosticsCompare: (input) => diagnostics.compare(input),
    diagnosticsExport: (input) => diagnostics.export(input),

    applianceProfilesList: () => profiles.appliances.list(),
    applianceProfileSave: ({ profile, password }) => profiles.appliances.save(profile, password),
    applianceProfileDelete: ({ id }) => profiles.appliances.remove(id),
    applianceFetchCertificate: (input) => certificates.fetchPresentedCertificate(input),
    applianceTestConnection: (input) => certificates.testConnection(input),
    bundleLoad: (input) => certificates.loadBundle(input),
    certVerify: ({ applianceId, ...input }) => certificates.verify({ appliance: { profileId: applianceId }, ...input }),
    certPlan: ({ bundleId, applianceIds, options }) =>
      certificates.plan({ bundleId, appliances: applianceIds.map((profileId) => ({ profileId })), options }),
    certExportAnsible: async ({ bundleId, applianceIds, options }) => {
      if (!shell.chooseExportFolder)
        throw new FieldkitError('NOT_AVAILABLE_HERE', 'Saving an export is only available in the desktop app.');
      const folder = await shell.chooseExportFolder({ title: 'Export as Ansible playbook', defaultName: 'fieldkit-ansible' });
      if (folder === undefined) return { saved: false, files: [], appliances: [], failures: [] };
      return certificates.saveAnsibleExport({ bundleId, appliances: applianceIds.map((profileId) => ({ profileId })), options, folder });
    },
    certPush: ({ taskId, bundleId, applianceIds, options }, ctx) =>
      certificates.push(
        { bundleId, appliances: applianceIds.map((profileId) => ({ profileId })), options },
        { taskId, onProgress: (p) => ctx.emit('taskProgress', p) },
      ),
    certInventory: ({ applianceId }) => certificates.inventory({ appliance: { profileId: applianceId } }),
    certRemove: ({ applianceId, options, dryRun, approved }) =>
      certificates.remove({ appliance: { profileId: applianceId }, options, dryRun, approved }),
    certHistory: (input) => certificates.history(input),
    certExpiry: (input) =>
      certificates.expiry({ within: input?.within, appliances: input?.applianceIds?.map((profileId) => ({ profileId })) }),

    syncsList: () => engine.syncs.list(),
    syncSave: (input) => engine.syncs.save(input),
    syncDelete: ({ id }) => engine.syncs.remove({ sync: id }),
    syncRun: ({ taskId, id, force }, ctx) =>
      engine.syncs.run({ sync: id, force }, { taskId, onProgress: (p) => ctx.emit('taskProgress', p) }),

    allowlistVersions: () => allowlist.versions(),
    allowlistFetch: ({ taskId, proxyProfileId, ...input }, ctx) =>
      allowlist.fetch(
        { ...input, ...(proxyProfileId ? { proxy: { profileId: proxyProfileId } } : {}) },
        { taskId, onProgress: (p) => ctx.emit('taskProgress', p) },
      ),
    allowlistDocument: (input) => allowlist.document({ versionId: input?.versionId }),
    allowlistDiff: (input) => allowlist.diff(input),
    allowlistExportPreview: ({ pacProxy, ...input }) => allowlist.preview({ ...input, proxy: pacProxy, maxLines: ALLOWLIST_PREVIEW_LINES }),
    allowlistExportSave: async ({ pacProxy, ...input }) => {
      if (!shell.chooseSaveFile) throw new FieldkitError('NOT_AVAILABLE_HERE', 'Saving an export is only available in the desktop app.');
      const { fileName } = allowlist.export({ ...input, proxy: pacProxy });
      const path = await shell.chooseSaveFile({ title: 'Save the allowlist export', defaultName: fileName });
      if (path === undefined) return { saved: false };
      return { saved: true, ...(await allowlist.saveExport({ ...input, proxy: pacProxy, path })) };
    },

    notifyChannelsList: () => engine.notifications.channels(),
    notifyChannelSave: (input) => engine.notifications.save(input),
    notifyChannelRemove: ({ id }) => engine.notifications.remove(id),
    notifyChannelTest: ({ id }) => engine.notifications.test(id),
    notifyOutbox: (input) => engine.notifications.outbox(input ?? {}),
    cloudConnectStatus: (input) => engine.cloudConnect.status({ site: input?.siteId }),
    cloudConnectRefresh: ({ taskId, siteId }, ctx) =>
      engine.cloudConnect.refresh({ site: siteId }, { taskId, onProgress: (p) => ctx.emit('taskProgress', p) }),
    cloudConnectEvents: (input) => engine.cloudConnect.events(input),
    sitesList: async () => {
      const [list, active] = await Promise.all([sites.list(), sites.active()]);
      return { sites: list, ...(active ? { activeSiteId: active.id } : {}) };
    },
    siteSave: (details) => sites.save(details),
    siteDelete: ({ siteId }) => sites.remove(siteId),
    siteSetActive: ({ siteId }) => sites.setActive(siteId),
    siteChooseWorkflow: ({ siteId, workflow }) => sites.chooseWorkflow(siteId, workflow),
    siteTick: ({ siteId, ...item }) => sites.tick(siteId, item),
    siteRecordAction: ({ siteId, ...action }) => sites.recordAction(siteId, action),
    siteRestartOnboarding: ({ siteId }) => sites.restartOnboarding(siteId),

    supportPreview: () => engine.support.preview(),
    supportBundleSave: async () => {
      if (!shell.chooseSaveFile)
        throw new FieldkitError('NOT_AVAILABLE_HERE', 'Saving a support bundle is only available in the desktop app.');
      const path = await shell.chooseSaveFile({ title: 'Save the support bundle', defaultName: engine.support.defaultFileName() });
      if (path === undefined) return { saved: false };
      return { saved: true, bundle: await engine.support.createBundle({ path }) };
    },
    logLevelGet: () => engine.support.logLevel(),
    logLevelSet: ({ level }) => engine.support.setLogLevel(level),

    packChoices: () => engine.packs.choices(),
    packExportSave: async (input) => {
      if (!shell.chooseSaveFile) throw new FieldkitError('NOT_AVAILABLE_HERE', 'Saving a site pack is only available in the desktop app.');
      const path = await shell.chooseSaveFile({ title: 'Save the site pack', defaultName: engine.packs.suggestedFileName(input.siteIds) });
      if (path === undefined) return { saved: false };
      return { saved: true, result: await engine.packs.export({ ...input, path }) };
    },
    packInspect: ({ file, passphrase }) => engine.packs.inspect(file, passphrase),
    packPreviewImport: ({ file, passphrase }) => engine.packs.previewImport(file, passphrase),
    packImport: ({ file, passphrase, resolutions }) => engine.packs.import(file, { passphrase, resolutions }),
  };
}
