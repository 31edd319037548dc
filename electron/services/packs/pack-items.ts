import type { ApplianceProfile } from '../../../shared/schemas/certificates.ts';
import type { NotificationChannel } from '../../../shared/schemas/notifications.ts';
import type { SavedProxyProfile } from '../../../shared/schemas/profiles.ts';
import type { SecretKind } from '../../../shared/schemas/secrets.ts';
import type { Site } from '../../../shared/schemas/sites.ts';

/** How an item is named to the user, and matched against this machine's: two items of one kind and one name are the same item. */
export const label = {
  site: (s: Site) => s.name,
  proxy: (p: SavedProxyProfile) => p.name ?? ('host' in p ? `${p.host}:${p.port}` : p.type),
  appliance: (a: ApplianceProfile) => a.name ?? `${a.host}:${a.port}`,
  sync: (s: { name: string }) => s.name,
  channel: (c: NotificationChannel) => c.name,
};

export const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** The keychain secrets each kind of item may have, under its id. */
export const SECRET_KINDS: Record<'proxy' | 'appliance' | 'sync' | 'channel', SecretKind[]> = {
  proxy: ['proxy-password'],
  appliance: ['appliance-password'],
  sync: ['pfx-passphrase'],
  channel: ['notification-secret', 'notification-signing-key'],
};
