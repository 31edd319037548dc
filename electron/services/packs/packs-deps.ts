import type { AllowlistStore } from '../allowlist/allowlist-store.ts';
import type { FileGrants } from '../files/file-grants.ts';
import type { SecretRedactor } from '../log/secret-redactor.ts';
import type { NotificationsStore } from '../notifications/notifications-store.ts';
import type { SitesStore } from '../sites/sites-store.ts';
import type { ProfilesStore } from '../storage/profiles-store.ts';
import type { Secrets } from '../vault/secrets.ts';

/** What site packs read and write: the stores themselves, so an import is checked whole and then written in one pass it can undo. */
export interface PacksDeps {
  dataFolder: string;
  appVersion: string;
  sites: SitesStore;
  profiles: ProfilesStore;
  notifications: NotificationsStore;
  allowlist: AllowlistStore;
  secrets: Secrets;
  redactor: SecretRedactor;
  files: FileGrants;
  now: () => Date;
}
