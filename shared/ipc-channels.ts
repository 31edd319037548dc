/**
 * The names of every IPC channel and event. Kept apart from the schemas so the
 * preload (a sandboxed, fully bundled script) can expose them without carrying
 * the schema library; ipc-contract.ts must give a schema for each name.
 */
export const CHANNEL_NAMES = [
  'appInfo',
  'vaultStatus',
  'secretStatus',
  'secretSave',
  'secretDelete',
  'settingsGet',
  'settingsUpdate',
  'storageNotices',
  'openFileDialog',
  'grantDroppedFile',
  'openedSitePacks',
  'taskCancel',
  // Connectivity diagnostics
  'proxyProfilesList',
  'proxyProfileSave',
  'proxyProfileDelete',
  'proxyTest',
  'caFileRead',
  'diagnosticsRun',
  'diagnosticsRerunEndpoint',
  'diagnosticsHistory',
  'diagnosticsGet',
  'diagnosticsCompare',
  'diagnosticsExport',
  // Certificates
  'applianceProfilesList',
  'applianceProfileSave',
  'applianceProfileDelete',
  'applianceFetchCertificate',
  'applianceTestConnection',
  'bundleLoad',
  'certPlan',
  'certExportAnsible',
  'certPush',
  'certInventory',
  'certRemove',
  'certHistory',
  'certExpiry',
  'certVerify',
  // Saved syncs
  'syncsList',
  'syncSave',
  'syncDelete',
  'syncRun',
  // Connectivity allowlist
  'allowlistVersions',
  'allowlistFetch',
  'allowlistDocument',
  'allowlistDiff',
  'allowlistExportPreview',
  'allowlistExportSave',
  // Cloud Connect status notifications
  'notifyChannelsList',
  'notifyChannelSave',
  'notifyChannelRemove',
  'notifyChannelTest',
  'notifyOutbox',
  // Cloud Connect status monitor
  'cloudConnectStatus',
  'cloudConnectRefresh',
  'cloudConnectEvents',
  // Cloud Connect sites and their onboarding
  'sitesList',
  'siteSave',
  'siteDelete',
  'siteSetActive',
  'siteChooseWorkflow',
  'siteTick',
  'siteRecordAction',
  'siteRestartOnboarding',
  // Support bundles and logs
  'supportPreview',
  'supportBundleSave',
  'logLevelGet',
  'logLevelSet',
  // Site packs
  'packChoices',
  'packExportSave',
  'packInspect',
  'packPreviewImport',
  'packImport',
] as const;

/**
 * Channels the preload calls itself, never as the page asks: the page hands
 * the preload a dropped File, the preload asks Electron where that file is and
 * sends the path. The page has no way to send a path of its own choosing.
 */
export const PRELOAD_ONLY_CHANNELS = { grantDroppedFile: 'grantDroppedFile' } as const;

export const EVENT_NAMES = ['taskProgress', 'sitePacksOpened'] as const;

export type ChannelName = (typeof CHANNEL_NAMES)[number];
export type EventName = (typeof EVENT_NAMES)[number];

export const IPC_INVOKE_PREFIX = 'fieldkit:invoke:';
export const IPC_EVENT_PREFIX = 'fieldkit:event:';
