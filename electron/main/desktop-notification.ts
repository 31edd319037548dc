import { Notification } from 'electron';
import type { StatusNotification } from '../../shared/schemas/cloud-connect-status.ts';

/**
 * The desktop channel in the app: a system notification. Where the system
 * has none (a Linux session without a notification daemon) it is not shown,
 * and the outbox still records it as delivered, as there is nothing to retry.
 */
export function showDesktopNotification(n: StatusNotification): void {
  if (!Notification.isSupported()) return;
  const body = n.failures.length ? `${n.summary}\n${n.failures.map((f) => `${f.host}: ${f.failure}`).join('\n')}` : n.summary;
  new Notification({
    title:
      n.kind === 'recovery'
        ? `Cloud Connect Connected: ${n.siteName}`
        : n.kind === 'test'
          ? 'Fieldkit test notification'
          : `Cloud Connect: ${n.siteName}`,
    body,
    urgency: n.kind === 'problem' ? 'critical' : 'normal',
  }).show();
}
