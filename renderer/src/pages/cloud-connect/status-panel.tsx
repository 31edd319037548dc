import { Text } from '@mantine/core';

/** The status of every site and the event log (System Events). */
export function StatusPanel() {
  return <Text c="dimmed">The status monitor is being built.</Text>;
}
