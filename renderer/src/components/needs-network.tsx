import { Group, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { NETWORK_ACTIONS, NETWORK_NEED_WORDS, networkNeedText, type NetworkActionId } from '../../../shared/network-actions.ts';

/** A plug: drawn here, so the window loads no icon font or image from anywhere. */
function PlugIcon() {
  return (
    <svg width="14" height="14" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
      <path d="M9 2v6M15 2v6M6 8h12v4a6 6 0 0 1-12 0zM12 18v4" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

/**
 * The one mark beside a button whose action needs a network (shared/network-actions.ts): the short words, and
 * what it reaches on hover. Everything without this mark works offline. `compact` (rows of a table) shows the icon
 * alone; its words are still there for a screen reader.
 */
export function NeedsNetwork({ action, compact = false }: { action: NetworkActionId; compact?: boolean }) {
  const words = NETWORK_NEED_WORDS[NETWORK_ACTIONS[action].need];
  return (
    <Tooltip label={networkNeedText(action)} multiline maw={320} withArrow>
      <Group component="span" gap={4} wrap="nowrap" c="dimmed" data-testid={`needs-network-${action}`} data-needs-network={action}>
        <PlugIcon />
        {compact ? (
          <VisuallyHidden>{words}</VisuallyHidden>
        ) : (
          <Text component="span" size="xs">
            {words}
          </Text>
        )}
      </Group>
    </Tooltip>
  );
}
