import type { ChannelName } from '../../../shared/ipc-channels.ts';

/**
 * Which cached answers a successful call makes stale: the one place that
 * knows, for example, that saving a proxy profile changes the profile list.
 */
export const INVALIDATES: Partial<Record<ChannelName, ChannelName[]>> = {
  secretSave: ['secretStatus', 'proxyProfilesList', 'applianceProfilesList'],
  secretDelete: ['secretStatus', 'proxyProfilesList', 'applianceProfilesList'],
  proxyProfileSave: ['proxyProfilesList'],
  proxyProfileDelete: ['proxyProfilesList'],
  applianceProfileSave: ['applianceProfilesList'],
  applianceProfileDelete: ['applianceProfilesList'],
  diagnosticsRun: ['diagnosticsHistory'],
  diagnosticsRerunEndpoint: ['diagnosticsHistory'],
  certPush: ['certHistory', 'certInventory', 'certExpiry'],
  certRemove: ['certHistory', 'certInventory', 'certExpiry'],
  syncSave: ['syncsList'],
  syncDelete: ['syncsList'],
  syncRun: ['syncsList', 'certHistory', 'certInventory', 'certExpiry'],
  allowlistFetch: ['allowlistVersions', 'allowlistDocument', 'allowlistExportPreview'],
  notifyChannelSave: ['notifyChannelsList', 'notifyOutbox'],
  notifyChannelRemove: ['notifyChannelsList', 'notifyOutbox'],
  notifyChannelTest: ['notifyOutbox'],
  cloudConnectRefresh: ['cloudConnectStatus', 'cloudConnectEvents', 'diagnosticsHistory', 'notifyOutbox'],
  settingsUpdate: ['settingsGet', 'cloudConnectStatus'],
  // A site's details, a recorded action or a fresh onboarding can move its Cloud Connect state.
  siteSave: ['sitesList', 'cloudConnectStatus', 'cloudConnectEvents'],
  siteDelete: ['sitesList', 'cloudConnectStatus', 'cloudConnectEvents'],
  siteSetActive: ['sitesList'],
  siteChooseWorkflow: ['sitesList'],
  siteTick: ['sitesList'],
  siteRecordAction: ['sitesList', 'cloudConnectStatus', 'cloudConnectEvents'],
  siteRestartOnboarding: ['sitesList', 'cloudConnectStatus', 'cloudConnectEvents'],
  // The bundle's own log line; and a bundle saved is worth a fresh look at what goes in.
  supportBundleSave: ['supportPreview'],
  packImport: [
    'packChoices',
    'sitesList',
    'proxyProfilesList',
    'applianceProfilesList',
    'syncsList',
    'notifyChannelsList',
    'allowlistVersions',
  ],
};
