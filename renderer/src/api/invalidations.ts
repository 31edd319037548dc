import type { ChannelName } from '../../../shared/ipc-channels.ts';

/**
 * Which cached answers a successful call makes stale: the one place that
 * knows, for example, that saving a proxy profile changes the profile list.
 */
export const INVALIDATES: Partial<Record<ChannelName, ChannelName[]>> = {
  settingsUpdate: ['settingsGet'],
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
  packImport: ['packChoices', 'proxyProfilesList', 'applianceProfilesList', 'syncsList', 'notifyChannelsList', 'allowlistVersions'],
};
