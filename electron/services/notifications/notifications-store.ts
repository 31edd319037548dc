import { join } from 'node:path';
import { NOTIFICATIONS_VERSION, NotificationsFile } from '../../../shared/schemas/notifications.ts';
import type { StorageNotice } from '../../../shared/schemas/settings.ts';
import { VersionedStore } from '../storage/versioned-store.ts';

/** notifications.json: the notification channels, with the guarantees of settings (atomic, versioned, kept aside when corrupt). */
export class NotificationsStore {
  private readonly store: VersionedStore<NotificationsFile>;

  private constructor(store: VersionedStore<NotificationsFile>) {
    this.store = store;
  }

  static async open(dataFolder: string): Promise<NotificationsStore> {
    return new NotificationsStore(
      await VersionedStore.open<NotificationsFile>({
        path: join(dataFolder, 'notifications.json'),
        currentVersion: NOTIFICATIONS_VERSION,
        schema: NotificationsFile,
        defaults: () => ({ version: NOTIFICATIONS_VERSION, channels: [] }),
        migrations: {},
        label: 'notification channels',
        codes: { corrupt: 'NOTIFICATIONS_CORRUPT', tooNew: 'NOTIFICATIONS_TOO_NEW' },
      }),
    );
  }

  get notices(): StorageNotice[] {
    return this.store.notices;
  }

  /** The channels as the file has them now: the app and `fieldkit notify` may both change it. */
  async current(): Promise<NotificationsFile> {
    await this.store.refresh();
    return this.store.value;
  }

  /** The channels as this process last read them, without looking at the file: for a caller inside a database transaction. */
  known(): NotificationsFile {
    return this.store.value;
  }

  update(change: (onDisk: NotificationsFile) => NotificationsFile): Promise<NotificationsFile> {
    return this.store.update(change);
  }
}
