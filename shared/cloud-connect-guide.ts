import catalogData from '../resources/endpoint-catalog.json' with { type: 'json' };
import { BUILD_FEATURE_ROWS, PROXY_CA_UPLOAD_FROM_BUILD } from './cloud-connect-builds.ts';
import { REGIONS } from './regions.ts';
import type { Region } from './schemas/endpoint-catalog.ts';

/**
 * What an admin needs at hand while setting up NetScaler Console Cloud
 * Connect, in one place: which onboarding workflow applies, what each status
 * means, which build brings which feature, and what to try when it fails.
 */

export interface Workflow {
  id: 1 | 2 | 3;
  title: string;
  /** Which situation it is for. */
  when: { hasCloudAccount: boolean; hasConsoleTenant: boolean };
  steps: string[];
}

const CONNECT_STEPS = [
  'In NetScaler Console on-prem, select the Cloud icon, then Get Started.',
  'Select Connect to NetScaler Console service (allow pop-ups for the Console GUI host first).',
  'Sign in to your Citrix Cloud account and select the account name.',
  'Wait for "Login Successful": Cloud Connect then shows Connected.',
  'Optionally enable integrations such as ServiceNow from the Cloud Connect configuration page.',
];

const CREATE_TENANT_STEPS = [
  'Sign in to Citrix Cloud and open the NetScaler Console service tile.',
  'Choose the region that suits the business and confirm.',
  'Choose a role and finish the tenant setup.',
];

export const WORKFLOWS: Workflow[] = [
  {
    id: 1,
    title: 'Workflow 1: no Citrix Cloud account, no Console service tenant',
    when: { hasCloudAccount: false, hasConsoleTenant: false },
    steps: ['Create a Citrix Cloud account.', ...CREATE_TENANT_STEPS, ...CONNECT_STEPS],
  },
  {
    id: 2,
    title: 'Workflow 2: Citrix Cloud account, no Console service tenant',
    when: { hasCloudAccount: true, hasConsoleTenant: false },
    steps: [...CREATE_TENANT_STEPS, ...CONNECT_STEPS],
  },
  {
    id: 3,
    title: 'Workflow 3: Citrix Cloud account and Console service tenant',
    when: { hasCloudAccount: true, hasConsoleTenant: true },
    steps: CONNECT_STEPS,
  },
];

export function workflowFor(hasCloudAccount: boolean, hasConsoleTenant: boolean): Workflow {
  // A tenant cannot exist without an account: "no account" always means workflow 1.
  if (!hasCloudAccount) return WORKFLOWS[0]!;
  return hasConsoleTenant ? WORKFLOWS[2]! : WORKFLOWS[1]!;
}

export interface RegionSetup {
  region: Region;
  label: string;
  /** Commands to run on the Console on-prem shell before connecting, if the region needs them. */
  consoleCommands?: string[];
  note?: string;
}

/** Each region with what Console needs before it connects there; ids, labels, order and commands come from the endpoint catalog. */
export const REGION_SETUP: RegionSetup[] = REGIONS.map((r) => ({
  region: r.id,
  label: r.label,
  ...(r.consoleCommands
    ? {
        consoleCommands: [...r.consoleCommands],
        note: 'The command restarts the NetScaler Console processes: plan a short interruption.',
      }
    : {}),
}));

/** The ports Cloud Connect needs, from the endpoint catalog. */
export const PORTS = catalogData.ports.map(({ port, from, to }) => ({ port, from, to }));

export const STATUSES = [
  {
    status: 'Connected',
    color: 'green',
    meaning: 'The connection is healthy.',
    action: 'Nothing to do. Status refreshes by itself every six hours.',
  },
  {
    status: 'Pending',
    color: 'blue',
    meaning: 'Cloud Connect is being established.',
    action: 'Wait, then use Refresh Cloud Connect Status.',
  },
  {
    status: 'Disconnected',
    color: 'gray',
    meaning: 'Someone disconnected Cloud Connect on purpose; the features it enables stop working.',
    action: 'Connect again from the Cloud Connect page if the features are needed.',
  },
  {
    status: 'Error',
    color: 'red',
    meaning: 'A problem was detected with the connection.',
    action:
      'Run Check Connectivity (here, in Diagnostics, or in Console with the CCID), fix what fails, run it again, then Refresh Cloud Connect Status.',
  },
] as const;

export const STATUS_FACTS = [
  'Console refreshes the status every six hours; Refresh Cloud Connect Status checks the required URLs at once.',
  'Console notifies on a change from Connected to Disconnected or Error, and back; while Disconnected or Error it notifies again every six hours.',
  'Notifications go through the event framework (category CloudConnectStatus): Slack, PagerDuty or ServiceNow; status events are under Settings > System Events.',
];

/** The guide's table, from the one copy of the documentation's rows (cloud-connect-builds.ts). */
export const BUILD_FEATURES = BUILD_FEATURE_ROWS.map((r) => ({
  builds: r.label,
  features: r.features,
  action: r.action,
  dataCollection: r.dataCollection,
  proxyCaUpload: r.from >= PROXY_CA_UPLOAD_FROM_BUILD,
}));

/**
 * The documentation's troubleshooting entries and its two error messages, each
 * with an id: Check Connectivity links its failures to them by id
 * (shared/diagnostics-failures.ts), so the guide, the Diagnostics page, the
 * CLI and the JSON run all point at the same entry.
 */
export const TROUBLESHOOTING = [
  {
    id: 'popup-blocked',
    problem: 'Pop-up blocked during sign-in (the sign-in window never appears)',
    fix: 'Allow pop-ups in the browser for the Console GUI host, then start onboarding again. The browser must also reach the Citrix Cloud sign-in hosts of your region.',
  },
  {
    id: 'endpoints-blocked',
    problem: 'Endpoints are blocked',
    fix: 'Allow the Trust service, Console service and Citrix Cloud sign-in hosts of your region on the firewall or proxy. Run a check in Diagnostics to see which one.',
  },
  {
    id: 'ssl-certificate-verification-failed',
    problem: '"SSL certificate verification failed"',
    fix: 'An SSL-intercepting proxy is in the path and its CA is not uploaded to Console (14.1-66.x and later support it). Diagnostics names the intercepting CA and lets you save it as PEM.',
  },
  {
    id: 'required-service-url-not-reachable',
    problem: '"Required service URL not reachable"',
    fix: 'The proxy settings do not work, or the URL is not allowed on the network. Diagnostics shows whether DNS, the proxy or the destination refused.',
  },
  {
    id: 'las-grace-period',
    problem: 'Licensing (LAS) grace-period warnings',
    fix: 'Console must reach Citrix Cloud, directly or through the proxy, for the entitlement to renew; repeated failures start the grace period.',
  },
] as const;

export type TroubleshootingId = (typeof TROUBLESHOOTING)[number]['id'];
export const TROUBLESHOOTING_IDS = TROUBLESHOOTING.map((t) => t.id) as [TroubleshootingId, ...TroubleshootingId[]];

export function troubleshootingEntry(id: TroubleshootingId): (typeof TROUBLESHOOTING)[number] {
  return TROUBLESHOOTING.find((t) => t.id === id)!;
}
