import { Text } from '@mantine/core';

/** Notification channels for Cloud Connect status (the CloudConnectStatus category). */
export function NotificationsPanel() {
  return <Text c="dimmed">Notification channels are being built.</Text>;
}
