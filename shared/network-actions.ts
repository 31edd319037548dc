/**
 * The actions that need a network, and the words for when there is none.
 *
 * Everything else Fieldkit does works with no network at all (WORKS_OFFLINE):
 * a field engineer prepares a visit at a desk that is not on the customer's
 * network. The window marks each of these actions where its button is, and a
 * failure for lack of network says so in these words, after the real failure.
 */

/** What an action needs: the internet path of the customer's network (Citrix Cloud, a webhook), or an appliance on it. */
export type NetworkNeed = 'customer-network' | 'appliance';

export interface NetworkAction {
  /** The action as the window and the CLI name it. */
  label: string;
  need: NetworkNeed;
  /** What it reaches, in an admin's words. */
  reaches: string;
}

export const NETWORK_ACTIONS = {
  checkConnectivity: {
    label: 'Check Connectivity',
    need: 'customer-network',
    reaches: 'the Citrix Cloud endpoints Cloud Connect needs, directly or through the site proxy',
  },
  refreshCloudConnectStatus: {
    label: 'Refresh Cloud Connect Status',
    need: 'customer-network',
    reaches: 'the Citrix Cloud endpoints of each site, directly or through its proxy',
  },
  proxyTest: {
    label: 'Test proxy',
    need: 'customer-network',
    reaches: "the site proxy and, through it, Citrix Cloud's trust service",
  },
  allowlistFetch: {
    label: 'Fetch the allowlist',
    need: 'customer-network',
    reaches: 'the Citrix Cloud Connectivity AllowList API',
  },
  notificationSendTest: {
    label: 'Send test',
    need: 'customer-network',
    reaches: "the channel's service (Slack, Teams, PagerDuty, ServiceNow or the webhook)",
  },
  certificatePlan: {
    label: 'Plan',
    need: 'appliance',
    reaches: "the appliance's NITRO API, to read what it already has",
  },
  certificatePush: {
    label: 'Push',
    need: 'appliance',
    reaches: "the appliances' NITRO API",
  },
  certificateInventory: {
    label: 'Read inventory',
    need: 'appliance',
    reaches: "the appliance's NITRO API",
  },
  certificateExpiry: {
    label: 'Read all appliances',
    need: 'appliance',
    reaches: "the saved appliances' NITRO API",
  },
  certificateVerify: {
    label: 'Check (what clients see)',
    need: 'appliance',
    reaches: "the appliance's NITRO API and the vserver's address",
  },
  /** What a NITRO connection says when it fails: the client does not know which of the actions above opened it. */
  applianceAction: {
    label: 'Any action on an appliance (plan, push, inventory, expiry, verify, connection test)',
    need: 'appliance',
    reaches: "the appliance's NITRO API",
  },
  applianceFetchCertificate: {
    label: 'Fetch its certificate',
    need: 'appliance',
    reaches: "the appliance's management address, to read the certificate it presents",
  },
  certificateRemoval: {
    label: 'Removing old certificates (and showing what would be removed)',
    need: 'appliance',
    reaches: "the appliance's NITRO API, to read what it has and remove it",
  },
  ansibleExport: {
    label: 'Export as Ansible playbook',
    need: 'appliance',
    reaches: "the appliances' NITRO API, to plan the calls against what each one has",
  },
  syncRun: {
    label: 'Sync now',
    need: 'appliance',
    reaches: "the sync's appliances' NITRO API",
  },
  applianceTest: {
    label: 'Test connection',
    need: 'appliance',
    reaches: "the appliance's NITRO API",
  },
} as const satisfies Record<string, NetworkAction>;

export type NetworkActionId = keyof typeof NETWORK_ACTIONS;

/** The short mark beside a button. */
export const NETWORK_NEED_WORDS: Record<NetworkNeed, string> = {
  'customer-network': "Needs the customer's network",
  appliance: 'Needs the appliance',
};

/** What still works with no network: only what is true (the offline integration test runs each of these). */
export const WORKS_OFFLINE =
  'sites, proxy and appliance profiles, loading and validating certificate bundles, saving syncs, stored allowlist versions and their exports, the build feature advisor, the endpoint catalog, site packs and support bundles';

/** The tooltip beside a button: what the action reaches. */
export function networkNeedText(id: NetworkActionId): string {
  const action = NETWORK_ACTIONS[id];
  return `${NETWORK_NEED_WORDS[action.need]}: ${action.label} reaches ${action.reaches}.`;
}

/** How an attempt to reach the network failed when there is no network from here. */
export type NoNetworkKind = 'dns' | 'unknown-name' | 'route';

/**
 * getaddrinfo with no network answers EAI_AGAIN (Linux: the resolver is unreachable) or ENOTFOUND (Windows and
 * macOS, which a misspelt name also gets); with no route the connect fails at once. A refused connection or a timeout is an answer from the network,
 * not its absence, and is left to the action's own words.
 */
const NO_NETWORK_CODES: Record<string, NoNetworkKind> = {
  EAI_AGAIN: 'dns',
  EAI_FAIL: 'dns',
  ENOTFOUND: 'unknown-name',
  EAI_NONAME: 'unknown-name',
  ENETUNREACH: 'route',
  ENETDOWN: 'route',
  EHOSTUNREACH: 'route',
  EADDRNOTAVAIL: 'route',
};

export function noNetworkKind(code: string | undefined): NoNetworkKind | undefined {
  return code === undefined ? undefined : NO_NETWORK_CODES[code];
}

/**
 * The hint for an action that failed for lack of network. It comes after the real failure (which stays the
 * message), says what the action needs, and what can be done meanwhile.
 */
export function networkUnreachableHint(id: NetworkActionId, kind: NoNetworkKind): string {
  const action = NETWORK_ACTIONS[id];
  const why = {
    dns: 'The network is unreachable from here: no DNS server answered for the name.',
    // Offline Windows and macOS say "not found" too, as does a misspelt name on a working network: both are said.
    'unknown-name':
      'The name is not known from here: this computer is offline or not on that network (or its VPN), or the name is misspelt.',
    route: 'The network is unreachable from here: this computer has no route to that address.',
  }[kind];
  const where = action.need === 'appliance' ? "the appliance's network" : "the customer's network";
  return `${why} ${action.label} needs ${where} (it reaches ${action.reaches}): connect to it, or its VPN, and try again. Meanwhile everything else works offline: ${WORKS_OFFLINE}.`;
}
